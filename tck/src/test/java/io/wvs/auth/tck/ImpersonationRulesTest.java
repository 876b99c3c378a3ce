package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.assertFailure;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static io.wvs.auth.tck.SeedWorld.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.Principal;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import org.junit.jupiter.api.Test;

/**
 * Seed 000: "WVS administrators can use the API to create impersonation tokens. Use impersonation
 * tokens to automate authentication as a specific user." Seed 002: "created by administrators via
 * the API". Design brief: they say so in the result, are hidden from the user's own listing and can
 * be disabled instance-wide.
 */
class ImpersonationRulesTest {
  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();

  private CreatedToken impersonateAlice() {
    return auth.personalTokens().createImpersonation(world.root.id(), world.alice.id(),
        TokenSpec.of("support session", Scope.API));
  }

  @Test
  void impersonationTokenOnlyByAdministrators() {
    assertThatThrownBy(() -> auth.personalTokens().createImpersonation(world.bob.id(), world.alice.id(),
        TokenSpec.of("not allowed", Scope.API)))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("only administrators");
    assertThatThrownBy(() -> auth.personalTokens().createImpersonation(world.alice.id(), world.alice.id(),
        TokenSpec.of("not even for oneself", Scope.API)))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(world.store.size()).isZero();

    CreatedToken token = impersonateAlice();
    assertThat(token.token().type()).isEqualTo(TokenType.IMPERSONATION);
    assertThat(token.token().impersonation()).isTrue();
    assertThat(token.token().userId()).isEqualTo(world.alice.id());
  }

  @Test
  void impersonationTokenIsMarkedInTheResult() {
    AuthResult.Success ok = assertSuccess(get(auth, impersonateAlice().value()));
    assertThat(((AuthResult.Via.Token) ok.via()).type()).isEqualTo(TokenType.IMPERSONATION);
    assertThat(ok.principal()).extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.USER, (long) (2), "alice");

    CreatedToken own = auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("own", Scope.API));
    assertThat(((AuthResult.Via.Token) assertSuccess(get(auth, own.value())).via()).type())
        .isEqualTo(TokenType.PERSONAL);
  }

  @Test
  void impersonationTokensAreHiddenFromTheUsersOwnList() {
    CreatedToken own = auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("own", Scope.API));
    CreatedToken impersonation = impersonateAlice();

    assertThat(auth.personalTokens().list(world.alice.id(), world.alice.id()))
        .extracting(TokenView::id).containsExactly(own.token().id());
    assertThat(auth.personalTokens().list(world.root.id(), world.alice.id()))
        .extracting(TokenView::id).containsExactly(own.token().id());
    assertThat(auth.personalTokens().listImpersonation(world.root.id(), world.alice.id()))
        .extracting(TokenView::id).containsExactly(impersonation.token().id());

    long id = impersonation.token().id();
    assertThatThrownBy(() -> auth.personalTokens().get(world.alice.id(), id))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> auth.personalTokens().revoke(world.alice.id(), id))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> auth.personalTokens().listImpersonation(world.alice.id(), world.alice.id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertSuccess(get(auth, impersonation.value()));
  }

  @Test
  void administratorsRevokeImpersonationTokens() {
    CreatedToken impersonation = impersonateAlice();
    assertThat(auth.personalTokens().revoke(world.root.id(), impersonation.token().id()).revoked()).isTrue();
    assertFailure(get(auth, impersonation.value()), FailureReason.REVOKED);
  }

  @Test
  void impersonationCanBeDisabledInstanceWide() {
    CreatedToken earlier = impersonateAlice();
    WvsAuth disabled = world.auth(TokenPolicy.builder().impersonationEnabled(false).build());

    assertThatThrownBy(() -> disabled.personalTokens().createImpersonation(world.root.id(),
        world.alice.id(), TokenSpec.of("now refused", Scope.API)))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("disabled");
    assertThat(assertFailure(get(disabled, earlier.value()), FailureReason.IMPERSONATION_DISABLED)
        .tokenId()).isEqualTo(earlier.token().id());
    // Personal tokens are unaffected.
    CreatedToken own = disabled.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("own", Scope.API));
    assertSuccess(get(disabled, own.value()));
    // Re-enabled, the earlier token works again: disabling is a switch, not a revocation.
    assertSuccess(get(auth, earlier.value()));
  }

  @Test
  void impersonationTokenOfABlockedUserIsRefused() {
    CreatedToken impersonation = impersonateAlice();
    world.setBlocked(world.alice, true);
    assertFailure(get(auth, impersonation.value()), FailureReason.USER_BLOCKED);
  }
}
