package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.PLATFORM;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static io.wvs.auth.tck.RulesFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidScopeException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.TokenStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of tokens rotating themselves, over any store: {@code self_rotate} (or {@code api})
 * lets personal, impersonation, project and group access tokens rotate themselves, and a token
 * holding only {@code self_rotate} meets no other requirement on any channel. A store module runs
 * it by extending it with {@link #newStore()}.
 *
 * @since 0.1
 */
public abstract class SelfRotationRulesContract {
  private RulesFixture f;

  /** {@return a fresh, empty store} */
  protected abstract TokenStore newStore();

  @BeforeEach
  void setUp() {
    f = new RulesFixture(newStore());
  }

  private AuthResult.Success authenticated(String token, ResourceRef resource) {
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(token)
        .require(ScopeRequirement.selfRotation()).resource(resource).build());
    assertThat(result).isInstanceOf(AuthResult.Success.class);
    return (AuthResult.Success) result;
  }

  private AuthResult authenticate(String token, Channel channel, ScopeRequirement requirement) {
    return f.auth.authenticator().authenticate(AuthRequest.builder(token).channel(channel)
        .require(requirement).resource(API_PROJECT).build());
  }

  private CreatedToken personal(Scope first, Scope... more) {
    return f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("bot-like", first, more));
  }

  @Test
  void aPersonalTokenWithOnlySelfRotateRotatesItself() {
    CreatedToken token = personal(Scope.SELF_ROTATE);

    CreatedToken successor = f.auth.personalTokens().rotateSelf(authenticated(token.value(), null), null);

    assertThat(successor.token().scopes()).containsExactly(Scope.SELF_ROTATE);
    assertThat(successor.token().userId()).isEqualTo(BOB);
    assertThat(f.auth.personalTokens().get(BOB, token.token().id()).revoked()).isTrue();
    assertThat(authenticated(successor.value(), null).via())
        .isEqualTo(new AuthResult.Via.Token(successor.token().id(), TokenType.PERSONAL,
            successor.token().scopes(), null));
  }

  @Test
  void aTokenWithOnlySelfRotateMeetsNoOtherRequirementOnAnyChannel() {
    String token = personal(Scope.SELF_ROTATE).value();
    List<ScopeRequirement> others = List.of(ScopeRequirement.forApiMethod("GET"),
        ScopeRequirement.forApiMethod("POST"), ScopeRequirement.anyOf(Scope.READ_USER),
        ScopeRequirement.gitPull(), ScopeRequirement.gitPush(), ScopeRequirement.anyOf(Scope.READ_REGISTRY),
        ScopeRequirement.anyOf(Scope.WRITE_REGISTRY), ScopeRequirement.dependencyProxy(),
        ScopeRequirement.anyOf(Scope.READ_PACKAGE_REGISTRY), ScopeRequirement.anyOf(Scope.SUDO));

    for (Channel channel : Channel.values()) {
      for (ScopeRequirement requirement : others) {
        AuthResult result = authenticate(token, channel, requirement);
        assertThat(result).as("%s %s", channel, requirement).isInstanceOf(AuthResult.Failure.class);
        assertThat(((AuthResult.Failure) result).reason()).as("%s %s", channel, requirement)
            .isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
      }
    }
    for (Scope scope : Scope.values()) {
      assertThat(Scope.SELF_ROTATE.implies(scope)).as("%s", scope).isEqualTo(scope == Scope.SELF_ROTATE);
    }
  }

  @Test
  void aTokenWithoutApiOrSelfRotateCannotRotateItself() {
    CreatedToken token = personal(Scope.READ_API, Scope.WRITE_REPOSITORY);
    AuthResult.Success readOnly = (AuthResult.Success) f.auth.authenticator().authenticate(
        AuthRequest.builder(token.value()).require(ScopeRequirement.forApiMethod("GET")).build());

    assertThatThrownBy(() -> f.auth.personalTokens().rotateSelf(readOnly, null))
        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("'api' or 'self_rotate'");
    assertThat(f.auth.personalTokens().get(BOB, token.token().id()).active()).isTrue();
  }

  @Test
  void anApiTokenRotatesItselfToo() {
    CreatedToken token = personal(Scope.API);

    CreatedToken successor = f.auth.personalTokens().rotateSelf(authenticated(token.value(), null), null);

    assertThat(successor.token().scopes()).containsExactly(Scope.API);
  }

  @Test
  void anImpersonationTokenRotatesItselfWithSelfRotate() {
    CreatedToken token = f.auth.personalTokens().createImpersonation(ROOT, ALICE,
        TokenSpec.of("support", Scope.SELF_ROTATE, Scope.READ_API));

    CreatedToken successor = f.auth.personalTokens().rotateSelf(authenticated(token.value(), null), null);

    assertThat(successor.token().type()).isEqualTo(TokenType.IMPERSONATION);
    assertThat(successor.token().userId()).isEqualTo(ALICE);
    assertThat(successor.token().scopes()).containsExactlyInAnyOrder(Scope.SELF_ROTATE, Scope.READ_API);
  }

  @Test
  void aProjectAccessTokenRotatesItselfOnItsOwnProjectAndKeepsItsBot() {
    CreatedToken token = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("ci", Scope.SELF_ROTATE, Scope.READ_REPOSITORY), Role.DEVELOPER);
    AuthResult.Success self = authenticated(token.value(), API_PROJECT);

    assertThatThrownBy(() -> f.auth.resourceTokens().rotateSelf(self, WEBSITE, null))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> f.auth.personalTokens().rotateSelf(self, null))
        .isInstanceOf(PermissionDeniedException.class);
    CreatedToken successor = f.auth.resourceTokens().rotateSelf(self, API_PROJECT, null);

    assertThat(successor.token().userId()).isEqualTo(token.token().userId());
    assertThat(f.directory.directRole(successor.token().userId(), API_PROJECT)).contains(Role.DEVELOPER);
    assertThat(successor.token().scopes()).containsExactlyInAnyOrder(Scope.SELF_ROTATE, Scope.READ_REPOSITORY);
    assertThat(f.auth.resourceTokens().get(BOB, API_PROJECT, token.token().id()).revoked()).isTrue();
  }

  @Test
  void aGroupAccessTokenRotatesItself() {
    CreatedToken token = f.auth.resourceTokens().create(ROOT, PLATFORM,
        TokenSpec.of("renovate", Scope.SELF_ROTATE), null);

    CreatedToken successor = f.auth.resourceTokens().rotateSelf(authenticated(token.value(), PLATFORM),
        PLATFORM, null);

    assertThat(successor.token().type()).isEqualTo(TokenType.GROUP_ACCESS);
    assertThat(successor.token().userId()).isEqualTo(token.token().userId());
  }

  /** The family rule of every rotation holds: a token revoked since it authenticated is reuse. */
  @Test
  void selfRotatingATokenRotatedSinceRevokesItsWholeFamily() {
    CreatedToken token = personal(Scope.SELF_ROTATE);
    AuthResult.Success self = authenticated(token.value(), null);
    CreatedToken first = f.auth.personalTokens().rotateSelf(self, null);

    assertThatThrownBy(() -> f.auth.personalTokens().rotateSelf(self, null))
        .isInstanceOf(TokenReuseDetectedException.class);
    assertThat(f.auth.personalTokens().get(BOB, first.token().id()).revoked()).isTrue();
  }

  @Test
  void aTokenDoesNotRotateItselfUnderSudo() {
    String admin = f.auth.personalTokens().create(ROOT, ROOT,
        TokenSpec.of("admin", Scope.API, Scope.SUDO)).value();
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(admin)
        .require(ScopeRequirement.selfRotation()).sudo("bob").build());
    assertThat(result.isSuccess()).isTrue();

    assertThatThrownBy(() -> f.auth.personalTokens().rotateSelf((AuthResult.Success) result, null))
        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("sudo");
  }

  @Test
  void deployTokensCannotHoldSelfRotate() {
    assertThat(TokenType.DEPLOY.allowedScopes()).doesNotContain(Scope.SELF_ROTATE);
    assertThat(TokenType.PERSONAL.allowedScopes()).contains(Scope.SELF_ROTATE);
    assertThat(TokenType.IMPERSONATION.allowedScopes()).contains(Scope.SELF_ROTATE);
    assertThat(TokenType.PROJECT_ACCESS.allowedScopes()).contains(Scope.SELF_ROTATE);
    assertThat(TokenType.GROUP_ACCESS.allowedScopes()).contains(Scope.SELF_ROTATE);
    assertThatThrownBy(() -> f.auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY, Scope.SELF_ROTATE)))
        .isInstanceOf(InvalidScopeException.class);
  }
}
