package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.Channel;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.tck.CountingUserDirectory;
import io.wvs.auth.tck.ForwardingResourceDirectory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RouteRules.standard: the platform's paths, and hostile ones. */
class RouteRulesTest {
  private static final ScopeRequirement READ_API = ScopeRequirement.anyOf(Scope.READ_API);
  private static final ScopeRequirement API = ScopeRequirement.anyOf(Scope.API);
  private static final ScopeRequirement READ_USER = ScopeRequirement.anyOf(Scope.READ_USER);
  private static final ScopeRequirement READ_PACKAGES = ScopeRequirement.anyOf(Scope.READ_PACKAGE_REGISTRY);
  private static final ScopeRequirement WRITE_PACKAGES = ScopeRequirement.anyOf(Scope.WRITE_PACKAGE_REGISTRY);

  private final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  private final CountingUserDirectory counted = new CountingUserDirectory(directory);
  private final RouteRules rules = standardOver(counted);

  RouteRulesTest() {
    directory.put(User.admin(1, "root"));
    directory.addGroup(1, "acme", null);
    directory.addGroup(2, "acme/platform", 1L);
    directory.addGroup(3, "other", null);
    directory.addProject(1, "acme/platform/api", 2);
    directory.addProject(2, "acme/website", 1);
    directory.addProject(3, "other/tools", 3);
  }

  /** The standard rules of an instance whose projects and groups are {@code resources}. */
  private RouteRules standardOver(ResourceDirectory resources) {
    return RouteRules.standard(WvsAuth.builder().tokenStore(new InMemoryTokenStore())
        .userDirectory(directory).resourceDirectory(resources)
        .keyring(DigestKeyring.of("k1", new byte[32])).build());
  }

  private AccessRule rule(String method, String uri) {
    return rules.ruleFor(StubRequest.of(method, uri));
  }

  private static AccessRule expected(Channel channel, ScopeRequirement requirement, ResourceRef resource) {
    return new AccessRule(channel, requirement, resource);
  }

  // ------------------------------------------------------------ container registry

  @Test
  void theRegistryTokenServiceIsRoutedOnTheContainerRegistryChannelWithAnyRegistryScope() {
    ScopeRequirement anyRegistry = ScopeRequirement.anyOf(Scope.READ_REGISTRY, Scope.WRITE_REGISTRY);
    assertThat(rule("GET", "/jwt/auth?service=container_registry&scope=repository:acme/platform/api:pull"))
        .isEqualTo(expected(Channel.CONTAINER_REGISTRY, anyRegistry, null));
    assertThat(rule("GET", "/jwt/auth/extra")).isNull();
    assertThat(rule("GET", "/jwt")).isNull();
  }

  // ------------------------------------------------------------ API

  @Test
  void apiRoutesNeedReadApiForSafeMethodsAndApiOtherwise() {
    assertThat(rule("GET", "/api/v4/projects")).isEqualTo(expected(Channel.API, READ_API, null));
    assertThat(rule("HEAD", "/api/v4/projects")).isEqualTo(expected(Channel.API, READ_API, null));
    assertThat(rule("POST", "/api/v4/personal_access_tokens/4/rotate")).isEqualTo(expected(Channel.API, API, null));
    assertThat(rule("DELETE", "/api/v4/personal_access_tokens/4")).isEqualTo(expected(Channel.API, API, null));
    assertThat(rule("get", "/api/v4/projects")).isEqualTo(expected(Channel.API, READ_API, null));
    assertThat(rule("OPTIONS", "/api/v4/projects")).isEqualTo(expected(Channel.API, API, null));
  }

  /** A token rotating itself needs {@code api} or {@code self_rotate}; rotating another, {@code api}. */
  @Test
  void selfRotationRoutesNeedApiOrSelfRotate() {
    ScopeRequirement self = ScopeRequirement.anyOf(Scope.API, Scope.SELF_ROTATE);
    assertThat(rule("POST", "/api/v4/personal_access_tokens/self/rotate")).isEqualTo(expected(Channel.API, self, null));
    assertThat(rule("POST", "/api/v4/projects/1/access_tokens/self/rotate").requirement()).isEqualTo(self);
    assertThat(rule("POST", "/api/v4/groups/2/access_tokens/self/rotate").requirement()).isEqualTo(self);
    assertThat(rule("POST", "/api/v4/projects/1/access_tokens/7/rotate").requirement()).isEqualTo(API);
    assertThat(rule("POST", "/api/v4/projects/1/deploy_tokens/7/rotate").requirement()).isEqualTo(API);
    assertThat(rule("POST", "/api/v4/user/personal_access_tokens")).isEqualTo(expected(Channel.API, API, null));
  }

