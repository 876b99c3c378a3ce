package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.get;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.demo.DemoHarness.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, bot users and the predetermined admin token survive a restart on the H2 file database. */
class DemoServerRestartTest {
  private static final String ADMIN_TOKEN = "automation-token-string-123";

  @TempDir
  Path tmp;

  @Test
  void tokensSurviveARestartOnTheSameDataDir() throws Exception {
    DemoConfig config = DemoConfig.builder().port(0).dataDir(tmp.resolve("data")).adminToken(ADMIN_TOKEN).build();
    String personal;
    String project;
    String freshRoot;
    try (DemoServer first = DemoServer.start(config)) {
      assertThat(first.rootToken().predetermined()).isTrue();
      assertThat(first.rootToken().value()).isNull();
      assertThat(first.startupText()).doesNotContain(ADMIN_TOKEN);
      String api = first.baseUrl() + "/api/v4";
      Answer me = get(api + "/user", ADMIN_TOKEN);
      assertThat(me.status()).as(me.body()).isEqualTo(200);
      assertThat(me.json().path("username").asText()).isEqualTo("root");

      Answer created = postJson(api + "/users/2/personal_access_tokens", ADMIN_TOKEN,
          "{\"name\":\"survivor\",\"scopes\":[\"read_user\"]}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      personal = created.json().path("token").asText();
      Answer bot = postJson(api + "/projects/2/access_tokens", ADMIN_TOKEN,
          "{\"name\":\"website bot\",\"scopes\":[\"read_api\"]}");
      assertThat(bot.status()).as(bot.body()).isEqualTo(201);
      project = bot.json().path("token").asText();
      assertThat(get(api + "/user", project).json().path("username").asText()).isEqualTo("project_2_bot");
    }

    // The same data dir and admin token: everything still works, nothing is created twice.
    try (DemoServer second = DemoServer.start(config)) {
      String api = second.baseUrl() + "/api/v4";
      assertThat(get(api + "/user", ADMIN_TOKEN).json().path("username").asText()).isEqualTo("root");
      Answer alice = get(api + "/user", personal);
      assertThat(alice.status()).as(alice.body()).isEqualTo(200);
      assertThat(alice.json().path("username").asText()).isEqualTo("alice");
      Answer bot = get(api + "/user", project);
      assertThat(bot.status()).as(bot.body()).isEqualTo(200);
      assertThat(bot.json().path("username").asText()).isEqualTo("project_2_bot");
    }

    // Without --admin-token a fresh root token is issued; the predetermined one keeps working.
    try (DemoServer third = DemoServer.start(config.toBuilder().adminToken(null).build())) {
      freshRoot = third.rootToken().value();
      assertThat(freshRoot).startsWith("wvspat-");
      assertThat(get(third.baseUrl() + "/api/v4/user", freshRoot).status()).isEqualTo(200);
      assertThat(get(third.baseUrl() + "/api/v4/user", ADMIN_TOKEN).status()).isEqualTo(200);
    }
    try (DemoServer fourth = DemoServer.start(config.toBuilder().adminToken(null).build())) {
      assertThat(fourth.rootToken().value()).isNotEqualTo(freshRoot);
      assertThat(get(fourth.baseUrl() + "/api/v4/user", fourth.rootToken().value()).status()).isEqualTo(200);
      assertThat(get(fourth.baseUrl() + "/api/v4/user", ADMIN_TOKEN).status()).isEqualTo(200);
    }

    Path data = tmp.resolve("data");
    assertThat(data.resolve("wvs-auth.mv.db")).exists();
    assertThat(data.resolve("repos/acme/platform/api.git/HEAD")).exists();
    for (String secret : new String[] {DemoSecrets.PEPPER_FILE, DemoSecrets.CI_KEY_FILE}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(secret))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aRestartRevokesTheRootTokenTheEarlierStartGenerated() throws Exception {
    DemoConfig config = DemoConfig.builder().port(0).dataDir(tmp.resolve("roots")).build();
    String firstRoot;
    String alicesOwn;
    try (DemoServer first = DemoServer.start(config)) {
      firstRoot = first.rootToken().value();
      assertThat(get(first.baseUrl() + "/api/v4/user", firstRoot).status()).isEqualTo(200);
      // A token of another user with the same name is not the generated root token.
      Answer created = postJson(first.baseUrl() + "/api/v4/users/2/personal_access_tokens", firstRoot,
          "{\"name\":\"demo root token\",\"scopes\":[\"read_user\"]}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      alicesOwn = created.json().path("token").asText();
    }
    try (DemoServer second = DemoServer.start(config)) {
      String api = second.baseUrl() + "/api/v4";
      Answer refused = get(api + "/user", firstRoot);
      assertThat(refused.status()).as(refused.body()).isEqualTo(401);
      assertThat(get(api + "/user", second.rootToken().value()).status()).isEqualTo(200);
      assertThat(get(api + "/user", alicesOwn).status()).isEqualTo(200);
      assertThat(second.auth().personalTokens().list(1, 1)).filteredOn(t -> t.active()).hasSize(1);
    }
  }

  @Test
  void expiryMailsOfTheDaysCheckGoToTheLogAtStart() throws Exception {
    DemoConfig config = DemoConfig.builder().port(0).dataDir(tmp.resolve("mail")).adminToken(ADMIN_TOKEN).build();
    try (DemoServer server = DemoServer.start(config)) {
      LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusDays(3);
      Answer created = postJson(server.baseUrl() + "/api/v4/users/2/personal_access_tokens", ADMIN_TOKEN,
          "{\"name\":\"expiring-soon\",\"scopes\":[\"read_user\"],\"expires_at\":\"" + soon + "\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    // The scheduler catches up at start on the 01:00 UTC check of the last 24 hours.
    try (DemoServer server = DemoServer.start(config)) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!captured.toString(StandardCharsets.UTF_8).contains("expiring-soon") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      System.setOut(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    original.print(log);
    assertThat(log).contains("mail - to alice: 1 token(s) expire within 7 days").contains("'expiring-soon'");
  }

  @Test
  void aRevokedAdminTokenIsNotSilentlyReused() throws Exception {
    DemoConfig config = DemoConfig.builder().port(0).dataDir(tmp.resolve("revoked")).adminToken(ADMIN_TOKEN).build();
    try (DemoServer server = DemoServer.start(config)) {
      assertThat(server.auth().personalTokens().revokeByValue(ADMIN_TOKEN)).isTrue();
    }
    assertThatThrownBy(() -> DemoServer.start(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("revoked");
  }
}
