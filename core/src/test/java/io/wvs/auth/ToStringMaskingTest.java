package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What lands in logs: every value type that holds a secret says what it is in {@code toString}
 * (ids, types, names, the key id) and masks the secret itself, whatever else is set.
 */
class ToStringMaskingTest {
  private static final String TOKEN = "wvs-pat-s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tXY";
  private static final Instant CREATED = Instant.parse("2026-03-10T12:00:00Z");
  private static final byte[] DIGEST = {
      (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  @Test
  void authRequestShowsChannelRequirementAndResourceButNoCredentialUsernameOrSudo() {
    AuthRequest full = AuthRequest.builder(TOKEN).channel(Channel.GIT_HTTP).username("alice-name")
        .sudo("root-name").require(ScopeRequirement.gitPush()).resource(ResourceRef.project(7)).build();

    assertThat(full).hasToString("AuthRequest{channel=" + Channel.GIT_HTTP
        + ", requirement=anyOf[write_repository], resource=project:7, username=[masked],"
        + " sudo=[masked], credential=[masked]}");
    assertThat(AuthRequest.api(null, "GET")).hasToString("AuthRequest{channel=" + Channel.API
        + ", requirement=anyOf[read_api], credential=none}");
  }

  @Test
  void createdTokenShowsItsViewAndMasksTheValue() {
    TokenView view = TokenView.of(TokenRecord.builder().id(5).familyId(5).token(NewToken.builder()
        .type(TokenType.PERSONAL).owner(TokenOwner.user(2)).name("laptop").scopes(Set.of(Scope.READ_API))
        .digest(TokenDigest.of("k1", DIGEST)).createdAt(CREATED).build()).build(), CREATED,
        TokenPolicy.defaults());

    assertThat(new CreatedToken(view, TOKEN).toString())
        .isEqualTo("CreatedToken{token=" + view + ", value=[masked]}")
        .contains("laptop", "id=5");
  }

  @Test
  void ciCredentialsShowTheUserAndMaskThePassword() {
    CiDeployCredentials ci = new CiDeployCredentials("wvs+deploy-token-3", TOKEN);

    assertThat(ci).hasToString("CiDeployCredentials{user=wvs+deploy-token-3, password=[masked]}");
    assertThat(ci.asVariables()).containsEntry("CI_DEPLOY_PASSWORD", TOKEN)
        .containsEntry("CI_DEPLOY_USER", "wvs+deploy-token-3");
  }

  @Test
  void tokenRecordShowsItsFieldsAndMasksTheSealedSecret() {
    TokenRecord deploy = TokenRecord.builder().id(9).familyId(9).token(NewToken.builder()
        .type(TokenType.DEPLOY).owner(TokenOwner.deploy(ResourceRef.group(4), "wvs+deploy-token-9"))
        .name("ci").scopes(Set.of(Scope.READ_REPOSITORY)).digest(TokenDigest.of("k1", DIGEST))
        .createdAt(CREATED).expiresOn(LocalDate.of(2026, 4, 1)).createdBy(1L)
        .sealedSecret(TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build()).build();

    assertThat(deploy).hasToString("TokenRecord{id=9, type=DEPLOY, name=ci,"
        + " owner=Deploy[resource=group:4, username=wvs+deploy-token-9], scopes=[read_repository],"
        + " expiresOn=2026-04-01, revokedAt=null, lastUsedAt=null, familyId=9, sealedSecret=[masked]}");
    assertThat(personalRecord().toString()).doesNotContain("username=", "sealedSecret")
        .startsWith("TokenRecord{id=3, type=PERSONAL, name=laptop, owner=User[userId=2],");
  }

  @Test
  void newTokenShowsWhatIsInsertedButNoDigestOrSecret() {
    NewToken token = NewToken.builder().type(TokenType.DEPLOY)
        .owner(TokenOwner.deploy(ResourceRef.project(2), null)).name("ci")
        .scopes(EnumSet.of(Scope.READ_REPOSITORY)).digest(TokenDigest.of("k1", DIGEST))
        .createdAt(CREATED).createdBy(2L).sealedSecret(new byte[] {1, 2, 3}).build();

    assertThat(token).hasToString("NewToken{type=DEPLOY, name=ci,"
        + " owner=Deploy[resource=project:2, username=null], scopes=[read_repository],"
        + " expiresOn=null, sealedSecret=[masked]}");
  }

  @Test
  void digestShowsItsKeyIdAndOnlyItsFirstFourBytes() {
    TokenDigest digest = TokenDigest.of("key-2", DIGEST);

    assertThat(digest).hasToString("TokenDigest{key-2:deadbeef…}");
    assertThat(digest.encoded()).isEqualTo("key-2:deadbeef0102030405060708090a0b0c");
  }

  @Test
  void resourceRefIsKindAndId() {
    assertThat(ResourceRef.project(12)).hasToString("project:12");
    assertThat(ResourceRef.group(3)).hasToString("group:3");
  }

  @Test
  void policyShowsEverySetting() {
    TokenPolicy policy = TokenPolicy.builder().registryEnabled(true).lastUsedInterval(Duration.ofHours(1))
        .build();

    assertThat(policy.toString()).startsWith("TokenPolicy{expiryRequired=true, maxLifetimeDays=365,")
        .contains("userTokenPrefix=" + policy.userTokenPrefix(), "lastUsedInterval=PT1H",
            "registryEnabled=true");
  }

  @Test
  void everyFailureReasonHasItsOwnClientSafeDescription() {
    assertThat(FailureReason.REVOKED.description()).isEqualTo("Token has been revoked");
    assertThat(EnumSet.allOf(FailureReason.class)).extracting(FailureReason::description)
        .doesNotHaveDuplicates().allSatisfy(d -> assertThat(d).isNotBlank());
  }

  static TokenRecord personalRecord() {
    return TokenRecord.builder().id(3).familyId(3).token(NewToken.builder().type(TokenType.PERSONAL)
        .owner(TokenOwner.user(2)).name("laptop").scopes(Set.of(Scope.API))
        .digest(TokenDigest.of("k1", DIGEST)).createdAt(CREATED).createdBy(2L).build()).build();
  }
}