  @Test
  void userRoutesNeedReadUserForSafeMethods() {
    assertThat(rule("GET", "/api/v4/user")).isEqualTo(expected(Channel.API, READ_USER, null));
    assertThat(rule("GET", "/api/v4/user/")).isEqualTo(expected(Channel.API, READ_USER, null));
    assertThat(rule("GET", "/api/v4/users/3/impersonation_tokens")).isEqualTo(expected(Channel.API, READ_USER, null));
    assertThat(rule("POST", "/api/v4/users/3/personal_access_tokens")).isEqualTo(expected(Channel.API, API, null));
  }

  @Test
  void resourceFromNumericIdWithoutDirectoryLookup() {
    assertThat(rule("GET", "/api/v4/projects/1/access_tokens"))
        .isEqualTo(expected(Channel.API, READ_API, ResourceRef.project(1)));
    assertThat(rule("POST", "/api/v4/groups/2/deploy_tokens"))
        .isEqualTo(expected(Channel.API, API, ResourceRef.group(2)));
    assertThat(rule("GET", "/api/v4/projects/42")).isEqualTo(expected(Channel.API, READ_API, ResourceRef.project(42)));
    assertThat(counted.calls("findResourceByPath")).isZero();
  }

  @Test
  void resourceFromUrlEncodedFullPath() {
    assertThat(rule("POST", "/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens"))
        .isEqualTo(expected(Channel.API, API, ResourceRef.project(1)));
    assertThat(rule("GET", "/api/v4/projects/acme%2fwebsite")).isEqualTo(expected(Channel.API, READ_API, ResourceRef.project(2)));
    assertThat(rule("GET", "/api/v4/groups/acme%2Fplatform/access_tokens"))
        .isEqualTo(expected(Channel.API, READ_API, ResourceRef.group(2)));
    assertThat(rule("GET", "/api/v4/groups/acme")).isEqualTo(expected(Channel.API, READ_API, ResourceRef.group(1)));
  }

  @Test
  void unknownOrMismatchedResourcesHaveNoResource() {
    assertThat(rule("GET", "/api/v4/projects/acme%2Fnope/access_tokens")).isEqualTo(expected(Channel.API, READ_API, null));
    assertThat(rule("GET", "/api/v4/groups/acme%2Fwebsite/access_tokens")).isEqualTo(expected(Channel.API, READ_API, null));
    assertThat(rule("GET", "/api/v4/projects/acme/access_tokens")).isEqualTo(expected(Channel.API, READ_API, null));
    assertThat(rule("GET", "/api/v4/projects/0/access_tokens")).isEqualTo(expected(Channel.API, READ_API, null));
    assertThat(rule("GET", "/api/v4/projects/" + "9".repeat(19))).isEqualTo(expected(Channel.API, READ_API, null));
  }

  @Test
  void packageRoutesUseThePackageRegistryChannel() {
    assertThat(rule("GET", "/api/v4/projects/1/packages/maven/io/wvs/lib/1.0/lib-1.0.jar"))
        .isEqualTo(expected(Channel.PACKAGE_REGISTRY, READ_PACKAGES, ResourceRef.project(1)));
    assertThat(rule("PUT", "/api/v4/projects/acme%2Fwebsite/packages/nuget/"))
        .isEqualTo(expected(Channel.PACKAGE_REGISTRY, WRITE_PACKAGES, ResourceRef.project(2)));
    assertThat(rule("GET", "/api/v4/groups/1/-/packages/npm/@acme/lib"))
        .isEqualTo(expected(Channel.PACKAGE_REGISTRY, READ_PACKAGES, ResourceRef.group(1)));
    assertThat(rule("GET", "/api/v4/packages/npm/lib")).isEqualTo(expected(Channel.PACKAGE_REGISTRY, READ_PACKAGES, null));
    assertThat(rule("GET", "/api/v4/groups/1/packages")).isEqualTo(expected(Channel.API, READ_API, ResourceRef.group(1)));
  }

