package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.TestWorld.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The package registry through the standard rules and the filter: which routes are on the package
 * channel with which scope and resource, which credentials a package client may present (the
 * {@code Deploy-Token} and {@code Private-Token} headers, Bearer, Basic with a token), and which
 * tokens reach which project. The host behind sees only authenticated requests (the echo servlet).
 */
class PackageRegistryRoutesTest {
  private static final ScopeRequirement READ = ScopeRequirement.anyOf(Scope.READ_PACKAGE_REGISTRY);
  private static final ScopeRequirement WRITE = ScopeRequirement.anyOf(Scope.WRITE_PACKAGE_REGISTRY);
  private static final String JAR = "/packages/maven/io/wvs/lib/1.0/lib-1.0.jar";
  private static TestWorld world;
  private static RouteRules rules;

  @BeforeAll
  static void start() throws Exception {
    world = TestWorld.start();
    rules = RouteRules.standard(world.auth);
  }

  @AfterAll
  static void stop() throws Exception {
    world.close();
  }

  private static AccessRule rule(String method, String uri) {
    return rules.ruleFor(StubRequest.of(method, uri));
  }

  private static String deploy(ResourceRef resource, Scope scope) {
    return world.deployToken(resource, scope);
  }

  // ------------------------------------------------------------ routes

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD"})
  void projectPackageDownloadsNeedReadPackageRegistryOnTheProject(String method) {
    assertThat(rule(method, "/api/v4/projects/1" + JAR))
        .isEqualTo(new AccessRule(Channel.PACKAGE_REGISTRY, READ, ResourceRef.project(1)));
    assertThat(rule(method, "/api/v4/projects/acme%2Fplatform%2Fapi" + JAR))
        .isEqualTo(new AccessRule(Channel.PACKAGE_REGISTRY, READ, ResourceRef.project(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "POST", "DELETE"})
  void projectPackageUploadsNeedWritePackageRegistryOnTheProject(String method) {
    assertThat(rule(method, "/api/v4/projects/2" + JAR))
        .isEqualTo(new AccessRule(Channel.PACKAGE_REGISTRY, WRITE, ResourceRef.project(2)));
  }

  @Test
  void groupPackageEndpointsAreOnThePackageChannelWithTheGroup() {
    assertThat(rule("GET", "/api/v4/groups/2/-" + JAR))
        .isEqualTo(new AccessRule(Channel.PACKAGE_REGISTRY, READ, ResourceRef.group(2)));
    assertThat(rule("GET", "/api/v4/groups/acme%2Fplatform/-" + JAR))
        .isEqualTo(new AccessRule(Channel.PACKAGE_REGISTRY, READ, ResourceRef.group(2)));
    assertThat(rule("PUT", "/api/v4/groups/1/-" + JAR))
        .isEqualTo(new AccessRule(Channel.PACKAGE_REGISTRY, WRITE, ResourceRef.group(1)));
  }

  /** {@code /api/v4/packages/maven/**} names no project: the host finds it and decides. */
  @Test
  void theInstanceLevelMavenEndpointIsOnThePackageChannelWithoutAResource() {
    assertThat(rule("GET", "/api/v4/packages/maven/io/wvs/lib/1.0/lib-1.0.jar"))
        .isEqualTo(new AccessRule(Channel.PACKAGE_REGISTRY, READ, null));
    assertThat(rule("PUT", "/api/v4/packages/maven/io/wvs/lib/1.0/lib-1.0.jar"))
        .isEqualTo(new AccessRule(Channel.PACKAGE_REGISTRY, WRITE, null));
  }

  @Test
  void anEncodedSlashOrDotSegmentInAPackagePathGetsNoRule() {
    assertThat(rule("GET", "/api/v4/projects/1/packages/maven/io%2F..%2Fsecret")).isNull();
    assertThat(rule("GET", "/api/v4/projects/1/packages/maven/io/../../../2/packages/maven/x")).isNull();
  }

  // ------------------------------------------------------------ credentials and scopes

  @Test
  void theDeployTokenHeaderThePrivateTokenHeaderBearerAndBasicAllCarryAPackageCredential() {
    CreatedToken d = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        DeployTokenSpec.of("maven", Scope.READ_PACKAGE_REGISTRY));
    String pat = world.pat(BOB, Scope.READ_API);
    String path = "/api/v4/projects/1" + JAR;
    assertThat(world.get(path, "Deploy-Token", d.value()).status()).isEqualTo(200);
    assertThat(world.get(path, "Private-Token", pat).status()).isEqualTo(200);
    assertThat(world.get(path, "Authorization", "Bearer " + pat).status()).isEqualTo(200);
    assertThat(world.get(path, "Authorization", basic(d.token().username(), d.value())).status()).isEqualTo(200);
    assertThat(world.get(path, "Authorization", basic("bob", pat)).status()).isEqualTo(200);
  }

  @Test
  void aDeployTokenByBasicAuthNeedsItsOwnUsername() {
    CreatedToken d = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        DeployTokenSpec.of("maven", Scope.READ_PACKAGE_REGISTRY));
    Response r = world.get("/api/v4/projects/1" + JAR, "Authorization", basic("bob", d.value()));
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void aUsersPasswordIsNoPackageRegistryCredential() {
    Response r = world.get("/api/v4/projects/1" + JAR, "Authorization", basic("bob", "bob-password"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Basic ");
  }

  @Test
  void readApiReadsPackagesAndApiWritesThemForPersonalTokens() {
    String read = world.pat(BOB, Scope.READ_API);
    String api = world.pat(BOB, Scope.API);
    assertThat(world.get("/api/v4/projects/1" + JAR, "Private-Token", read).status()).isEqualTo(200);
    Response readPut = world.send("PUT", "/api/v4/projects/1" + JAR, "application/java-archive", "x",
        "Private-Token", read);
    assertThat(readPut.status()).isEqualTo(403);
    assertThat(readPut.json().path("scope").asText()).isEqualTo("write_package_registry");
    assertThat(world.send("PUT", "/api/v4/projects/1" + JAR, "application/java-archive", "x",
        "Private-Token", api).status()).isEqualTo(200);
  }

  @Test
  void readRepositoryDoesNotReadPackages() {
    String repo = world.pat(ALICE, Scope.READ_REPOSITORY);
    Response r = world.get("/api/v4/projects/1" + JAR, "Private-Token", repo);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().path("scope").asText()).isEqualTo("read_package_registry");
    String deployRepo = deploy(ResourceRef.project(1), Scope.READ_REPOSITORY);
    assertThat(world.get("/api/v4/projects/1" + JAR, "Deploy-Token", deployRepo).status()).isEqualTo(403);
  }

  @Test
  void aReadPackageRegistryDeployTokenCannotUpload() {
    String read = deploy(ResourceRef.project(1), Scope.READ_PACKAGE_REGISTRY);
    Response r = world.send("PUT", "/api/v4/projects/1" + JAR, "application/java-archive", "x", "Deploy-Token", read);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().path("scope").asText()).isEqualTo("write_package_registry");
  }

  @Test
  void aProjectAccessTokenReachesItsOwnProjectsPackagesOnly() {
    CreatedToken bot = world.auth.resourceTokens().create(ROOT, ResourceRef.project(1),
        TokenSpec.of("maven", Scope.READ_API), Role.REPORTER);
    assertThat(world.get("/api/v4/projects/1" + JAR, "Private-Token", bot.value()).status()).isEqualTo(200);
    Response other = world.get("/api/v4/projects/2" + JAR, "Private-Token", bot.value());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().path("message").asText()).isEqualTo("404 Project Not Found");
  }

