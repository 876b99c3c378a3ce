package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.assertFailure;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidScopeException;
import io.wvs.auth.Principal;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import org.junit.jupiter.api.Test;

/**
 * Seeds 000, 001, 002: "sudo: API actions as any user in the system (if the authenticated user is
 * an administrator)".
 */
class SudoRulesTest {
  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();

  private AuthResult sudo(String token, String method, String target) {
    return auth.authenticator().authenticate(AuthRequest.builder(token)
        .require(ScopeRequirement.forApiMethod(method)).sudo(target).build());
  }

  private CreatedToken rootSudoToken() {
    return auth.personalTokens().create(world.root.id(), world.root.id(),
        TokenSpec.of("admin automation", Scope.API, Scope.SUDO));
  }

  @Test
  void nonAdminCannotGetSudo() {
    assertThatThrownBy(() -> auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("sneaky", Scope.API, Scope.SUDO)))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("'sudo' is only for administrators");
    assertThat(world.store.size()).isZero();
  }

  /** The rule is about the token's user: an administrator cannot hand sudo to a non-admin either. */
  @Test
  void administratorCannotGiveSudoToANonAdmin() {
    assertThatThrownBy(() -> auth.personalTokens().create(world.root.id(), world.alice.id(),
        TokenSpec.of("for alice", Scope.SUDO)))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("only for administrators");
    assertThatThrownBy(() -> auth.personalTokens().createImpersonation(world.root.id(), world.alice.id(),
        TokenSpec.of("impersonating alice", Scope.API, Scope.SUDO)))
        .isInstanceOf(InvalidScopeException.class);
    assertThat(world.store.size()).isZero();
  }

  @Test
  void sudoByAdminActsAsTargetUser() {
    CreatedToken token = rootSudoToken();
    AuthResult.Success ok = assertSuccess(sudo(token.value(), "POST", "alice"));
    assertThat(ok.principal()).extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.USER, (long) (2), "alice");
    assertThat(ok.sudoBy()).extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.USER, (long) (1), "root");
    assertThat(((AuthResult.Via.Token) ok.via()).id()).isEqualTo(token.token().id());
  }

  @Test
  void sudoTargetMayBeGivenByNumericId() {
    AuthResult.Success ok = assertSuccess(sudo(rootSudoToken().value(), "GET", "3"));
    assertThat(ok.principal().username()).isEqualTo("bob");
  }

  @Test
  void sudoStillNeedsTheRequestsApiScope() {
    CreatedToken readOnly = auth.personalTokens().create(world.root.id(), world.root.id(),
        TokenSpec.of("read-only sudo", Scope.READ_API, Scope.SUDO));
    assertSuccess(sudo(readOnly.value(), "GET", "alice"));
    assertThat(assertFailure(sudo(readOnly.value(), "POST", "alice"), FailureReason.INSUFFICIENT_SCOPE)
        .missingScopes()).containsExactly(Scope.API);
  }

  @Test
  void sudoByTokenWithoutSudoScopeIsRefused() {
    CreatedToken adminWithoutSudo = auth.personalTokens().create(world.root.id(), world.root.id(),
        TokenSpec.of("plain admin token", Scope.API));
    assertFailure(sudo(adminWithoutSudo.value(), "GET", "alice"), FailureReason.SUDO_REFUSED);
    // Without sudo the same token works as root.
    assertThat(assertSuccess(sudo(adminWithoutSudo.value(), "GET", null)).principal().username())
        .isEqualTo("root");
  }

  @Test
  void sudoByNonAdminTokenIsRefused() {
    CreatedToken alices = auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("alice api", Scope.API));
    assertFailure(sudo(alices.value(), "GET", "root"), FailureReason.SUDO_REFUSED);
    assertFailure(sudo(alices.value(), "GET", "bob"), FailureReason.SUDO_REFUSED);
  }

  /** "if the authenticated user is an administrator": checked at use, not only at creation. */
  @Test
  void sudoByAnAdministratorWhoLostAdminRightsIsRefused() {
    CreatedToken token = rootSudoToken();
    world.setAdmin(world.root, false);
    assertFailure(sudo(token.value(), "GET", "alice"), FailureReason.SUDO_REFUSED);
    world.setAdmin(world.root, true);
    assertSuccess(sudo(token.value(), "GET", "alice"));
  }

  @Test
  void sudoAsAnUnknownOrBlockedUserIsRefused() {
    CreatedToken token = rootSudoToken();
    assertFailure(sudo(token.value(), "GET", "nobody"), FailureReason.SUDO_REFUSED);
    assertFailure(sudo(token.value(), "GET", "999"), FailureReason.SUDO_REFUSED);
    assertFailure(sudo(token.value(), "GET", "99999999999999999999999"), FailureReason.SUDO_REFUSED);
    world.setBlocked(world.bob, true);
    assertFailure(sudo(token.value(), "GET", "bob"), FailureReason.SUDO_REFUSED);
  }
}