  @Test
  void contextPathIsStripped() {
    assertThat(rules.ruleFor(StubRequest.of("GET", "/wvs", "/api/v4/projects/1/access_tokens")))
        .isEqualTo(expected(Channel.API, READ_API, ResourceRef.project(1)));
    assertThat(rules.ruleFor(StubRequest.of("GET", "/wvs", "/acme/website.git/info/refs")))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), ResourceRef.project(2)));
  }

  // ------------------------------------------------------------ git

  @Test
  void gitSmartHttpPullAndPush() {
    ResourceRef api = ResourceRef.project(1);
    assertThat(rule("GET", "/acme/platform/api.git/info/refs?service=git-upload-pack"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), api));
    assertThat(rule("POST", "/acme/platform/api.git/git-upload-pack"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), api));
    assertThat(rule("GET", "/acme/platform/api.git/info/refs?service=git-receive-pack"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPush(), api));
    assertThat(rule("GET", "/acme/platform/api.git/info/refs?x=1&service=git-receive-pack"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPush(), api));
    assertThat(rule("POST", "/acme/platform/api.git/git-receive-pack"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPush(), api));
    assertThat(rule("GET", "/acme/platform/api.git/info/refs"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), api));
    assertThat(rule("GET", "/acme/platform/api.git/HEAD"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), api));
  }

  @Test
  void gitLfs() {
    ResourceRef api = ResourceRef.project(1);
    assertThat(rule("POST", "/acme/platform/api.git/info/lfs/objects/batch"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), api));
    assertThat(rule("GET", "/acme/platform/api.git/info/lfs/objects/6a7c"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), api));
    assertThat(rule("PUT", "/acme/platform/api.git/info/lfs/objects/6a7c"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPush(), api));
    assertThat(rule("POST", "/acme/platform/api.git/info/lfs/locks/verify"))
        .isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPush(), api));
  }

  @Test
  void gitOnUnknownRepositoryOrGroupPathHasNoResource() {
    assertThat(rule("GET", "/acme/nope.git/info/refs")).isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), null));
    assertThat(rule("GET", "/acme/platform.git/info/refs")).isEqualTo(expected(Channel.GIT_HTTP, ScopeRequirement.gitPull(), null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/help", "/acme/platform/api", "/api/v3/user", "/api.git/info/refs", "/.git/info/refs",
      "/acme/-/profile/personal_access_tokens", "/acme/.git/info/refs"})
  void otherPathsHaveNoRule(String uri) {
    assertThat(rule("GET", uri)).isNull();
  }

  // ------------------------------------------------------------ hostile paths

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/v4/projects/1/../2/access_tokens",
      "/api/v4/projects/1/./access_tokens",
      "/api/v4/projects/%2e%2e/access_tokens",
      "/api/v4/projects/%2E/access_tokens",
      "/api/v4/projects/1/access_tokens%2F5",
      "/api/v4/projects%2F1/access_tokens",
      "/api/v4/user%2F..%2Fprojects",
      "/api/v4/projects/acme%2F..%2Fother%2Ftools/access_tokens",
      "/api/v4/projects/acme%2F%2Fapi/access_tokens",
      "/api/v4/projects/%2Facme/access_tokens",
      "/api/v4/projects/acme%2F/access_tokens",
      "//api/v4/user",
      "/api/v4//user",
      "/api/v4/user;jsessionid=1",
      "/api/v4/projects/1;x=y/access_tokens",
      "/api/v4/projects/1\\access_tokens",
      "/api/v4/projects/%5C/access_tokens",
      "/api/v4/projects/1%00/access_tokens",
      "/api/v4/projects/1%0a/access_tokens",
      "/api/v4/projects/%C3%28/access_tokens",
      "/api/v4/projects/%zz/access_tokens",
      "/api/v4/projects/%4/access_tokens",
      "/api/v4/projects/1%",
      "/api/v4/projects/ü",
      "/api/v4/projects/a b",
      "/acme/platform/api.git/../../other/tools.git/git-receive-pack",
      "/acme/platform/../../other/tools.git/git-receive-pack",
      "/acme%2Fplatform/api.git/info/refs",
      "/acme/platform/api.git%2Finfo%2Frefs",
      "/acme/plat%20form/api.git/info/refs",
      "/acme/-platform/api.git/info/refs",
      "/acme/platform/api.git/info//refs",
      "relative/path.git/info/refs",
      ""})
  void hostilePathsHaveNoRule(String uri) {
    assertThat(rule("GET", uri)).as(uri).isNull();
    assertThat(rule("POST", uri)).as(uri).isNull();
  }

  @Test
  void veryLongPathsHaveNoRule() {
    assertThat(rule("GET", "/api/v4/projects/" + "a".repeat(3000))).isNull();
    assertThat(rule("GET", "/api/v4" + "/x".repeat(70))).isNull();
    assertThat(rule("GET", "/a".repeat(1000) + ".git/info/refs")).isNull();
    assertThat(counted.calls("findResourceByPath")).isZero();
  }

  @Test
  void unreadableQueryStringOnInfoRefsIsTreatedAsPush() {
    String huge = "x=1&".repeat(5000) + "service=git-receive-pack";
    assertThat(rule("GET", "/acme/website.git/info/refs?" + huge).requirement()).isEqualTo(ScopeRequirement.gitPush());
    assertThat(rule("GET", "/acme/website.git/info/refs?service=%zz").requirement()).isEqualTo(ScopeRequirement.gitPush());
    assertThat(rule("GET", "/acme/website.git/info/refs?service=git-upload-pack").requirement())
        .isEqualTo(ScopeRequirement.gitPull());
  }

  @Test
  void directoryFailureIsStoreUnavailableNotAnUnboundRule() {
    RouteRules broken = standardOver(new ForwardingResourceDirectory() {
      @Override
      protected ResourceDirectory delegate() {
        return directory;
      }

      @Override
      public Optional<Resource> findResourceByPath(String fullPath) {
        throw new IllegalStateException("connection lost");
      }
    });
    assertThatThrownBy(() -> broken.ruleFor(StubRequest.of("GET", "/acme/website.git/info/refs")))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(broken.ruleFor(StubRequest.of("GET", "/api/v4/projects/2/access_tokens")).resource())
        .isEqualTo(ResourceRef.project(2));
  }

  @Test
  void requestPathDecodesStrictly() {
    assertThat(RequestPath.decode("a%2Fb", false)).isEqualTo("a/b");
    assertThat(RequestPath.decode("a+b", false)).isEqualTo("a+b");
    assertThat(RequestPath.decode("a+b", true)).isEqualTo("a b");
    assertThat(RequestPath.decode("%E2%82%AC", false)).isEqualTo("€");
    assertThat(RequestPath.decode("%E2%82", false)).isNull();
    assertThat(RequestPath.decode("%G0", false)).isNull();
    assertThat(RequestPath.queryValues("private_token=a%2Bb&x=1&private_token=c", "private_token"))
        .containsExactly("a+b", "c");
    assertThat(RequestPath.queryValues("private_token=%zz", "private_token")).isEmpty();
    assertThat(RequestPath.parseQuery("a=%C3%28")).isNull();
  }

  @Test
  void anEncodedSlashIsSeenInTheSegmentThatHoldsItOnly() {
    RequestPath project = RequestPath.parse("/api/v4/projects/acme%2Fapi/access_tokens").orElseThrow();
    assertThat(project.hasEncodedSlashOutside(3)).isFalse();
    assertThat(project.hasEncodedSlashOutside(-1)).isTrue();
    assertThat(project.hasEncodedSlashOutside(2)).isTrue();
    RequestPath two = RequestPath.parse("/a%2Fb/c/d%2fe").orElseThrow();
    assertThat(two.hasEncodedSlashOutside(0)).isTrue();
    assertThat(two.hasEncodedSlashOutside(2)).isTrue();
    assertThat(RequestPath.parse("/a%2Db/c").orElseThrow().hasEncodedSlashOutside(-1)).isFalse();
    assertThat(RequestPath.parse("/api/v4/user").orElseThrow().hasEncodedSlashOutside(-1)).isFalse();
    String deep = "/x".repeat(63) + "/y%2Fz";
    assertThat(RequestPath.parse(deep).orElseThrow().hasEncodedSlashOutside(-1)).isTrue();
    assertThat(RequestPath.parse(deep).orElseThrow().hasEncodedSlashOutside(63)).isFalse();
  }

  @Test
  void everyCommonSegmentIsSharedAndLookalikesAreCutFromThePath() {
    assertThat(RequestPath.commonSegmentsHaveSlotsOfTheirOwn()).isTrue();
    // Same length and the same first, second and last characters as a common segment, or the
    // same slot: the segment's own text, never the common one.
    for (String path : List.of("/api/v4/user/users/projects/groups/packages/info/refs",
        "/apx/v5/uxer/usexs/prxjects/gxoups/paxkages/ixfo/rxfs", "/a/p/i/v/4/u", "/pr/projects2/x")) {
      List<String> segments = RequestPath.parse(path).orElseThrow().segments();
      assertThat(String.join("/", segments)).isEqualTo(path.substring(1));
    }
    assertThat(RequestPath.parse("/api/v4/user").orElseThrow().get(2)).isSameAs(
        RequestPath.parse("/api/v4/user/x").orElseThrow().get(2));
  }

  /** Counts path lookups, so numeric ids are seen to need none. */
}
