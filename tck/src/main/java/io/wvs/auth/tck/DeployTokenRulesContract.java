package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ACME;
import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.DEEP_PROJECT;
import static io.wvs.auth.tck.RulesFixture.OTHER;
import static io.wvs.auth.tck.RulesFixture.PLATFORM;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static io.wvs.auth.tck.RulesFixture.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CiDeployCredentials;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenService;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidScopeException;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of deploy tokens and the CI deploy token, over any store: managed by maintainers,
 * tied to the project or group, refused on the API, their own username on git, group tokens for
 * every project below the group. A store module runs it by extending it with {@link #newStore()}.
 *
 * @since 0.1
 */
public abstract class DeployTokenRulesContract {
  /** Project acme/website, where bob is a maintainer too. */
  private static final ResourceRef WEBSITE_OF_BOB = RulesFixture.WEBSITE;

  private RulesFixture f;

  /** {@return a fresh, empty store} */
  protected abstract TokenStore newStore();

  @BeforeEach
  void setUp() {
    f = new RulesFixture(newStore());
  }

  private CreatedToken deploy(ResourceRef resource, DeployTokenSpec spec) {
    return f.auth.deployTokens().create(resource == ACME || resource == PLATFORM ? ROOT : BOB, resource, spec);
  }

  private AuthResult git(String username, String token, ResourceRef project) {
    return f.auth.authenticator().authenticate(AuthRequest.builder(token).channel(Channel.GIT_HTTP)
        .username(username).require(ScopeRequirement.gitPull()).resource(project).build());
  }

  private static FailureReason reason(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Failure.class);
    return ((AuthResult.Failure) result).reason();
  }

  @Test
  void onlyMaintainersManageDeployTokens() {
    assertThatThrownBy(() -> f.auth.deployTokens().create(ALICE, API_PROJECT,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY))).isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> f.auth.deployTokens().list(ALICE, API_PROJECT))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY)).token().active())
        .isTrue();
  }

  @Test
  void deployTokenOutlivesItsCreatorsMembership() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    f.directory.removeMember(BOB, API_PROJECT);
    f.directory.remove(BOB);
    assertThat(git(token.token().username(), token.value(), API_PROJECT).isSuccess()).isTrue();
  }

  @Test
  void defaultUsernameIsWvsDeployTokenN() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    assertThat(token.token().username()).isEqualTo("wvs+deploy-token-" + token.token().id());
  }

  @Test
  void customUsernameIsKeptAndValidated() {
    CreatedToken token = deploy(API_PROJECT,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername("ci.bot+deploy_1-x"));
    assertThat(token.token().username()).isEqualTo("ci.bot+deploy_1-x");
    assertThatThrownBy(() -> DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername("bad name"))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername("x".repeat(256)))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void deployTokensHoldOnlyTheFiveDeployScopes() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("all", Scope.READ_REPOSITORY,
        Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.READ_PACKAGE_REGISTRY,
        Scope.WRITE_PACKAGE_REGISTRY));
    assertThat(token.token().scopes()).hasSize(5);
    assertThatThrownBy(() -> deploy(API_PROJECT, DeployTokenSpec.of("api", Scope.API)))
        .isInstanceOf(InvalidScopeException.class);
    assertThatThrownBy(() -> new DeployTokenSpec("none", java.util.Set.of(), null, null))
        .isInstanceOf(InvalidScopeException.class);
  }

  @Test
  void deployTokenOnThePublicApiIsRefusedWithAReasonThatSaysSo() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    AuthResult result = f.auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET"));
    assertThat(reason(result)).isEqualTo(FailureReason.WRONG_CHANNEL);
  }

  @Test
  void deployTokenOnGitNeedsItsOwnUsername() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    assertThat(git(token.token().username(), token.value(), API_PROJECT).isSuccess()).isTrue();
    assertThat(reason(git("someone-else", token.value(), API_PROJECT)))
        .isEqualTo(FailureReason.USERNAME_MISMATCH);
    assertThat(reason(git(null, token.value(), API_PROJECT))).isEqualTo(FailureReason.USERNAME_MISMATCH);
  }

  @Test
  void aDeployTokenCannotTakeAUsersUsername() {
    for (String username : new String[] {"root", "bob", "Bob", "ghost"}) {
      assertThatThrownBy(() -> deploy(API_PROJECT,
          DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername(username)))
          .as(username).isInstanceOf(InvalidTokenRequestException.class)
          .hasMessageContaining("'" + username + "' is taken by a user");
    }
    assertThat(f.auth.deployTokens().list(BOB, API_PROJECT)).isEmpty();
  }

  @Test
  void aDeployTokenCannotTakeABotsUsernameNowOrLater() {
    f.auth.resourceTokens().create(BOB, API_PROJECT, io.wvs.auth.TokenSpec.of("ci", Scope.READ_API), null);
    assertThat(f.directory.findUserByUsername("project_1_bot")).isPresent();
    for (String username : new String[] {"project_1_bot", "project_1_bot7", "PROJECT_9_bot", "group_2_bot12"}) {
      assertThatThrownBy(() -> deploy(API_PROJECT,
          DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername(username)))
          .as(username).isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("reserved");
    }
  }

  @Test
  void aDeployTokenCannotTakeTheFormOfADefaultDeployUsername() {
    CreatedToken first = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    assertThat(first.token().username()).startsWith("wvs+deploy-token-");
    assertThatThrownBy(() -> deploy(WEBSITE_OF_BOB, DeployTokenSpec.of("d", Scope.READ_REPOSITORY)
        .withUsername(first.token().username()))).isInstanceOf(InvalidTokenRequestException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY)
        .withUsername("WVS+deploy-token-999"))).isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void aDeployTokenCannotTakeAnotherActiveDeployTokensUsername() {
    CreatedToken first = deploy(API_PROJECT,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername("ci-deployer"));
    assertThatThrownBy(() -> deploy(WEBSITE_OF_BOB,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername("CI-Deployer")))
        .isInstanceOf(InvalidTokenRequestException.class)
        .hasMessageContaining("taken by another deploy token");
    f.auth.deployTokens().revoke(BOB, API_PROJECT, first.token().id());
    CreatedToken again = deploy(WEBSITE_OF_BOB,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername("ci-deployer"));
    assertThat(git("ci-deployer", again.value(), WEBSITE_OF_BOB).isSuccess()).isTrue();
  }

  @Test
  void aDeployTokenIsNamedAsNoUserCanBe() {
    CreatedToken token = deploy(API_PROJECT,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY).withUsername("release-puller"));
    Principal principal = ((AuthResult.Success) git("release-puller", token.value(), API_PROJECT)).principal();
    assertThat(principal.kind()).isEqualTo(Principal.Kind.DEPLOY_TOKEN);
    assertThat(principal.username()).isEqualTo("release-puller");
    assertThat(principal.name()).isEqualTo("deploy-token:release-puller");
    assertThat(f.directory.findUserByUsername(principal.name())).isEmpty();
    assertThat(new Principal.Account(User.regular(3, "bob")).name()).isEqualTo("bob");
  }

  @Test
  void deployTokenActsAsItselfNotAsItsCreator() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    AuthResult.Success ok = (AuthResult.Success) git(token.token().username(), token.value(), API_PROJECT);
    assertThat(ok.principal().kind()).isEqualTo(Principal.Kind.DEPLOY_TOKEN);
    assertThat(ok.principal().username()).isEqualTo(token.token().username());
  }

  @Test
  void groupDeployTokenReachesAProjectThreeSubgroupsDownAndNotASiblingGroups() {
    CreatedToken token = deploy(ACME, DeployTokenSpec.of("g", Scope.READ_REPOSITORY));
    String user = token.token().username();
    assertThat(git(user, token.value(), DEEP_PROJECT).isSuccess()).isTrue();
    assertThat(git(user, token.value(), API_PROJECT).isSuccess()).isTrue();
    assertThat(reason(git(user, token.value(), TOOLS))).isEqualTo(FailureReason.RESOURCE_MISMATCH);
    assertThat(reason(git(user, token.value(), OTHER))).isEqualTo(FailureReason.RESOURCE_MISMATCH);
  }

  @Test
  void groupDeployTokenCanFetchLfsObjectsOfSubgroupProjects() {
    // LFS batch downloads are git-over-HTTP pulls of the same project: a group deploy token that
    // can clone a project can fetch its LFS objects too.
    CreatedToken token = deploy(ACME, DeployTokenSpec.of("lfs", Scope.READ_REPOSITORY));
    AuthResult lfs = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .channel(Channel.GIT_HTTP).username(token.token().username())
        .require(ScopeRequirement.gitPull()).resource(DEEP_PROJECT).build());
    assertThat(lfs.isSuccess()).isTrue();
  }

  @Test
  void deployTokenWithoutWriteScopeCannotPush() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    AuthResult push = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .channel(Channel.GIT_HTTP).username(token.token().username())
        .require(ScopeRequirement.gitPush()).resource(API_PROJECT).build());
    assertThat(reason(push)).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
  }

  @Test
  void deployTokenExpiresAtMidnightUtcOnItsDate() {
    LocalDate date = LocalDate.of(2026, 3, 20);
    CreatedToken token = deploy(API_PROJECT,
        DeployTokenSpec.of("d", Scope.READ_REPOSITORY).expiringOn(date));
    String user = token.token().username();
    f.clock.set(Instant.parse("2026-03-19T23:59:59Z"));
    assertThat(git(user, token.value(), API_PROJECT).isSuccess()).isTrue();
    f.clock.set(Instant.parse("2026-03-20T00:00:00Z"));
    assertThat(reason(git(user, token.value(), API_PROJECT))).isEqualTo(FailureReason.EXPIRED);
  }

  @Test
  void revokedDeployTokenIsRefusedAtOnce() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    f.auth.deployTokens().revoke(BOB, API_PROJECT, token.token().id());
    assertThat(reason(git(token.token().username(), token.value(), API_PROJECT)))
        .isEqualTo(FailureReason.REVOKED);
    f.auth.deployTokens().revoke(BOB, API_PROJECT, token.token().id()); // idempotent
  }

  @Test
  void registryAndPackageEndpointsAcceptDeployTokens() {
    CreatedToken token = deploy(API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REGISTRY,
        Scope.READ_PACKAGE_REGISTRY));
    AuthResult registry = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .channel(Channel.CONTAINER_REGISTRY).username(token.token().username())
        .require(ScopeRequirement.anyOf(Scope.READ_REGISTRY)).resource(API_PROJECT).build());
    AuthResult packages = f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .channel(Channel.PACKAGE_REGISTRY)
        .require(ScopeRequirement.anyOf(Scope.READ_PACKAGE_REGISTRY)).resource(API_PROJECT).build());
    assertThat(registry.isSuccess()).isTrue();
    assertThat(packages.isSuccess()).isTrue();
  }

  @Test
  void dependencyProxyNeedsBothRegistryScopes() {
    CreatedToken readOnly = deploy(ACME, DeployTokenSpec.of("r", Scope.READ_REGISTRY));
    CreatedToken both = deploy(ACME, DeployTokenSpec.of("rw", Scope.READ_REGISTRY, Scope.WRITE_REGISTRY));
    AuthResult denied = proxy(readOnly);
    assertThat(reason(denied)).isEqualTo(FailureReason.INSUFFICIENT_SCOPE);
    assertThat(((AuthResult.Failure) denied).missingScopes()).containsExactly(Scope.WRITE_REGISTRY);
    assertThat(proxy(both).isSuccess()).isTrue();
  }

  private AuthResult proxy(CreatedToken token) {
    return f.auth.authenticator().authenticate(AuthRequest.builder(token.value())
        .channel(Channel.CONTAINER_REGISTRY).username(token.token().username())
        .require(ScopeRequirement.dependencyProxy()).resource(ACME).build());
  }

  @Test
  void registryScopesNeedAnEnabledRegistry() {
    RulesFixture noRegistry = new RulesFixture(newStore(), TokenPolicy.defaults());
    assertThatThrownBy(() -> noRegistry.auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("r", Scope.READ_REGISTRY))).isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("registry");
  }

  @Test
  void ciVariablesHoldTheRealCiDeployToken() {
    CreatedToken token = deploy(API_PROJECT,
        DeployTokenSpec.of(DeployTokenService.CI_TOKEN_NAME, Scope.READ_REGISTRY));
    Optional<CiDeployCredentials> ci = f.auth.deployTokens().ciVariables(API_PROJECT);
    assertThat(ci).isPresent();
    assertThat(ci.get().asVariables()).containsEntry("CI_DEPLOY_USER", token.token().username())
        .containsEntry("CI_DEPLOY_PASSWORD", token.value());
    assertThat(ci.get().toString()).doesNotContain(token.value());
    AuthResult login = f.auth.authenticator().authenticate(AuthRequest.builder(ci.get().password())
        .channel(Channel.CONTAINER_REGISTRY).username(ci.get().user())
        .require(ScopeRequirement.anyOf(Scope.READ_REGISTRY)).resource(API_PROJECT).build());
    assertThat(login.isSuccess()).isTrue();
  }

  @Test
  void storedCiTokenRowHoldsNeitherTheRawTokenNorADeterministicCiphertext() {
    CreatedToken first = deploy(API_PROJECT,
        DeployTokenSpec.of(DeployTokenService.CI_TOKEN_NAME, Scope.READ_REGISTRY));
    TokenRecord row = f.store.findById(first.token().id()).orElseThrow();
    byte[] raw = first.value().getBytes(StandardCharsets.UTF_8);
    assertThat(row.sealedSecret()).isNotNull();
    assertThat(indexOf(row.sealedSecret(), raw)).isEqualTo(-1);
    assertThat(row.toString()).doesNotContain(first.value());
    assertThat(row.digest().encoded()).doesNotContain(first.value());

    // Sealing is randomised: every CI token, even of the same project, has a distinct nonce.
    CreatedToken second = deploy(API_PROJECT,
        DeployTokenSpec.of(DeployTokenService.CI_TOKEN_NAME, Scope.READ_REGISTRY));
    byte[] a = row.sealedSecret();
    byte[] b = f.store.findById(second.token().id()).orElseThrow().sealedSecret();
    assertThat(Arrays.copyOfRange(a, 1, 13)).isNotEqualTo(Arrays.copyOfRange(b, 1, 13));
    assertThat(f.auth.deployTokens().ciVariables(API_PROJECT).orElseThrow().password())
        .isEqualTo(second.value());
  }

  @Test
  void groupCiDeployTokenExposesNoVariables() {
    deploy(ACME, DeployTokenSpec.of(DeployTokenService.CI_TOKEN_NAME, Scope.READ_REGISTRY));
    assertThat(f.auth.deployTokens().ciVariables(ACME)).isEmpty();
    assertThat(f.auth.deployTokens().ciVariables(API_PROJECT)).isEmpty();
  }

  @Test
  void revokedCiDeployTokenExposesNoVariables() {
    CreatedToken token = deploy(API_PROJECT,
        DeployTokenSpec.of(DeployTokenService.CI_TOKEN_NAME, Scope.READ_REGISTRY));
    f.auth.deployTokens().revoke(BOB, API_PROJECT, token.token().id());
    assertThat(f.auth.deployTokens().ciVariables(API_PROJECT)).isEmpty();
  }

  @Test
  void administratorsListEveryDeployToken() {
    deploy(API_PROJECT, DeployTokenSpec.of("a", Scope.READ_REPOSITORY));
    deploy(ACME, DeployTokenSpec.of("b", Scope.READ_REPOSITORY));
    assertThat(f.auth.deployTokens().listAll(ROOT)).hasSize(2);
    assertThatThrownBy(() -> f.auth.deployTokens().listAll(BOB))
        .isInstanceOf(PermissionDeniedException.class);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
