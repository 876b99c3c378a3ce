package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenService;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.RekeyReport;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryAuditSink;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.AuditEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The administrator's token service: every token type found and revoked by its value, through the
 * same lookup as authentication, never revealing a value; digests moved to the current pepper where
 * the value can be recovered.
 */
class AdminTokenRulesTest {
  private final CountingTokenStore store = new CountingTokenStore(new InMemoryTokenStore());
  private final RulesFixture f = new RulesFixture(store);
  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final WvsAuth auth = instance(RulesFixture.keyring(), audit);

  private WvsAuth instance(DigestKeyring keyring, InMemoryAuditSink sink) {
    byte[] ciKey = new byte[32];
    Arrays.fill(ciKey, (byte) 9);
    return WvsAuth.builder().tokenStore(store).userDirectory(f.directory)
        .resourceDirectory(f.directory).botAccounts(f.directory).keyring(keyring)
        .clock(f.clock).auditSink(sink).ciSecretKey(ciKey).build();
  }

  private AuthResult api(String value) {
    return auth.authenticator().authenticate(AuthRequest.api(value, "GET"));
  }

  @Test
  void anAdministratorSeesAnyTokenByItsValueButNeverTheValue() {
    CreatedToken personal = auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("laptop", Scope.READ_API));
    CreatedToken deploy = auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("reader", Scope.READ_REPOSITORY));
    CreatedToken project = auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("bot", Scope.READ_API), Role.DEVELOPER);

    assertThat(auth.adminTokens().inspect(ROOT, personal.value())).contains(personal.token());
    assertThat(auth.adminTokens().inspect(ROOT, deploy.value())).contains(deploy.token());
    assertThat(auth.adminTokens().inspect(ROOT, project.value())).contains(project.token());
    assertThat(auth.adminTokens().inspect(ROOT, personal.value()).orElseThrow().toString())
        .doesNotContain(personal.value());
  }

  @Test
  void textThatCannotBeATokenIsRefusedWithoutAStoreCall() {
    CreatedToken personal = auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("laptop", Scope.READ_API));
    String brokenChecksum = personal.value().substring(0, personal.value().length() - 1)
        + (personal.value().endsWith("A") ? "B" : "A");
    store.reset();

    assertThat(auth.adminTokens().inspect(ROOT, brokenChecksum)).isEmpty();
    assertThat(auth.adminTokens().inspect(ROOT, "short")).isEmpty();
    assertThat(auth.adminTokens().inspect(ROOT, null)).isEmpty();
    assertThatThrownBy(() -> auth.adminTokens().revokeByValue(ROOT, brokenChecksum))
        .isInstanceOf(TokenNotFoundException.class)
        .hasMessage("no token has this value");
    assertThat(store.calls("findByDigest")).isZero();
  }

  @Test
  void onlyAnActiveAdministratorInspectsOrRevokesEveryToken() {
    CreatedToken personal = auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("laptop", Scope.READ_API));

    assertThatThrownBy(() -> auth.adminTokens().inspect(ALICE, personal.value()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> auth.adminTokens().revokeByValue(BOB, personal.value()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> auth.adminTokens().revokeById(BOB, personal.token().id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(api(personal.value())).isInstanceOf(AuthResult.Success.class);
  }

  @Test
  void revokingByValueRevokesAnyTokenTypeAtOnceAndIsAudited() {
    CreatedToken personal = auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("laptop", Scope.READ_API));
    CreatedToken deploy = auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("reader", Scope.READ_REPOSITORY));
    TokenView automation = auth.personalTokens().createWithValue(BOB,
        TokenSpec.of("Automation token", Scope.READ_USER, Scope.READ_REPOSITORY),
        "token-string-here123");

    TokenView revoked = auth.adminTokens().revokeByValue(ROOT, personal.value());
    auth.adminTokens().revokeByValue(ROOT, deploy.value());
    auth.adminTokens().revokeByValue(ROOT, "token-string-here123");
    TokenView again = auth.adminTokens().revokeByValue(ROOT, "token-string-here123");

    assertThat(revoked.revoked()).isTrue();
    assertThat(revoked.active()).isFalse();
    assertThat(again.revoked()).isTrue();
    assertThat(((AuthResult.Failure) api(personal.value())).reason())
        .isEqualTo(FailureReason.REVOKED);
    assertThat(((AuthResult.Failure) api("token-string-here123")).reason())
        .isEqualTo(FailureReason.REVOKED);
    assertThat(auth.adminTokens().inspect(ROOT, deploy.value()).orElseThrow().revoked()).isTrue();
    List<Long> revokedIds = new ArrayList<>();
    for (AuditEvent e : audit.events()) {
      if (e.type() == AuditEvent.Type.REVOKED) {
        assertThat(e.actorId()).isEqualTo(ROOT);
        revokedIds.add(e.tokenId());
      }
    }
    assertThat(revokedIds).containsExactly(personal.token().id(), deploy.token().id(),
        automation.id());
  }

  @Test
  void revokingAProjectAccessTokenByValueDeletesItsBotUserAsTheMaintainersRevocationDoes() {
    CreatedToken project = auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("bot", Scope.READ_API), Role.DEVELOPER);
    long botId = project.token().userId();

    auth.adminTokens().revokeByValue(ROOT, project.value());

    assertThat(f.directory.findUser(botId)).isEmpty();
    assertThat(((AuthResult.Failure) api(project.value())).reason())
        .isEqualTo(FailureReason.REVOKED);
  }

  @Test
  void revokingByIdReachesAnyTokenTypeAndAnUnknownIdIsNotFound() {
    CreatedToken deploy = auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("reader", Scope.READ_REPOSITORY));

    assertThat(auth.adminTokens().revokeById(ROOT, deploy.token().id()).revoked()).isTrue();
    assertThatThrownBy(() -> auth.adminTokens().revokeById(ROOT, 999_999))
        .isInstanceOf(TokenNotFoundException.class)
        .hasMessage("token 999999 not found");
  }

  @Test
  void rekeyingMovesRecoverableDigestsToTheCurrentPepperAndCountsTheRestUntilTheirNextUse() {
    CreatedToken personal = auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("laptop", Scope.READ_API));
    CreatedToken ci = auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of(DeployTokenService.CI_TOKEN_NAME, Scope.READ_REPOSITORY));
    CreatedToken gone = auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("gone", Scope.READ_API));
    auth.personalTokens().revoke(ALICE, gone.token().id());
    byte[] newPepper = new byte[32];
    Arrays.fill(newPepper, (byte) 8);
    byte[] oldPepper = new byte[32];
    Arrays.fill(oldPepper, (byte) 7);
    WvsAuth rotated = instance(DigestKeyring.builder().current("k2", newPepper)
        .retired("k1", oldPepper).build(), new InMemoryAuditSink());
    List<RekeyReport> heard = new ArrayList<>();

    RekeyReport report = rotated.adminTokens().rekey(0, 2, heard::add);

    assertThat(report.total()).isEqualTo(3);
    assertThat(report.scanned()).isEqualTo(3);
    assertThat(report.rekeyed()).isEqualTo(1);
    assertThat(report.pendingUse()).isEqualTo(1);
    assertThat(report.unknownKey()).isZero();
    assertThat(report.done()).isTrue();
    assertThat(heard).hasSize(2);
    assertThat(store.findById(ci.token().id()).orElseThrow().digest().keyId()).isEqualTo("k2");
    assertThat(store.findById(personal.token().id()).orElseThrow().digest().keyId())
        .isEqualTo("k1");
    // The moved CI token now authenticates under the new pepper alone.
    WvsAuth newOnly = instance(DigestKeyring.of("k2", newPepper), new InMemoryAuditSink());
    assertThat(newOnly.adminTokens().inspect(ROOT, ci.value())).isPresent();
    // Resuming after the last token finds nothing left; a second run moves nothing again.
    assertThat(rotated.adminTokens().rekey(report.lastId(), 2, r -> { }).total()).isZero();
    assertThat(rotated.adminTokens().rekey(0, 10, r -> { }).rekeyed()).isZero();
    assertThat(rotated.authenticator().authenticate(AuthRequest.api(personal.value(), "GET")))
        .isInstanceOf(AuthResult.Success.class);
    assertThat(rotated.adminTokens().rekey(0, 10, r -> { }).pendingUse()).isZero();
  }

  @Test
  void aReportedLeakRevokesATokenOfAnyTypeWithoutAnActorAndTellsItsOwnerOnce() {
    CreatedToken personal = auth.personalTokens().create(ALICE, ALICE, TokenSpec.of("laptop", Scope.API));
    CreatedToken project = auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("bot", Scope.READ_API), Role.DEVELOPER);
    CreatedToken deploy = auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("ci", Scope.READ_REPOSITORY));
    List<TokenView> told = new ArrayList<>();

    int revoked = auth.adminTokens().revokeReportedLeaks(List.of(personal.value(), project.value(),
        deploy.value(), personal.value()), told::add);

    assertThat(revoked).isEqualTo(3);
    assertThat(told).extracting(TokenView::id).containsExactly(personal.token().id(),
        project.token().id(), deploy.token().id());
    assertThat(told).allMatch(TokenView::revoked);
    assertThat(api(personal.value())).isInstanceOf(AuthResult.Failure.class);
    assertThat(audit.events()).filteredOn(e -> e.type() == AuditEvent.Type.REVOKED)
        .extracting(AuditEvent::actorId).containsOnlyNulls();
    assertThat(auth.adminTokens().revokeReportedLeaks(List.of(personal.value()), told::add)).isZero();
    assertThat(told).hasSize(3);
  }

  @Test
  void aReportOfTextThatCannotBeATokenReachesNoStoreAndAFailingNotifierChangesNothing() {
    CreatedToken personal = auth.personalTokens().create(ALICE, ALICE, TokenSpec.of("laptop", Scope.API));
    String forged = personal.value().substring(0, personal.value().length() - 1)
        + (personal.value().endsWith("a") ? "b" : "a");
    store.reset();

    assertThat(auth.adminTokens().revokeReportedLeaks(List.of("junk", forged, ""), v -> { })).isZero();
    assertThat(store.calls()).isZero();

    assertThat(auth.adminTokens().revokeReportedLeaks(List.of(personal.value()), v -> {
      throw new IllegalStateException("mail server down");
    })).isEqualTo(1);
    assertThat(api(personal.value())).isInstanceOf(AuthResult.Failure.class);
    assertThatThrownBy(() -> auth.adminTokens().revokeReportedLeaks(
        java.util.Collections.nCopies(101, "junk"), v -> { })).isInstanceOf(IllegalArgumentException.class);
  }
}
