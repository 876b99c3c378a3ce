package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.cloneUrl;
import static io.wvs.auth.demo.DemoHarness.git;
import static io.wvs.auth.demo.DemoHarness.newDir;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.demo.DemoHarness.GitRun;
import io.wvs.auth.demo.DemoHarness.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's failed-authentication limiter, on by default, seen by the real git command: the
 * tenth wrong password from one address within a minute is answered 429, git prints why and how
 * long to wait, the right password is refused until the block ends, and a token still clones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoFailureLimiterTest {
  private static final String PROJECT = "acme/website";

  @TempDir
  static Path tmp;

  private final MovableClock clock = new MovableClock();
  private DemoServer server;
  private Path home;

  @BeforeAll
  void start() throws Exception {
    DemoHarness.requireGit();
    server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("data")).clock(clock).build());
    home = newDir(tmp, "home");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void gitPrintsTheBlockAfterTenWrongPasswordsAndTheRightOneWorksOnlyAfterTheBlock() {
    Path work = newDir(tmp, "work");
    for (int i = 1; i < 10; i++) {
      GitRun wrong = git(home, work, "clone", cloneUrl(server, "bob", "guess-" + i, PROJECT), "wrong" + i);
      assertThat(wrong.exitCode()).isNotZero();
      assertThat(wrong.output()).contains("HTTP Basic: Access denied").doesNotContain("429");
    }

    GitRun tenth = git(home, work, "clone", cloneUrl(server, "bob", "guess-10", PROJECT), "wrong10");

    assertThat(tenth.exitCode()).isNotZero();
    assertThat(tenth.output())
        .contains("remote: Too many failed authentication attempts from your address. Retry in 60 minutes.")
        .contains("429");
    GitRun right = git(home, work, "clone", cloneUrl(server, "bob", "bob-password", PROJECT), "right");
    assertThat(right.exitCode()).as(right.output()).isNotZero();
    assertThat(right.output()).contains("Too many failed authentication attempts");

    String token = postJson(server.baseUrl() + "/api/v4/users/3/personal_access_tokens",
        server.rootToken().value(), "{\"name\":\"laptop\",\"scopes\":[\"read_repository\"]}")
        .json().path("token").asText();
    git(home, work, "clone", cloneUrl(server, "bob", token, PROJECT), "by-token").ok();

    clock.advance(Duration.ofHours(1));
    git(home, work, "clone", cloneUrl(server, "bob", "bob-password", PROJECT), "after").ok();
  }
}
