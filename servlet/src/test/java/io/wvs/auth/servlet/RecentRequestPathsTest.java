package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RecentRequestPaths}, through {@link RequestPath#of}: a URI seen again is answered
 * from there, and what it answers is always the parse of that very URI and context path.
 */
class RecentRequestPathsTest {

  /** A new string with the same characters: as a container builds the URI of each request. */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  @Test
  void aUriSeenAgainIsAnsweredWithoutAParse() {
    Optional<RequestPath> first = RequestPath.of(StubRequest.of("GET", fresh("/api/v4/user/recent")));
    Optional<RequestPath> again = RequestPath.of(StubRequest.of("GET", fresh("/api/v4/user/recent")));
    assertThat(again).isSameAs(first);
    assertThat(again.orElseThrow().segments()).containsExactly("api", "v4", "user", "recent");
  }

  @Test
  void urisSharingASlotEachGetTheirOwnParse() {
    String a = "/api/v4/projects/1/access_tokens";
    String b = null;
    for (int id = 2; b == null; id++) {
      String candidate = "/api/v4/projects/" + id + "/access_tokens";
      if (RecentRequestPaths.slot(candidate) == RecentRequestPaths.slot(a)) {
        b = candidate;
      }
    }
    for (int i = 0; i < 4; i++) {
      String uri = i % 2 == 0 ? a : b;
      assertThat(RequestPath.of(StubRequest.of("GET", fresh(uri))).orElseThrow())
          .hasToString(uri);
    }
  }

  @Test
  void theContextPathIsPartOfWhatIsKept() {
    assertThat(RequestPath.of(StubRequest.of("GET", "", "/app/api/v4/user")).orElseThrow())
        .hasToString("/app/api/v4/user");
    assertThat(RequestPath.of(StubRequest.of("GET", "/app", "/api/v4/user")).orElseThrow())
        .hasToString("/api/v4/user");
    assertThat(RequestPath.of(StubRequest.of("GET", "", "/app/api/v4/user")).orElseThrow())
        .hasToString("/app/api/v4/user");
  }

  @Test
  void aHostileUriIsRefusedEveryTime() {
    for (int i = 0; i < 3; i++) {
      assertThat(RequestPath.of(StubRequest.of("GET", fresh("/api/v4/%2e%2e/user")))).isEmpty();
      assertThat(RequestPath.of(StubRequest.of("GET", fresh("/api//v4")))).isEmpty();
    }
  }

  @Test
  void aUriLongerThanTheKeptOnesIsParsedEachTime() {
    String uri = "/api/v4/" + "a".repeat(RecentRequestPaths.MAX_LENGTH);
    Optional<RequestPath> first = RequestPath.of(StubRequest.of("GET", uri));
    Optional<RequestPath> again = RequestPath.of(StubRequest.of("GET", fresh(uri)));
    assertThat(again).isNotSameAs(first);
    assertThat(again.orElseThrow().segments()).isEqualTo(first.orElseThrow().segments());
  }

  @Test
  void everySlotIsWithinTheTable() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 100_000; i++) {
      String uri = randomUri(random);
      assertThat(RecentRequestPaths.slot(uri)).isBetween(0, RecentRequestPaths.SLOTS - 1);
    }
  }

  /**
   * Four threads ask for URIs drawn from more than the table holds (so slots are replaced while
   * others read them); every answer is the parse of the URI asked.
   */
  @Test
  void concurrentRequestsForManyUrisEachGetTheParseOfTheirOwn() throws Exception {
    List<String> uris = new ArrayList<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 4 * RecentRequestPaths.SLOTS; i++) {
      uris.add(randomUri(random));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          start.await();
          ThreadLocalRandom r = ThreadLocalRandom.current();
          int wrong = 0;
          for (int i = 0; i < 50_000; i++) {
            String uri = uris.get(r.nextInt(uris.size()));
            Optional<RequestPath> got = RequestPath.of(StubRequest.of("GET", fresh(uri)));
            Optional<RequestPath> expected = RequestPath.parse(uri);
            if (!got.map(RequestPath::segments).equals(expected.map(RequestPath::segments))) {
              wrong++;
            }
          }
          return wrong;
        }));
      }
      start.countDown();
      for (Future<Integer> f : done) {
        assertThat(f.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A path like the API's, now and then a hostile one. */
  private static String randomUri(ThreadLocalRandom random) {
    String[] tails = {"access_tokens", "deploy_tokens", "members", "%2e%2e", "a%2Fb", ""};
    return "/api/v4/" + (random.nextBoolean() ? "projects/" : "groups/") + random.nextInt(10_000)
        + "/" + tails[random.nextInt(tails.length)];
  }
}
