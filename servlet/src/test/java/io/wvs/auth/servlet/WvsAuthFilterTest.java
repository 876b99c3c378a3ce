package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.spi.User;
import io.wvs.auth.servlet.TestWorld.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter over real HTTP: every credential source, every refusal, pass-through. */
class WvsAuthFilterTest {
  private static TestWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = TestWorld.start();
  }

  @AfterAll
  static void stop() throws Exception {
    world.close();
  }

  private static void assertAuthenticatedAs(Response r, String username, String kind) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode json = r.json();
    assertThat(json.get("principal").asText()).isEqualTo(username);
    assertThat(json.get("remote_user").asText()).isEqualTo(username);
    assertThat(json.get("kind").asText()).isEqualTo(kind);
  }

  private static void assertAnonymous(Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("principal").isNull()).isTrue();
    assertThat(r.json().get("kind").isNull()).isTrue();
  }

  // ------------------------------------------------------------ credential sources

  @Test
  void privateTokenHeaderWhenValidThenPrincipalIsTheUser() {
    String token = world.pat(BOB, Scope.READ_API);
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", token);
    assertAuthenticatedAs(r, "bob", "USER");
    assertThat(r.json().get("auth_type").asText()).isEqualTo("TOKEN");
  }

  @Test
  void bearerHeaderWhenValidThenPrincipalIsTheUser() {
    String token = world.pat(BOB, Scope.READ_API);
    assertAuthenticatedAs(world.get("/api/v4/echo", "Authorization", "Bearer " + token), "bob", "USER");
  }

  @Test
  void privateTokenQueryParameterWhenValidThenPrincipalIsTheUser() {
    String token = world.pat(BOB, Scope.READ_API);
    assertAuthenticatedAs(world.get("/api/v4/echo?private_token=" + token), "bob", "USER");
  }

  @Test
  void privateTokenFormParameterWhenValidThenAuthenticated() {
    String token = world.pat(BOB, Scope.API);
    assertAuthenticatedAs(world.postForm("/api/v4/echo", "private_token=" + token + "&x=1"), "bob", "USER");
  }

  @Test
  void deployTokenHeaderOnPackagePathThenPrincipalIsTheDeployToken() {
    CreatedToken deploy = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        io.wvs.auth.DeployTokenSpec.of("packages", Scope.READ_PACKAGE_REGISTRY));
    Response r = world.get("/api/v4/projects/1/packages/maven/io/wvs/lib/maven-metadata.xml",
        "Deploy-Token", deploy.value());
    assertAuthenticatedAs(r, "deploy-token:" + deploy.token().username(), "DEPLOY_TOKEN");
  }

  @Test
  void basicAuthOnPackagePathWithDeployUsernameThenAuthenticated() {
    CreatedToken deploy = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        io.wvs.auth.DeployTokenSpec.of("nuget", Scope.WRITE_PACKAGE_REGISTRY));
    Response r = world.send("PUT", "/api/v4/projects/acme%2Fplatform%2Fapi/packages/nuget/", "application/octet-stream",
        "pkg", "Authorization", basic(deploy.token().username(), deploy.value()));
    assertAuthenticatedAs(r, "deploy-token:" + deploy.token().username(), "DEPLOY_TOKEN");
    assertThat(r.json().get("auth_type").asText()).isEqualTo("BASIC");
  }

  /** The host sees {@code deploy-token:<username>}: no deploy token can pass for a user. */
  @Test
  void aDeployTokenIsSeenByTheHostAsNoUserCanBe() {
    CreatedToken deploy = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        io.wvs.auth.DeployTokenSpec.of("git", Scope.READ_REPOSITORY).withUsername("release-bot"));
    Response r = world.get("/acme/platform/api.git/info/refs?service=git-upload-pack",
        "Authorization", basic("release-bot", deploy.value()));
    assertAuthenticatedAs(r, "deploy-token:release-bot", "DEPLOY_TOKEN");
    assertThat(world.directory.findUserByUsername(r.json().get("remote_user").asText())).isEmpty();
  }

  @Test
  void basicAuthOnGitPathWithPersonalTokenThenUsernameIsIgnored() {
    String token = world.pat(BOB, Scope.READ_REPOSITORY);
    Response r = world.get("/acme/platform/api.git/info/refs?service=git-upload-pack",
        "Authorization", basic("anything", token));
    assertAuthenticatedAs(r, "bob", "USER");
  }

  @Test
  void basicAuthOnGitPathWithPasswordOfUserWithoutTwoFactorThenAuthenticated() {
    Response r = world.get("/acme/platform/api.git/info/refs?service=git-upload-pack",
        "Authorization", basic("bob", "bob-password"));
    assertAuthenticatedAs(r, "bob", "USER");
  }

  @Test
  void basicAuthOnApiPathIsNotACredential() {
    assertAnonymous(world.get("/api/v4/echo", "Authorization", basic("bob", "bob-password")));
  }

  @Test
  void requestWithoutCredentialPassesThroughUntouched() {
    assertAnonymous(world.get("/api/v4/echo"));
    assertAnonymous(world.get("/acme/platform/api.git/info/refs?service=git-upload-pack"));
    assertAnonymous(world.get("/help"));
    Response api = world.get("/api/v4/user");
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.json().get("message").asText()).isEqualTo("401 Unauthorized");
  }

  @Test
  void credentialOnUnguardedRouteIsIgnored() {
    String token = world.pat(BOB, Scope.API);
    assertAnonymous(world.get("/help", "PRIVATE-TOKEN", token));
  }

  @Test
  void otherAuthorizationSchemesAreIgnored() {
    assertAnonymous(world.get("/api/v4/echo", "Authorization", "Negotiate abc"));
  }

  // ------------------------------------------------------------ ambiguity

  @Test
  void twoDifferentCredentialsThenInvalidRequest() {
    String a = world.pat(BOB, Scope.API);
    String b = world.pat(BOB, Scope.API);
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", a, "Authorization", "Bearer " + b);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_request");
    assertThat(r.json().get("error_description").asText()).isNotBlank();
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"WVS\"").contains("error=\"invalid_request\"");
    assertThat(r.body()).doesNotContain(a).doesNotContain(b);
  }

  @Test
  void headerAndQueryParameterWithDifferentTokensThenInvalidRequest() {
    String a = world.pat(BOB, Scope.API);
    Response r = world.get("/api/v4/echo?private_token=" + world.pat(BOB, Scope.API), "PRIVATE-TOKEN", a);
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void twoPrivateTokenHeadersWithDifferentValuesThenInvalidRequest() {
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", world.pat(BOB, Scope.API),
        "PRIVATE-TOKEN", world.pat(BOB, Scope.API));
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void deployTokenAndBasicWithDifferentValuesOnGitThenPlainTextBadRequest() {
    String a = world.deployToken(ResourceRef.project(1), Scope.READ_REPOSITORY);
    Response r = world.get("/acme/platform/api.git/info/refs", "Deploy-Token", a,
        "Authorization", basic("bob", "bob-password"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
  }

  @Test
  void sameTokenInTwoPlacesIsOneCredential() {
    String token = world.pat(BOB, Scope.READ_API);
    assertAuthenticatedAs(world.get("/api/v4/echo?private_token=" + token, "PRIVATE-TOKEN", token,
        "Authorization", "Bearer " + token), "bob", "USER");
  }

  // ------------------------------------------------------------ refusals on the API

  // ------------------------------------------------------------ container-registry token service

  @Test
  void theRegistryTokenServiceAcceptsADeployTokenWithItsUsernameByBasicAuth() {
    CreatedToken deploy = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        io.wvs.auth.DeployTokenSpec.of("registry", Scope.READ_REGISTRY));
    Response r = world.get("/jwt/auth?service=container_registry&scope=repository:acme/platform/api:pull",
        "Authorization", basic(deploy.token().username(), deploy.value()));
    assertAuthenticatedAs(r, "deploy-token:" + deploy.token().username(), "DEPLOY_TOKEN");
  }

  @Test
  void registryTokenServiceRefusalsAreTheRegistrysErrorJson() {
    CreatedToken deploy = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        io.wvs.auth.DeployTokenSpec.of("registry", Scope.READ_REGISTRY));
    Response wrongUser = world.get("/jwt/auth?service=container_registry",
        "Authorization", basic("someone-else", deploy.value()));
    assertThat(wrongUser.status()).isEqualTo(401);
    assertThat(wrongUser.body())
        .isEqualTo("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"HTTP Basic: Access denied\"}]}");
    assertThat(wrongUser.header("WWW-Authenticate")).isEqualTo("Basic realm=\"WVS\"");
    assertThat(wrongUser.body()).doesNotContain(deploy.value());
    CreatedToken repositoryOnly = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        io.wvs.auth.DeployTokenSpec.of("git", Scope.READ_REPOSITORY));
    Response noRegistryScope = world.get("/jwt/auth?service=container_registry",
        "Authorization", basic(repositoryOnly.token().username(), repositoryOnly.value()));
    assertThat(noRegistryScope.status()).isEqualTo(403);
    assertThat(noRegistryScope.json().get("errors").get(0).get("code").asText()).isEqualTo("DENIED");
    Response malformed = world.get("/jwt/auth", "Authorization", "Basic %%%");
    assertThat(malformed.status()).isEqualTo(401);
    assertThat(malformed.json().get("errors").get(0).get("code").asText()).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void unknownTokenThenPlatformUnauthorized() {
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", "wvspat-00000000000000000000000000000000AAAAAA");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"WVS\"").contains("error=\"invalid_token\"");
  }

  @Test
  void wellFormedButUnknownPredeterminedTokenThenPlatformUnauthorized() {
    Response r = world.get("/api/v4/echo", "Authorization", "Bearer token-string-here123456");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("message").asText()).isEqualTo("401 Unauthorized");
  }

  @Test
  void revokedTokenThenInvalidTokenWithDescription() {
    CreatedToken created = world.auth.personalTokens().create(BOB, BOB, TokenSpec.of("r", Scope.API));
    world.auth.personalTokens().revoke(BOB, created.token().id());
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", created.value());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
    assertThat(r.json().get("error_description").asText())
        .isEqualTo("Token was revoked. You have to re-authorize from the user.");
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"WVS\", error=\"invalid_token\", error_description=\""
            + "Token was revoked. You have to re-authorize from the user.\"");
  }

  @Test
  void expiredTokenThenInvalidTokenWithDescription() {
    CreatedToken created = world.auth.personalTokens().create(BOB, BOB,
        TokenSpec.of("e", Scope.API).expiringOn(TestWorld.date("2025-03-12")));
    assertThat(world.get("/api/v4/echo", "PRIVATE-TOKEN", created.value()).status()).isEqualTo(200);
    try {
      world.clock.set(java.time.Instant.parse("2025-03-12T00:00:00Z"));
      Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", created.value());
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
      assertThat(r.json().get("error_description").asText())
          .isEqualTo("Token is expired. You can either do re-authorization or token refresh.");
      assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    } finally {
      world.clock.set(TestWorld.START);
    }
  }

  @Test
  void readApiTokenPostingThenInsufficientScopeWithScope() {
    String token = world.pat(BOB, Scope.READ_API);
    Response r = world.postJson("/api/v4/echo", "{}", "PRIVATE-TOKEN", token);
    assertThat(r.status()).isEqualTo(403);
    JsonNode json = r.json();
    assertThat(json.get("error").asText()).isEqualTo("insufficient_scope");
    assertThat(json.get("error_description").asText())
        .isEqualTo("The request requires higher privileges than provided by the access token.");
    assertThat(json.get("scope").asText()).isEqualTo("api");
    assertThat(r.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"").contains("scope=\"api\"");
  }

  @Test
  void readApiTokenHeadIsAllowed() {
    String token = world.pat(BOB, Scope.READ_API);
    assertThat(world.send("HEAD", "/api/v4/echo", null, null, "PRIVATE-TOKEN", token).status()).isEqualTo(200);
  }

  @Test
  void readUserTokenOnUserEndpointsOnly() {
    String token = world.pat(BOB, Scope.READ_USER);
    assertThat(world.get("/api/v4/user", "PRIVATE-TOKEN", token).status()).isEqualTo(200);
    Response projects = world.get("/api/v4/projects/1/echo", "PRIVATE-TOKEN", token);
    assertThat(projects.status()).isEqualTo(403);
    assertThat(projects.json().get("scope").asText()).isEqualTo("read_api");
  }

  @Test
  void storeDownThenServiceUnavailableWithoutStackTrace() {
    String token = world.pat(BOB, Scope.API);
    world.store.down(true);
    try {
      Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", token);
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().get("message").asText()).isEqualTo("503 Service Unavailable");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain(token);
      Response git = world.get("/acme/platform/api.git/info/refs", "Authorization", basic("x", token));
      assertThat(git.status()).isEqualTo(503);
    } finally {
      world.store.down(false);
    }
  }

  @Test
  void deployTokenOnApiThenUnauthorizedAsThePlatform() {
    String deploy = world.deployToken(ResourceRef.project(1), Scope.READ_REPOSITORY, Scope.READ_PACKAGE_REGISTRY);
    Response header = world.get("/api/v4/user", "PRIVATE-TOKEN", deploy);
    assertThat(header.status()).isEqualTo(401);
    assertThat(header.json().get("message").asText()).isEqualTo("401 Unauthorized");
    Response deployHeader = world.get("/api/v4/projects/1/echo", "Deploy-Token", deploy);
    assertThat(deployHeader.status()).isEqualTo(401);
    assertThat(deployHeader.json().get("message").asText()).isEqualTo("401 Unauthorized");
  }

  @Test
  void projectTokenOnAnotherProjectThenNotFound() {
    CreatedToken token = world.auth.resourceTokens().create(BOB, ResourceRef.project(1),
        TokenSpec.of("bot", Scope.READ_API), null);
    assertAuthenticatedAs(world.get("/api/v4/projects/1/echo", "PRIVATE-TOKEN", token.value()),
        "project_1_bot" + suffix(token), "BOT");
    Response other = world.get("/api/v4/projects/2/echo", "PRIVATE-TOKEN", token.value());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().get("message").asText()).isEqualTo("404 Project Not Found");
    Response byPath = world.get("/api/v4/projects/acme%2Fwebsite/echo", "PRIVATE-TOKEN", token.value());
    assertThat(byPath.status()).isEqualTo(404);
  }

  private static String suffix(CreatedToken token) {
    String username = world.directory.findUser(token.token().userId()).orElseThrow().username();
    return username.substring("project_1_bot".length());
  }

  @Test
  void blockedUserThenForbiddenAsThePlatform() {
    world.directory.put(User.regular(20, "carol"));
    String token = world.pat(20, Scope.API);
    world.directory.put(new User(20, "carol", false, true, false, false));
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", token);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("message").asText()).isEqualTo("403 Forbidden - Your account has been blocked.");
  }

  // ------------------------------------------------------------ sudo and impersonation

  @Test
  void sudoHeaderWithAdminSudoTokenThenActsAsTarget() {
    String token = world.pat(ROOT, Scope.API, Scope.SUDO);
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", token, "Sudo", "bob");
    assertAuthenticatedAs(r, "bob", "USER");
    assertThat(r.json().get("sudo_by").asText()).isEqualTo("root");
    assertAuthenticatedAs(world.get("/api/v4/echo?sudo=3", "PRIVATE-TOKEN", token), "bob", "USER");
  }

  @Test
  void sudoWithoutSudoScopeThenForbidden() {
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", world.pat(ROOT, Scope.API), "Sudo", "bob");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("message").asText()).startsWith("403 Forbidden - ");
  }

  @Test
  void sudoHeaderAndParameterDisagreeingThenInvalidRequest() {
    String token = world.pat(ROOT, Scope.API, Scope.SUDO);
    Response r = world.get("/api/v4/echo?sudo=alice", "PRIVATE-TOKEN", token, "Sudo", "bob");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void unreadableQueryStringThatMayNameASudoTargetThenInvalidRequest() {
    String token = world.pat(ROOT, Scope.API, Scope.SUDO);
    assertThat(world.get("/api/v4/echo?sudo=%C3%28", "PRIVATE-TOKEN", token).status()).isEqualTo(400);
  }

  @Test
  void impersonationTokenActsAsTheUserAndSaysSo() {
    CreatedToken created = world.auth.personalTokens().createImpersonation(ROOT, BOB,
        TokenSpec.of("imp", Scope.API));
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", created.value());
    assertAuthenticatedAs(r, "bob", "USER");
    assertThat(r.json().get("impersonation").asBoolean()).isTrue();
  }

  // ------------------------------------------------------------ git over HTTP

  @Test
  void twoFactorUserPasswordOnGitThenBasicChallengeAndPatMessage() {
    Response r = world.get("/acme/platform/api.git/info/refs?service=git-upload-pack",
        "Authorization", basic("alice", "alice-password"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"WVS\"");
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body()).startsWith("HTTP Basic: Access denied")
        .contains("You must use a personal access token with 'read_repository' or 'write_repository' scope")
        .contains("two-factor authentication")
        .doesNotContain("alice-password");
  }

  @Test
  void wrongPasswordOnGitThenBasicChallenge() {
    Response r = world.get("/acme/platform/api.git/info/refs?service=git-upload-pack",
        "Authorization", basic("bob", "not-the-password"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"WVS\"");
  }

  @Test
  void twoFactorUserWithPersonalTokenOnGitThenAuthenticated() {
    String token = world.pat(ALICE, Scope.READ_REPOSITORY);
    assertAuthenticatedAs(world.get("/acme/platform/api.git/git-upload-pack",
        "Authorization", basic("alice", token)), "alice", "USER");
  }

  @Test
  void readRepositoryTokenPushingThenForbidden() {
    String token = world.pat(BOB, Scope.READ_REPOSITORY);
    Response advertise = world.get("/acme/platform/api.git/info/refs?service=git-receive-pack",
        "Authorization", basic("bob", token));
    assertThat(advertise.status()).isEqualTo(403);
    assertThat(advertise.body()).contains("write_repository");
    Response push = world.postForm("/acme/platform/api.git/git-receive-pack", "", "Authorization", basic("bob", token));
    assertThat(push.status()).isEqualTo(403);
    String writer = world.pat(BOB, Scope.WRITE_REPOSITORY);
    assertAuthenticatedAs(world.get("/acme/platform/api.git/info/refs?service=git-receive-pack",
        "Authorization", basic("bob", writer)), "bob", "USER");
  }

  @Test
  void deployTokenOnGitNeedsItsOwnUsername() {
    CreatedToken deploy = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        io.wvs.auth.DeployTokenSpec.of("clone", Scope.READ_REPOSITORY));
    Response wrong = world.get("/acme/platform/api.git/info/refs", "Authorization", basic("bob", deploy.value()));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.header("WWW-Authenticate")).isEqualTo("Basic realm=\"WVS\"");
    assertAuthenticatedAs(world.get("/acme/platform/api.git/info/refs",
        "Authorization", basic(deploy.token().username(), deploy.value())),
        "deploy-token:" + deploy.token().username(), "DEPLOY_TOKEN");
  }

  @Test
  void groupDeployTokenClonesAndFetchesLfsOfSubgroupProjects() {
    CreatedToken deploy = world.auth.deployTokens().create(ROOT, ResourceRef.group(TestWorld.ACME),
        io.wvs.auth.DeployTokenSpec.of("group", Scope.READ_REPOSITORY));
    String auth = basic(deploy.token().username(), deploy.value());
    String user = "deploy-token:" + deploy.token().username();
    assertAuthenticatedAs(world.get("/acme/platform/api.git/info/refs?service=git-upload-pack",
        "Authorization", auth), user, "DEPLOY_TOKEN");
    assertAuthenticatedAs(world.send("POST", "/acme/platform/api.git/info/lfs/objects/batch",
        "application/vnd.git-lfs+json", "{\"operation\":\"download\",\"objects\":[]}", "Authorization", auth),
        user, "DEPLOY_TOKEN");
    assertAuthenticatedAs(world.get("/acme/website.git/info/lfs/objects/batch", "Authorization", auth),
        user, "DEPLOY_TOKEN");
    Response outside = world.send("POST", "/other/tools.git/info/lfs/objects/batch",
        "application/vnd.git-lfs+json", "{}", "Authorization", auth);
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.header("Content-Type")).startsWith("application/vnd.git-lfs+json");
    assertThat(outside.json().get("message").asText()).isEqualTo("Repository or object not found");
    Response lfsUpload = world.send("PUT", "/acme/platform/api.git/info/lfs/objects/abc123",
        "application/octet-stream", "x", "Authorization", auth);
    assertThat(lfsUpload.status()).isEqualTo(403);
  }

  @Test
  void unknownTokenOnLfsThenLfsJsonAndBasicChallenge() {
    Response r = world.send("POST", "/acme/platform/api.git/info/lfs/objects/batch",
        "application/vnd.git-lfs+json", "{}", "Authorization", basic("x", "wvspat-nonsense-nonsense-nonsense"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"WVS\"");
    assertThat(r.header("Content-Type")).startsWith("application/vnd.git-lfs+json");
    assertThat(r.json().get("message").asText()).startsWith("Access denied");
  }

  @Test
  void malformedBasicHeaderOnGitThenChallenge() {
    Response r = world.get("/acme/platform/api.git/info/refs", "Authorization", "Basic !!!not-base64!!!");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"WVS\"");
  }

  @Test
  void projectTokenOnAnotherProjectsRepositoryThenNotFound() {
    CreatedToken token = world.auth.resourceTokens().create(BOB, ResourceRef.project(2),
        TokenSpec.of("bot", Scope.READ_REPOSITORY), null);
    Response r = world.get("/acme/platform/api.git/info/refs", "Authorization", basic("x", token.value()));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).contains("could not be found");
  }

  // ------------------------------------------------------------ hostile input

  @Test
  void hostilePathsIgnoreTheCredential() {
    String token = world.pat(BOB, Scope.API);
    Response dots = world.get("/acme/platform/api.git/../../../other/tools.git/info/refs", "PRIVATE-TOKEN", token);
    assertThat(dots.status() == 400 || dots.json().get("principal").isNull()).as(dots.body()).isTrue();
    Response slash = world.get("/api/v4/projects/1/access_tokens%2F5", "PRIVATE-TOKEN", token);
    assertThat(slash.status()).isIn(400, 401, 404);
    assertThat(slash.body()).doesNotContain(token);
  }

  @Test
  void oversizedAndNonAsciiTokensAreRefusedCheaply() {
    String huge = "a".repeat(3000);
    Response r = world.get("/api/v4/echo", "PRIVATE-TOKEN", huge);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).doesNotContain(huge);
    Response encoded = world.get("/api/v4/echo?private_token=" + URLEncoder.encode("tökén-tökén-tökén-tökén", StandardCharsets.UTF_8));
    assertThat(encoded.status()).isEqualTo(401);
  }

  @Test
  void lastUseIsRecordedThroughTheFilter() {
    CreatedToken created = world.auth.personalTokens().create(BOB, BOB, TokenSpec.of("u", Scope.READ_API));
    world.clock.advance(Duration.ofSeconds(1));
    try {
      world.get("/api/v4/echo", "PRIVATE-TOKEN", created.value());
      assertThat(world.auth.personalTokens().get(BOB, created.token().id()).lastUsedAt()).isNotNull();
    } finally {
      world.clock.set(TestWorld.START);
    }
  }
}
