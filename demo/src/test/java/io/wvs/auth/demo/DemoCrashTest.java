package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.get;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.demo.DemoHarness.Answer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write is durable: the demo server runs in a child JVM, clients create, revoke
 * and rotate tokens through the REST API as fast as it answers, and the JVM is killed with
 * {@code SIGKILL} in the middle of that burst, a few milliseconds after its last answers. A
 * restart on the same data then has to show every acknowledged write: each revocation holds, each
 * rotation's predecessor is refused and its successor works, each created token (and project bot)
 * authenticates, and the ids handed out afterwards are above every id handed out before.
 */
class DemoCrashTest {
  private static final String ADMIN_TOKEN = "crash-test-admin-token-0001";
  private static final int CLIENTS = 4;

  @TempDir
  Path tmp;

  @Test
  void anAcknowledgedWriteSurvivesAKill9OnTheDefaultH2() throws Exception {
    DemoConfig config = DemoConfig.builder().port(0).dataDir(tmp.resolve("data"))
        .adminToken(ADMIN_TOKEN).build();
    crashAndCheck(config, List.of("--data-dir", config.dataDir().toString()), 500);
  }

  @Test
  void anAcknowledgedWriteSurvivesAKill9OnPostgresql() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      DemoConfig config = DemoConfig.builder().port(0).dataDir(tmp.resolve("pg-data"))
          .jdbcUrl(url).jdbcUser("postgres").jdbcPassword("postgres").adminToken(ADMIN_TOKEN).build();
      crashAndCheck(config, List.of("--data-dir", config.dataDir().toString(), "--jdbc-url", url,
          "--jdbc-user", "postgres", "--jdbc-password", "postgres"), 150);
    }
  }

  /**
   * Runs the burst against a child JVM started with {@code args}, kills it once {@code creations}
   * creations were acknowledged, restarts in this JVM with {@code config} and checks every
   * acknowledged write.
   */
  private void crashAndCheck(DemoConfig config, List<String> args, int creations) throws Exception {
    Ledger ledger = new Ledger();
    Process child = startChild(args);
    try {
      String api = baseUrlOf(child) + "/api/v4";
      burstThenKill(child, api, ledger, creations);
    } finally {
      child.destroyForcibly();
    }
    assertThat(ledger.created.size()).as("acknowledged creations").isGreaterThanOrEqualTo(creations);
    assertThat(ledger.revoked).as("acknowledged revocations").isNotEmpty();
    assertThat(ledger.rotated).as("acknowledged rotations").isNotEmpty();
    assertThat(ledger.bots).as("acknowledged project bots").isNotEmpty();
    assertThat(new HashSet<>(ledger.ids)).as("no id handed out twice").hasSameSizeAs(ledger.ids);

    try (DemoServer restarted = DemoServer.start(config)) {
      String api = restarted.baseUrl() + "/api/v4";
      List<String> lost = new ArrayList<>();
      for (Map.Entry<Long, String> revoked : ledger.revoked.entrySet()) {
        expect(lost, api, revoked.getValue(), 401, "revoked token " + revoked.getKey());
      }
      for (Rotation rotation : ledger.rotated) {
        expect(lost, api, rotation.predecessor(), 401, "rotated predecessor " + rotation.predecessorId());
        expect(lost, api, rotation.successor(), 200, "rotation successor " + rotation.successorId());
      }
      for (Map.Entry<Long, String> created : ledger.created.entrySet()) {
        // A token whose revocation or rotation was in flight at the kill may be either way.
        if (!ledger.sentForChange.contains(created.getKey())) {
          expect(lost, api, created.getValue(), 200, "created token " + created.getKey());
        }
      }
      for (Map.Entry<Long, String> bot : ledger.bots.entrySet()) {
        Answer me = get(api + "/user", bot.getValue());
        if (me.status() != 200 || me.json().path("id").asLong() != bot.getKey()) {
          lost.add("project bot " + bot.getKey() + ": " + me.status() + " " + me.body());
        }
      }
      assertThat(lost).as("acknowledged writes lost by the kill (of %d created, %d revoked, %d rotated)",
          ledger.created.size(), ledger.revoked.size(), ledger.rotated.size()).isEmpty();

      long maxId = Collections.max(ledger.ids);
      JsonNode fresh = create(api, "after the crash");
      assertThat(fresh.path("id").asLong()).as("a new id is above every id ever returned")
          .isGreaterThan(maxId);
      long maxBot = Collections.max(ledger.bots.keySet());
      Answer bot = postJson(api + "/projects/2/access_tokens", ADMIN_TOKEN,
          "{\"name\":\"after the crash\",\"scopes\":[\"read_api\"]}");
      assertThat(bot.status()).as(bot.body()).isEqualTo(201);
      assertThat(bot.json().path("user_id").asLong()).as("a new bot user id is above every one before")
          .isGreaterThan(maxBot);
      assertThat(bot.json().path("id").asLong()).isGreaterThan(fresh.path("id").asLong());
    }
  }

  private static void expect(List<String> lost, String api, String token, int status, String what) {
    Answer a = get(api + "/user", token);
    if (a.status() != status) {
      lost.add(what + ": expected " + status + ", was " + a.status());
    }
  }

  /** What the server acknowledged, by token id. */
  private static final class Ledger {
    final Map<Long, String> created = new ConcurrentHashMap<>();
    final Map<Long, String> revoked = new ConcurrentHashMap<>();
    final List<Rotation> rotated = Collections.synchronizedList(new ArrayList<>());
    final Set<Long> rotatedIds = ConcurrentHashMap.newKeySet();
    /** Tokens a revocation or rotation was sent for: unknown state until it is answered. */
    final Set<Long> sentForChange = ConcurrentHashMap.newKeySet();
    /** Project bots: bot user id to its token. */
    final Map<Long, String> bots = new ConcurrentHashMap<>();
    /** Every token id any answer returned. */
    final List<Long> ids = Collections.synchronizedList(new ArrayList<>());
  }

  private record Rotation(long predecessorId, String predecessor, long successorId, String successor) {}

  /**
   * {@link #CLIENTS} threads create personal tokens (every 25th a project access token), revoke
   * one of their own in six and rotate one in six, recording only what was answered. Once
   * {@code creations} creations are acknowledged the child is killed while they keep sending.
   */
  private static void burstThenKill(Process child, String api, Ledger ledger, int creations)
      throws InterruptedException {
    AtomicInteger acknowledged = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(1);
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < CLIENTS; t++) {
      int client = t;
      Thread thread = new Thread(() -> {
        List<Long> mine = new ArrayList<>();
        for (int i = 0; child.isAlive(); i++) {
          try {
            int op = ThreadLocalRandom.current().nextInt(6);
            if (op == 0 && !mine.isEmpty()) {
              long id = mine.remove(ThreadLocalRandom.current().nextInt(mine.size()));
              ledger.sentForChange.add(id);
              Answer a = send("DELETE", api + "/personal_access_tokens/" + id, null,
                  "PRIVATE-TOKEN", ADMIN_TOKEN);
              assertThat(a.status()).as(a.body()).isEqualTo(204);
              ledger.revoked.put(id, ledger.created.get(id));
            } else if (op == 1 && !mine.isEmpty()) {
              long id = mine.remove(ThreadLocalRandom.current().nextInt(mine.size()));
              ledger.sentForChange.add(id);
              Answer a = postJson(api + "/personal_access_tokens/" + id + "/rotate", ADMIN_TOKEN, "{}");
              assertThat(a.status()).as(a.body()).isEqualTo(200);
              long successor = a.json().path("id").asLong();
              ledger.ids.add(successor);
              ledger.rotatedIds.add(id);
              ledger.rotated.add(new Rotation(id, ledger.created.get(id), successor,
                  a.json().path("token").asText()));
            } else if (i % 25 == 0) {
              Answer a = postJson(api + "/projects/2/access_tokens", ADMIN_TOKEN,
                  "{\"name\":\"crash bot " + client + "-" + i + "\",\"scopes\":[\"read_api\"]}");
              assertThat(a.status()).as(a.body()).isEqualTo(201);
              ledger.ids.add(a.json().path("id").asLong());
              ledger.bots.put(a.json().path("user_id").asLong(), a.json().path("token").asText());
            } else {
              JsonNode token = create(api, "crash " + client + "-" + i);
              long id = token.path("id").asLong();
              ledger.ids.add(id);
              ledger.created.put(id, token.path("token").asText());
              mine.add(id);
              if (acknowledged.incrementAndGet() >= creations) {
                enough.countDown();
              }
            }
          } catch (UncheckedIOException | AssertionError e) {
            // The server died under this request: its outcome is unknown, so nothing is recorded.
            if (child.isAlive()) {
              failures.add(e);
              enough.countDown();
              return;
            }
          }
        }
      }, "crash-client-" + t);
      thread.setDaemon(true);
      thread.start();
      clients.add(thread);
    }
    assertThat(enough.await(120, TimeUnit.SECONDS)).as("the burst reached %d creations", creations).isTrue();
    assertThat(failures).as("requests the live server did not answer as expected").isEmpty();
    // Requests are in flight: the last answers are milliseconds old.
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // 128 + 9: the child died of SIGKILL (no shutdown hook, no closing of the database).
    assertThat(child.exitValue()).as("exit status of a SIGKILLed process").isEqualTo(137);
    for (Thread thread : clients) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
  }

  private static JsonNode create(String api, String name) {
    Answer a = postJson(api + "/users/2/personal_access_tokens", ADMIN_TOKEN,
        "{\"name\":\"" + name + "\",\"scopes\":[\"read_user\"]}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json();
  }

  // ------------------------------------------------------------------------------ the child JVM

  private static final Pattern API_URL = Pattern.compile("REST API: +(http://\\S+)/api/v4");

  /** The demo's {@code Main} in a child JVM on this test's class path, output to a file. */
  private Process startChild(List<String> args) throws IOException {
    Path log = tmp.resolve("child-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        // One decision line per request is not what this test is about.
        "-Dorg.slf4j.simpleLogger.log.io.wvs.auth.demo.auth=warn",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--port", "0"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put(DemoConfig.ADMIN_TOKEN_ENV, ADMIN_TOKEN);
    Process process = pb.start();
    logs.put(process, log);
    return process;
  }

  private final Map<Process, Path> logs = new ConcurrentHashMap<>();

  /** Waits for the child's start-up text and returns its base URL. */
  private String baseUrlOf(Process child) throws IOException, InterruptedException {
    Path log = logs.get(child);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String text = "";
    while (!text.contains("Stop with Ctrl-C.")) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the demo server did not start:\n" + text);
      }
      Thread.sleep(50);
      text = Files.readString(log, StandardCharsets.ISO_8859_1);
    }
    Matcher url = API_URL.matcher(text);
    assertThat(url.find()).as("API URL in the start-up text").isTrue();
    return url.group(1);
  }
}
