package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.Scope;
import io.wvs.auth.tck.CountingUserDirectory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Directory calls per request, counted by a wrapping directory: one route decision resolves the
 * path, the authenticator loads the user once and hands it on, and the resource chain is walked
 * once and only as far as the decision needs. Bob is a maintainer of acme/platform/api, a project
 * of the subgroup acme/platform of the group acme.
 */
class DirectoryCallBudgetTest {
  private static final List<String> METHODS = List.of("findUser", "findUserByUsername",
      "isUsernameTaken", "findResource", "findResourceByPath", "directRole", "members",
      "createBot", "deleteBot", "verifyPassword");

  private static TestWorld world;

  @BeforeAll
  static void startWorld() throws Exception {
    world = TestWorld.start();
  }

  @AfterAll
  static void stopWorld() throws Exception {
    world.close();
  }

  @Test
  void getUserLooksTheUserUpOnce() {
    String token = world.pat(BOB, Scope.READ_USER);
    CountingUserDirectory counting = world.counting;
    counting.reset();

    TestWorld.Response r = world.get("/api/v4/user", "PRIVATE-TOKEN", token);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    report("GET /api/v4/user", counting);
    assertThat(counting.calls("findUser")).isEqualTo(1);
    assertThat(counting.calls()).isEqualTo(1);
  }

  @Test
  void listingAProjectsAccessTokensByPathMakesAtMostFourDirectoryCalls() {
    String token = world.pat(BOB, Scope.API);
    CountingUserDirectory counting = world.counting;
    counting.reset();

    TestWorld.Response r = world.get("/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens",
        "PRIVATE-TOKEN", token);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    report("GET /api/v4/projects/acme%2Fplatform%2Fapi/access_tokens", counting);
    assertThat(counting.calls("findUser")).isEqualTo(1);
    assertThat(counting.calls("findResourceByPath")).isEqualTo(1);
    assertThat(counting.calls()).isLessThanOrEqualTo(4);
  }

  private static void report(String request, CountingUserDirectory counting) {
    Map<String, Integer> calls = new TreeMap<>();
    for (String method : METHODS) {
      if (counting.calls(method) > 0) {
        calls.put(method, counting.calls(method));
      }
    }
    System.out.println("directory calls for " + request + ": " + counting.calls() + " " + calls);
  }
}