  @Test
  void aProjectDeployTokenDoesNotReachAnotherProjectsPackages() {
    String d = deploy(ResourceRef.project(2), Scope.WRITE_PACKAGE_REGISTRY);
    assertThat(world.get("/api/v4/projects/1" + JAR, "Deploy-Token", d).status()).isEqualTo(404);
    assertThat(world.get("/api/v4/groups/1/-" + JAR, "Deploy-Token", d).status()).isEqualTo(404);
  }

  @Test
  void aGroupDeployTokenReachesThePackagesOfItsSubgroupsProjects() {
    String acme = deploy(ResourceRef.group(1), Scope.READ_PACKAGE_REGISTRY);
    assertThat(world.get("/api/v4/projects/1" + JAR, "Deploy-Token", acme).status()).isEqualTo(200);
    assertThat(world.get("/api/v4/groups/2/-" + JAR, "Deploy-Token", acme).status()).isEqualTo(200);
    assertThat(world.get("/api/v4/projects/3" + JAR, "Deploy-Token", acme).status()).isEqualTo(404);
  }

  @Test
  void aRevokedDeployTokenIsRefusedOnThePackageRegistry() {
    CreatedToken d = world.auth.deployTokens().create(ROOT, ResourceRef.project(1),
        DeployTokenSpec.of("maven", Scope.READ_PACKAGE_REGISTRY));
    assertThat(world.get("/api/v4/projects/1" + JAR, "Deploy-Token", d.value()).status()).isEqualTo(200);
    world.auth.deployTokens().revoke(ROOT, ResourceRef.project(1), d.token().id());
    Response r = world.get("/api/v4/projects/1" + JAR, "Deploy-Token", d.value());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid_token");
  }
}
