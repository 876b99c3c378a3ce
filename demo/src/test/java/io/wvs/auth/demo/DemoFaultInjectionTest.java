package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.basic;
import static io.wvs.auth.demo.DemoHarness.cloneUrl;
import static io.wvs.auth.demo.DemoHarness.get;
import static io.wvs.auth.demo.DemoHarness.git;
import static io.wvs.auth.demo.DemoHarness.newDir;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.demo.DemoHarness.Answer;
import io.wvs.auth.demo.DemoHarness.GitRun;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo server over PostgreSQL ({@code --jdbc-url}) while the database is stopped and started
 * again: every request with a valid credential is answered 503 with the servlet's documented body
 * and {@code Retry-After}, no challenge (the credential is not wrong), never a success and never a
 * stack trace; git gets no repository; once the database is back the same requests succeed.
 */
class DemoFaultInjectionTest {
  private static final Logger LOG = LoggerFactory.getLogger(DemoFaultInjectionTest.class);
  private static final String ADMIN = "fault-admin-token-0001";
  private static final String PROJECT = "acme/platform/api";
  private static final String API_UNAVAILABLE = "{\"message\":\"503 Service Unavailable\"}";
  private static final String GIT_UNAVAILABLE = "Service temporarily unavailable, please retry\n";
  /** What no answer may show: stack frames, exception or driver names, SQL states. */
  private static final List<String> LEAKS = List.of("Exception", "\tat ", "at io.", "at org.",
      "java.", "SQLState", "PSQL", "Hikari", "postgres", "jdbc");

  @TempDir
  Path tmp;

  /** A request with a valid credential, and its status when the database is up. */
  private record Probe(String name, Supplier<Answer> send, int ok) {}

  @Test
  void whenTheDatabaseStopsThenEveryAuthenticatedRequestIs503AndWhenItIsBackTheyWorkAgain()
      throws Exception {
    DemoHarness.requireGit();
    Path data = tmp.resolve("postgres");
    EmbeddedPostgres postgres = startPostgres(data, 0);
    int port = postgres.getPort();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try (DemoServer server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("demo"))
        .jdbcUrl(postgres.getJdbcUrl("postgres", "postgres")).jdbcUser("postgres").jdbcPassword("postgres")
        .adminToken(ADMIN).build())) {
      String api = server.baseUrl() + "/api/v4";
      Answer created = postJson(api + "/users/2/personal_access_tokens", ADMIN,
          "{\"name\":\"laptop\",\"scopes\":[\"read_api\",\"read_repository\"]}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String token = created.json().path("token").asText();
      List<Probe> probes = List.of(
          new Probe("GET /user with PRIVATE-TOKEN", () -> get(api + "/user", token), 200),
          new Probe("GET /personal_access_tokens/self with Bearer",
              () -> send("GET", api + "/personal_access_tokens/self", null,
                  "Authorization", "Bearer " + token), 200),
          new Probe("POST /users/3/personal_access_tokens by the administrator",
              () -> postJson(api + "/users/3/personal_access_tokens", ADMIN,
                  "{\"name\":\"ci\",\"scopes\":[\"read_api\"]}"), 201),
          new Probe("git info/refs with basic auth",
              () -> send("GET", server.gitUrl(PROJECT) + "/info/refs?service=git-upload-pack", null,
                  "Authorization", basic("alice", token)), 200));
      Path home = newDir(tmp, "home");
      Callable<GitRun> clone = () -> git(home, newDir(tmp, "clone-" + System.nanoTime()), "clone",
          cloneUrl(server, "alice", token, PROJECT), "repo");
      assertAllSucceed(probes, clone);

      postgres.close();
      long down = System.nanoTime();
      Future<GitRun> refusedClone = clients.submit(clone);
      List<Future<Answer>> answers = new ArrayList<>();
      for (Probe probe : probes) {
        answers.add(clients.submit(probe.send()::get));
      }
      for (int i = 0; i < probes.size(); i++) {
        assertUnavailable(probes.get(i), answers.get(i).get(60, TimeUnit.SECONDS), token);
      }
      GitRun refused = refusedClone.get(60, TimeUnit.SECONDS);
      assertThat(refused.exitCode()).as(refused.output()).isNotZero();
      assertThat(refused.output()).contains("503").doesNotContain(token);
      LOG.info("database down: every request answered 503 within {} ms (the demo pool's connection"
          + " timeout is 3 s)", millis(down));

      postgres = startPostgres(data, port);
      long up = System.nanoTime();
      Probe first = probes.get(0);
      for (Answer a = first.send().get(); a.status() != first.ok(); a = first.send().get()) {
        assertUnavailable(first, a, token);
        assertThat(millis(up)).as("recovered within 60 s").isLessThan(60_000);
      }
      LOG.info("database back: the first request succeeded {} ms after it was up", millis(up));
      assertAllSucceed(probes, clone);
    } finally {
      clients.shutdownNow();
      postgres.close();
    }
  }

  private static void assertAllSucceed(List<Probe> probes, Callable<GitRun> clone) throws Exception {
    for (Probe probe : probes) {
      Answer a = probe.send().get();
      assertThat(a.status()).as("%s: %s", probe.name(), a.body()).isEqualTo(probe.ok());
    }
    clone.call().ok();
  }

  /** 503 with the documented body for its channel, {@code Retry-After}, no challenge, no leak. */
  private static void assertUnavailable(Probe probe, Answer a, String token) throws IOException {
    assertThat(a.status()).as("%s: %s", probe.name(), a.body()).isEqualTo(503);
    if (probe.name().startsWith("git")) {
      assertThat(a.body()).isEqualTo(GIT_UNAVAILABLE);
    } else {
      assertThat(a.json()).isEqualTo(DemoHarness.JSON.readTree(API_UNAVAILABLE));
    }
    assertThat(a.header("Retry-After")).isEqualTo("5");
    assertThat(a.header("WWW-Authenticate")).as("a challenge would say the credential is wrong").isNull();
    assertThat(a.body()).doesNotContain(LEAKS).doesNotContain(token);
  }

  private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
        .start();
  }

  private static long millis(long since) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }
}
