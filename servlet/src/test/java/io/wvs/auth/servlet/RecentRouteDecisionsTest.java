package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.Channel;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The standard route rules remember a decision that follows from the method and path alone: what
 * they answer for a URI decided before is always the decision for that very URI, context path and
 * method, and a route naming a project or group is decided anew each time.
 */
class RecentRouteDecisionsTest {
  private static final AccessRule READ_USER =
      new AccessRule(Channel.API, ScopeRequirement.anyOf(Scope.READ_USER), null);
  private static final AccessRule READ_API = new AccessRule(Channel.API, ScopeRequirement.anyOf(Scope.READ_API), null);
  private static final AccessRule API = new AccessRule(Channel.API, ScopeRequirement.anyOf(Scope.API), null);

  private final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  private final RouteRules rules = RouteRules.standard(WvsAuth.builder().tokenStore(new InMemoryTokenStore())
      .userDirectory(directory).resourceDirectory(directory).keyring(DigestKeyring.of("k1", new byte[32])).build());

  RecentRouteDecisionsTest() {
    directory.addGroup(1, "acme", null);
  }

  /** A new string with the same characters: as a container builds the URI of each request. */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  private AccessRule rule(String method, String uri) {
    return rules.ruleFor(StubRequest.of(fresh(method), fresh(uri)));
  }

  @Test
  void aUriDecidedAgainWithAnotherMethodGetsThatMethodsRule() {
    for (int i = 0; i < 3; i++) {
      assertThat(rule("GET", "/api/v4/user")).isEqualTo(READ_USER);
      assertThat(rule("POST", "/api/v4/user")).isEqualTo(API);
      assertThat(rule("HEAD", "/api/v4/user")).isEqualTo(READ_USER);
    }
  }

  @Test
  void aMethodInLowerCaseIsDecidedAsInUpperCase() {
    assertThat(rule("get", "/api/v4/user")).isEqualTo(READ_USER);
    assertThat(rule("Post", "/api/v4/user")).isEqualTo(API);
    assertThat(rule("get", "/api/v4/user")).isEqualTo(READ_USER);
    assertThat(StandardRouteRules.upperCase("GET")).isSameAs("GET");
    assertThat(StandardRouteRules.upperCase("pAtCh")).isEqualTo("PATCH");
    assertThat(StandardRouteRules.upperCase(null)).isEmpty();
  }

  @Test
  void theContextPathIsPartOfTheDecision() {
    for (int i = 0; i < 3; i++) {
      assertThat(rules.ruleFor(StubRequest.of("GET", "/app", "/api/v4/user"))).isEqualTo(READ_USER);
      // The same URI in the root context is the path /app/api/v4/user: no route of the platform.
      assertThat(rules.ruleFor(StubRequest.of("GET", "", "/app/api/v4/user"))).isNull();
    }
  }

  @Test
  void urisSharingASlotEachGetTheirOwnDecision() {
    String user = "/api/v4/user";
    String other = null;
    for (int id = 1; other == null; id++) {
      String candidate = "/api/v4/things/" + id;
      if (RecentRequestPaths.slot(candidate) == RecentRequestPaths.slot(user)) {
        other = candidate;
      }
    }
    for (int i = 0; i < 4; i++) {
      assertThat(rule("GET", user)).isEqualTo(READ_USER);
      assertThat(rule("GET", other)).isEqualTo(READ_API);
      assertThat(rule("DELETE", other)).isEqualTo(API);
    }
  }

  @Test
  void aProjectCreatedAfterADecisionIsFoundTheNextTime() {
    String uri = "/api/v4/projects/acme%2Fnew-service/access_tokens";
    assertThat(rule("GET", uri)).isEqualTo(READ_API);
    directory.addProject(7, "acme/new-service", 1);
    assertThat(rule("GET", uri)).isEqualTo(new AccessRule(Channel.API, READ_API.requirement(), ResourceRef.project(7)));
  }

  @Test
  void theRevocationPathIsNeverGuardedHoweverOftenItIsAsked() {
    for (int i = 0; i < 3; i++) {
      assertThat(rule("POST", "/api/v4/credentials/revoke")).isNull();
    }
  }

  @Test
  void threadsDecidingUrisThatShareSlotsEachGetTheRightRule() throws Exception {
    String user = "/api/v4/user";
    List<String> colliding = new ArrayList<>();
    for (int id = 1; colliding.size() < 3; id++) {
      String candidate = "/api/v4/things/" + id;
      if (RecentRequestPaths.slot(candidate) == RecentRequestPaths.slot(user)) {
        colliding.add(candidate);
      }
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        wrong.add(pool.submit(() -> {
          start.await();
          int mistakes = 0;
          for (int i = 0; i < 20_000; i++) {
            int pick = (i + seed) % 5;
            AccessRule got;
            AccessRule want;
            if (pick == 0) {
              got = rule("GET", user);
              want = READ_USER;
            } else if (pick == 1) {
              got = rule("PUT", user);
              want = API;
            } else {
              String uri = colliding.get(pick - 2);
              boolean read = (i & 1) == 0;
              got = rule(read ? "GET" : "POST", uri);
              want = read ? READ_API : API;
            }
            if (!want.equals(got)) {
              mistakes++;
            }
          }
          return mistakes;
        }));
      }
      start.countDown();
      for (Future<Integer> f : wrong) {
        assertThat(f.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
