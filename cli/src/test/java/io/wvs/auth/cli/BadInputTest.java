package io.wvs.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every bad input gets one line on stderr that says what is wrong (never a value, a key or a stack
 * trace) and its documented exit code: 1 for what the deployment refuses, 2 for usage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final String VALUE = "a-secret-value-of-the-operator-42";
  private Site site;

  @BeforeAll
  void start() {
    site = Site.h2();
  }

  @AfterAll
  void stop() throws Exception {
    site.close();
  }

  private static void assertOneLine(CliRun run, int exitCode, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(run.errLines()).containsExactly(message);
    assertThat(run.err()).doesNotContain(VALUE).doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  private CliRun create(String user, String scopes, String value) {
    return CliRun.run(site.args("token", "create", "--user", user, "--name", "Automation token",
        "--scopes", scopes, "--value", value));
  }

  @Test
  void anUnknownUserIsRefusedWithExitCodeOne() {
    assertOneLine(create("nobody", "read_user", VALUE), 1, "error: --user nobody: no such user");
  }

  @Test
  void aPredeterminedValueShorterThanTwentyCharactersIsRefusedByThePolicy() {
    assertOneLine(create("automation-bot", "read_user", "token-string-here"), 1,
        "error: a predetermined token must be at least 20 characters long");
  }

  @Test
  void anUnknownScopeIsAUsageError() {
    assertOneLine(create("automation-bot", "read_user,read_everything", VALUE), 2,
        "error: unknown scope 'read_everything'; valid scopes: api, read_api, read_user,"
            + " read_repository, write_repository, read_registry, write_registry,"
            + " read_package_registry, write_package_registry, sudo, self_rotate");
  }

  @Test
  void aWrongPepperIsRefusedBeforeAnythingIsWritten() throws Exception {
    site.app(); // the application registered its pepper first
    Path wrong = Files.writeString(site.dir.resolve("wrong.key"),
        Base64.getEncoder().encodeToString(Site.key(9)));
    List<String> args = new java.util.ArrayList<>(List.of(site.args("token", "create", "--user",
        "automation-bot", "--name", "x", "--scopes", "read_user", "--value", VALUE)));
    args.set(args.indexOf(site.pepperFile.toString()), wrong.toString());

    assertOneLine(CliRun.run(args.toArray(String[]::new)), 1,
        "error: the pepper does not match the one registered in this database under key id k1:"
            + " give the deployment's pepper (--pepper-file or WVS_PEPPER)");
    assertThat(site.app().adminTokens().inspect(1, VALUE)).isEmpty();
    List<String> check = new java.util.ArrayList<>(List.of(site.args("keys", "check")));
    assertThat(CliRun.run(check.toArray(String[]::new)).out()).contains("matching: [k1]");
    check.set(check.indexOf(site.pepperFile.toString()), wrong.toString());
    assertOneLine(CliRun.run(check.toArray(String[]::new)), 1,
        "error: the pepper does not match the one registered in this database under key id k1:"
            + " give the deployment's pepper (--pepper-file or WVS_PEPPER)");
  }

  @Test
  void aDatabaseThatIsDownIsRefusedWithExitCodeOne() {
    CliRun run = CliRun.run(Map.of("WVS_PEPPER", Base64.getEncoder().encodeToString(site.pepper)),
        "token", "revoke", "--value", VALUE, "--jdbc-url", "jdbc:postgresql://127.0.0.1:9/wvs",
        "--jdbc-user", "wvs", "--fixture", site.fixture.toString());

    assertOneLine(run, 1, "error: the database jdbc:postgresql://127.0.0.1:9/wvs cannot be"
        + " reached: Connection refused");
  }

  @Test
  void aMissingPepperIsAUsageErrorNamingWhereItComesFrom() {
    CliRun run = CliRun.run("token", "show", "--value", VALUE, "--jdbc-url", site.jdbcUrl,
        "--fixture", site.fixture.toString());

    assertOneLine(run, 2, "error: the pepper is required: --pepper-file <file> or the environment"
        + " variable WVS_PEPPER (base64), the same as the application's");
  }

  @Test
  void aMalformedKeyInTheEnvironmentIsAUsageErrorNamingTheVariableNotTheValue() {
    CliRun run = CliRun.run(Map.of("WVS_PEPPER", VALUE), "token", "show", "--value", VALUE,
        "--jdbc-url", site.jdbcUrl, "--fixture", site.fixture.toString());

    assertOneLine(run, 2, "error: the environment variable WVS_PEPPER must hold the key in base64"
        + " (at least 32 bytes); it is not base64");
  }

  @Test
  void aShortKeyFileIsAUsageError() throws Exception {
    Path shortKey = Files.writeString(site.dir.resolve("short.key"),
        Base64.getEncoder().encodeToString(new byte[16]));
    CliRun run = CliRun.run("keys", "check", "--jdbc-url", site.jdbcUrl, "--pepper-file",
        shortKey.toString(), "--fixture", site.fixture.toString());

    assertOneLine(run, 2, "error: --pepper-file " + shortKey + " must hold at least 32 bytes in"
        + " base64, holds 16 bytes");
  }

  @Test
  void anUnknownValueIsNotFoundAndJunkNeverReachesTheStore() {
    assertOneLine(CliRun.run(site.args("token", "revoke", "--value", VALUE)), 1,
        "error: no token has this value");
    assertOneLine(CliRun.run(site.args("token", "show", "--value", "wvspat-notachecksum")), 1,
        "error: no token has this value");
  }

  @Test
  void anUnknownOptionIsAUsageErrorOnOneLine() {
    assertOneLine(CliRun.run(site.args("token", "create", "--user", "alice", "--name", "x",
        "--scopes", "api", "--colour", "blue")), 2,
        "error: unknown option '--colour' (and 1 more argument, not shown) (see --help)");
    // A value pasted after a mistyped option is not echoed.
    assertOneLine(CliRun.run(site.args("token", "revoke", "--valeu", VALUE)), 2,
        "error: unknown option '--valeu' (and 1 more argument, not shown) (see --help)");
  }

  @Test
  void everyCommandHasHelpAndTheExitCodesAreDocumented() {
    CliRun top = CliRun.run("--help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("Exit codes:").contains("0   done").contains("1   refused")
        .contains("2   usage");
    // Every command below, in this JVM: the same command tree as the jar's.
    for (String command : List.of("token", "token create", "token revoke", "token show",
        "token list", "keys", "keys check", "keys rekey", "schema", "schema migrate",
        "schema status")) {
      java.io.StringWriter out = new java.io.StringWriter();
      String[] args = (command + " --help").split(" ");
      int code = WvsAuthCli.run(args, Map.of(), java.time.Clock.systemUTC(),
          new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()));
      assertThat(code).as(command).isZero();
      assertThat(out.toString()).as(command).startsWith("Usage: wvs-auth-cli " + command);
    }
  }

  @Test
  void aDirectoryProviderOnTheClassPathResolvesUsersWhenNoFixtureIsGiven() {
    List<String> args = new java.util.ArrayList<>(List.of(site.args("token", "create", "--user",
        "provided-user", "--name", "from the host's directory", "--scopes", "read_user")));
    int fixture = args.indexOf("--fixture");
    args.remove(fixture + 1);
    args.remove(fixture);

    CliRun run = CliRun.runWithClassPath(Path.of("target", "test-classes"),
        args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("owner: user:77");
    // Without the provider, the same command line meets the demo's built-in users.
    CliRun builtIn = CliRun.run(args.toArray(String[]::new));
    assertThat(builtIn.errLines()).containsExactly("error: --user provided-user: no such user");
  }

  @Test
  void schemaStatusAndMigrateReportTheBundledMigrations() {
    Site fresh = Site.h2();
    try (fresh) {
      CliRun status = CliRun.run(fresh.dbArgs("schema", "status", "--json"));
      assertThat(status.exitCode()).isZero();
      assertThat(status.out()).contains("\"pending\":[]").contains("\"up_to_date\":true");
      CliRun migrate = CliRun.run(fresh.dbArgs("schema", "migrate"));
      assertThat(migrate.exitCode()).isZero();
      assertThat(migrate.out()).contains("applied: []");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Path empty = site.dir.resolve("empty");
    CliRun pending = CliRun.run("schema", "status", "--jdbc-url", "jdbc:h2:file:" + empty);
    assertThat(pending.exitCode()).isEqualTo(1);
    assertThat(pending.out()).contains("pending: [1, 2, 3, 4, 5, 6, 7, 8]");
    CliRun migrated = CliRun.run("schema", "migrate", "--jdbc-url", "jdbc:h2:file:" + empty);
    assertThat(migrated.out()).contains("applied: [1, 2, 3, 4, 5, 6, 7, 8]");
  }
}
