package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Principal;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.spi.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where each token works, over any store: the API, git over HTTP (any username for personal and
 * access tokens, the deploy token's own username for it, passwords refused for users with
 * two-factor authentication), the registries, and sudo. A store module runs it by extending it
 * with {@link #newStore()}.
 *
 * @since 0.1
 */
public abstract class ChannelRulesContract {
  private RulesFixture f;

  /** {@return a fresh, empty store} */
  protected abstract TokenStore newStore();

  @BeforeEach
  void setUp() {
    f = new RulesFixture(newStore());
  }

  private AuthResult git(String username, String credential, ScopeRequirement requirement) {
    return f.auth.authenticator().authenticate(AuthRequest.builder(credential)
        .channel(Channel.GIT_HTTP).username(username).require(requirement).resource(API_PROJECT)
        .build());
  }

  private static FailureReason reason(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Failure.class);
    return ((AuthResult.Failure) result).reason();
  }

  @Test
  void gitUsernameIsIgnoredForPersonalTokens() {
    CreatedToken token = f.auth.personalTokens().create(BOB, BOB,
        TokenSpec.of("git", Scope.READ_REPOSITORY));
    for (String username : new String[] {"bob", "anything", "oauth2", "root"}) {
      AuthResult result = git(username, token.value(), ScopeRequirement.gitPull());
      assertThat(result.isSuccess()).isTrue();
      assertThat(((AuthResult.Success) result).principal().username()).isEqualTo("bob");
    }
  }

  @Test
  void gitUsernameIsIgnoredForProjectAndGroupTokens() {
    CreatedToken project = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("p", Scope.READ_REPOSITORY), null);
    CreatedToken group = f.auth.resourceTokens().create(ROOT, RulesFixture.PLATFORM,
        TokenSpec.of("g", Scope.READ_REPOSITORY), null);
    assertThat(git("whatever", project.value(), ScopeRequirement.gitPull()).isSuccess()).isTrue();
    assertThat(git("whatever", group.value(), ScopeRequirement.gitPull()).isSuccess()).isTrue();
  }

  @Test
  void readRepositoryMayPullButNotPush() {
    CreatedToken token = f.auth.personalTokens().create(BOB, BOB,
        TokenSpec.of("pull", Scope.READ_REPOSITORY));
    assertThat(git("bob", token.value(), ScopeRequirement.gitPull()).isSuccess()).isTrue();
    assertThat(reason(git("bob", token.value(), ScopeRequirement.gitPush())))
        .isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
  }

  @Test
  void writeRepositoryMayPushAndPull() {
    CreatedToken token = f.auth.personalTokens().create(BOB, BOB,
        TokenSpec.of("push", Scope.WRITE_REPOSITORY));
    assertThat(git("bob", token.value(), ScopeRequirement.gitPush()).isSuccess()).isTrue();
    assertThat(git("bob", token.value(), ScopeRequirement.gitPull()).isSuccess()).isTrue();
  }

  @Test
  void readApiTokenCannotUseGit() {
    CreatedToken token = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("api", Scope.READ_API));
    assertThat(reason(git("bob", token.value(), ScopeRequirement.gitPull())))
        .isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
  }

  @Test
  void passwordIsDelegatedToTheDirectoryOnGit() {
    AuthResult result = git("bob", "bob-password", ScopeRequirement.gitPush());
    assertThat(result.isSuccess()).isTrue();
    assertThat(((AuthResult.Success) result).principal())
        .extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.USER, (long) (BOB), "bob");
  }

  @Test
  void wrongPasswordIsRefused() {
    assertThat(git("bob", "not-bobs-password", ScopeRequirement.gitPull()).isSuccess()).isFalse();
    assertThat(git("bob", "alice-password", ScopeRequirement.gitPull()).isSuccess()).isFalse();
  }

  @Test
  void twoFactorUsersPasswordIsRefusedOnGitWithThePersonalAccessTokenMessage() {
    AuthResult result = git("alice", "alice-password", ScopeRequirement.gitPull());
    assertThat(reason(result)).isEqualTo(FailureReason.TWO_FACTOR_PASSWORD_REFUSED);
    assertThat(((AuthResult.Failure) result).message()).contains("personal access token");
  }

  @Test
  void twoFactorUserCanUseGitWithAPersonalAccessToken() {
    CreatedToken token = f.auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("git", Scope.WRITE_REPOSITORY));
    assertThat(git("alice", token.value(), ScopeRequirement.gitPush()).isSuccess()).isTrue();
  }

  @Test
  void passwordsAreNotAcceptedOnTheApi() {
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder("bob-password")
        .username("bob").require(ScopeRequirement.forApiMethod("GET")).build());
    assertThat(result.isSuccess()).isFalse();
  }

  @Test
  void administratorsSudoTokenActsAsTheNamedUser() {
    CreatedToken token = f.auth.personalTokens().create(ROOT, ROOT,
        TokenSpec.of("sudo", Scope.API, Scope.SUDO));
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .require(ScopeRequirement.forApiMethod("GET")).sudo("bob").build());
    AuthResult.Success ok = (AuthResult.Success) result;
    assertThat(ok.principal().username()).isEqualTo("bob");
    assertThat(ok.sudoBy().username()).isEqualTo("root");
    AuthResult byId = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .require(ScopeRequirement.forApiMethod("GET")).sudo(String.valueOf(BOB)).build());
    assertThat(((AuthResult.Success) byId).principal().username()).isEqualTo("bob");
  }

  @Test
  void sudoWithoutTheSudoScopeIsRefused() {
    CreatedToken token = f.auth.personalTokens().create(ROOT, ROOT, TokenSpec.of("api", Scope.API));
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .require(ScopeRequirement.forApiMethod("GET")).sudo("bob").build());
    assertThat(reason(result)).isEqualTo(FailureReason.SUDO_REFUSED);
  }

  @Test
  void sudoByAUserWhoIsNoLongerAnAdministratorIsRefused() {
    CreatedToken token = f.auth.personalTokens().create(ROOT, ROOT,
        TokenSpec.of("sudo", Scope.API, Scope.SUDO));
    f.directory.put(io.wvs.auth.spi.User.regular(ROOT, "root"));
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .require(ScopeRequirement.forApiMethod("GET")).sudo("bob").build());
    assertThat(reason(result)).isEqualTo(FailureReason.SUDO_REFUSED);
  }

  @Test
  void sudoAsAnUnknownUserIsRefused() {
    CreatedToken token = f.auth.personalTokens().create(ROOT, ROOT,
        TokenSpec.of("sudo", Scope.API, Scope.SUDO));
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .require(ScopeRequirement.forApiMethod("GET")).sudo("nobody").build());
    assertThat(reason(result)).isEqualTo(FailureReason.SUDO_REFUSED);
  }
}
