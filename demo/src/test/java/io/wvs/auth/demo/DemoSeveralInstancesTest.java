package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.get;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.CiDeployCredentials;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenView;
import io.wvs.auth.demo.DemoHarness.Answer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several demo instances on one PostgreSQL, each with its own data folder, as the README's
 * "Several instances" section starts them: with the same pepper and CI key (from a file or the
 * environment) they are one service; an instance with another pepper under the same key id
 * refuses to start, saying so.
 */
class DemoSeveralInstancesTest {
  private static final String ADMIN = "shared-admin-token-0001";
  private static final long ROOT = 1;

  @TempDir
  Path tmp;

  /** A key file of {@code bytes} random bytes in base64, wrapped at 76 characters as base64(1) does. */
  private Path keyFile(String name, int bytes) throws Exception {
    byte[] key = new byte[bytes];
    new SecureRandom().nextBytes(key);
    return Files.writeString(tmp.resolve(name), Base64.getMimeEncoder(76,
        "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key) + "\n");
  }

  private static List<String> args(EmbeddedPostgres postgres, Path dataDir, String... more) {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString(),
        "--jdbc-url", postgres.getJdbcUrl("postgres", "postgres"), "--jdbc-user", "postgres",
        "--jdbc-password", "postgres", "--admin-token", ADMIN));
    args.addAll(List.of(more));
    return args;
  }

  private static DemoConfig config(List<String> args, Map<String, String> env) throws Exception {
    return ((DemoConfig.Run) DemoConfig.parse(args.toArray(String[]::new), env)).config();
  }

  @Test
  void instancesSharingAPepperAndCiKeyAcceptEachOthersTokensSeeRevocationsAtOnceAndShareOneAdminToken()
      throws Exception {
    Path pepper = keyFile("pepper.b64", 64); // more than 32 bytes: two lines of base64
    Path ciKey = keyFile("ci.b64", 32);
    ExecutorService starts = Executors.newFixedThreadPool(2);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      // One instance takes the keys from files, the other from the environment, both at once.
      DemoConfig fromFiles = config(args(postgres, tmp.resolve("a"), "--pepper-file",
          pepper.toString(), "--ci-key-file", ciKey.toString()), Map.of());
      DemoConfig fromEnvironment = config(args(postgres, tmp.resolve("b")), Map.of(
          "WVS_PEPPER", Files.readString(pepper), "WVS_CI_KEY", Files.readString(ciKey)));
      CountDownLatch go = new CountDownLatch(1);
      Future<DemoServer> startingA = starts.submit(() -> {
        go.await();
        return DemoServer.start(fromFiles);
      });
      Future<DemoServer> startingB = starts.submit(() -> {
        go.await();
        return DemoServer.start(fromEnvironment);
      });
      go.countDown();
      try (DemoServer a = startingA.get(120, TimeUnit.SECONDS);
          DemoServer b = startingB.get(120, TimeUnit.SECONDS)) {
        String apiA = a.baseUrl() + "/api/v4";
        String apiB = b.baseUrl() + "/api/v4";
        assertThat(a.startupText()).contains("Keys:      pepper from --pepper-file " + pepper);
        assertThat(b.startupText()).contains("Keys:      pepper from WVS_PEPPER, CI key from WVS_CI_KEY");

        // The predetermined admin token: one row, whichever instance stored it, working on both.
        List<TokenView> adminTokens = a.auth().personalTokens().list(ROOT, ROOT).stream()
            .filter(t -> t.name().equals("demo admin token")).toList();
        assertThat(adminTokens).hasSize(1);
        assertThat(adminTokens.get(0).active()).isTrue();
        assertThat(get(apiA + "/user", ADMIN).status()).isEqualTo(200);
        assertThat(get(apiB + "/user", ADMIN).status()).isEqualTo(200);

        // A token made on one instance works on the other, and the other way round.
        Answer onA = postJson(apiA + "/users/3/personal_access_tokens", ADMIN,
            "{\"name\":\"made on a\",\"scopes\":[\"read_user\"]}");
        assertThat(onA.status()).as(onA.body()).isEqualTo(201);
        String tokenA = onA.json().path("token").asText();
        assertThat(get(apiB + "/user", tokenA).json().path("username").asText()).isEqualTo("bob");
        Answer onB = postJson(apiB + "/users/2/personal_access_tokens", ADMIN,
            "{\"name\":\"made on b\",\"scopes\":[\"read_user\"]}");
        assertThat(onB.status()).as(onB.body()).isEqualTo(201);
        assertThat(get(apiA + "/user", onB.json().path("token").asText()).json().path("username")
            .asText()).isEqualTo("alice");

        // Revoked on one, refused on the other at once.
        Answer revoked = send("DELETE", apiB + "/personal_access_tokens/"
            + onA.json().path("id").asLong(), null, "PRIVATE-TOKEN", ADMIN);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        assertThat(get(apiA + "/user", tokenA).status()).isEqualTo(401);
        assertThat(get(apiB + "/user", tokenA).status()).isEqualTo(401);

        // A project access token's bot user, created on one instance, is known to the other.
        Answer bot = postJson(apiA + "/projects/3/access_tokens", ADMIN,
            "{\"name\":\"tools bot\",\"scopes\":[\"read_api\"]}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        assertThat(get(apiB + "/user", bot.json().path("token").asText()).json().path("username")
            .asText()).isEqualTo("project_3_bot");

        // The CI deploy token sealed on one instance is opened on the other: the same CI key.
        Answer ci = postJson(apiA + "/projects/3/deploy_tokens", ADMIN,
            "{\"name\":\"wvs-deploy-token\",\"scopes\":[\"read_repository\"]}");
        assertThat(ci.status()).as(ci.body()).isEqualTo(201);
        assertThat(b.auth().deployTokens().ciVariables(ResourceRef.project(3)))
            .map(CiDeployCredentials::password).contains(ci.json().path("token").asText());
      }
    } finally {
      starts.shutdownNow();
    }
  }

  /**
   * {@link Main#run} on its own thread, expected to return (a refused start); an instance that
   * starts instead runs until interrupted, which fails the test.
   */
  private static int runMain(List<String> args, ByteArrayOutputStream out, ByteArrayOutputStream err)
      throws Exception {
    ExecutorService main = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> code = main.submit(() -> Main.run(args.toArray(String[]::new),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8)));
      try {
        return code.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("the instance started instead of refusing: "
            + out.toString(StandardCharsets.UTF_8), e);
      }
    } finally {
      main.shutdownNow();
    }
  }

  @Test
  void aSecondInstanceWithAnotherPepperUnderTheSameKeyIdRefusesToStartAndSaysWhatToDo()
      throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      Path firstData = tmp.resolve("first");
      try (DemoServer first = DemoServer.start(config(args(postgres, firstData), Map.of()))) {
        String api = first.baseUrl() + "/api/v4";
        Answer created = postJson(api + "/users/3/personal_access_tokens", ADMIN,
            "{\"name\":\"laptop\",\"scopes\":[\"read_user\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        // As in the report: a second data folder, so a second generated pepper, under key id k1.
        Path secondData = tmp.resolve("second");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = runMain(args(postgres, secondData), out, err);

        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(message).isEqualTo(1);
        assertThat(message).contains("key id 'k1'", "--pepper-file", "WVS_PEPPER",
            "same pepper");
        assertThat(message).doesNotContain("Exception", "\tat ", "Usage:")
            .doesNotContain(Files.readString(firstData.resolve("pepper.key")).strip())
            .doesNotContain(Files.readString(secondData.resolve("pepper.key")).strip());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        // Nothing of the refused instance reached the database: still one admin token row.
        assertThat(first.auth().personalTokens().list(ROOT, ROOT).stream()
            .filter(t -> t.name().equals("demo admin token"))).hasSize(1);

        // Started with the first instance's pepper file, as the message says, it joins.
        try (DemoServer second = DemoServer.start(config(args(postgres, secondData,
            "--pepper-file", firstData.resolve("pepper.key").toString()), Map.of()))) {
          assertThat(get(second.baseUrl() + "/api/v4/user", created.json().path("token").asText())
              .json().path("username").asText()).isEqualTo("bob");
        }
      }
    }
  }
}
