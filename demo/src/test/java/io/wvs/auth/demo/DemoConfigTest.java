package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

  private static DemoConfig parse(Map<String, String> env, String... args) throws Exception {
    return ((DemoConfig.Run) DemoConfig.parse(args, env)).config();
  }

  @Test
  void parseWhenNoFlagsThenDefaults() throws Exception {
    DemoConfig c = parse(Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("demo-data"));
    assertThat(c.embeddedDatabase()).isTrue();
    assertThat(c.adminToken()).isNull();
    assertThat(c.fixture()).isNull();
  }

  @Test
  void parseWhenEveryFlagThenEachIsTaken() throws Exception {
    DemoConfig c = parse(Map.of(), "--port", "8081", "--host=0.0.0.0", "--data-dir", "/tmp/x",
        "--jdbc-url", "jdbc:postgresql://localhost/wvs", "--jdbc-user", "wvs", "--jdbc-password", "pw",
        "--admin-token", "token-string-here123", "--fixture", "f.json");
    assertThat(c.port()).isEqualTo(8081);
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/wvs");
    assertThat(c.embeddedDatabase()).isFalse();
    assertThat(c.jdbcUser()).isEqualTo("wvs");
    assertThat(c.jdbcPassword()).isEqualTo("pw");
    assertThat(c.adminToken()).isEqualTo("token-string-here123");
    assertThat(c.fixture()).isEqualTo(Path.of("f.json"));
    assertThat(c.toString()).doesNotContain("token-string-here123").doesNotContain("=pw");
  }

  @Test
  void parseWhenAdminTokenInEnvironmentThenUsedUnlessFlagGiven() throws Exception {
    Map<String, String> env = Map.of("WVS_ADMIN_TOKEN", "from-the-environment-123");
    assertThat(parse(env).adminToken()).isEqualTo("from-the-environment-123");
    assertThat(parse(env, "--admin-token", "from-the-command-line-1").adminToken())
        .isEqualTo("from-the-command-line-1");
  }

  @Test
  void theRegistryFlagTakesAHostAndPortAndIsOffByDefault() throws Exception {
    assertThat(parse(Map.of()).registry()).isNull();
    assertThat(parse(Map.of(), "--registry", "127.0.0.1:5000").registry()).isEqualTo("127.0.0.1:5000");
    assertThatThrownBy(() -> parse(Map.of(), "--registry", "http://127.0.0.1:5000"))
        .hasMessageContaining("--registry must be host:port");
    assertThatThrownBy(() -> parse(Map.of(), "--registry", "localhost")).hasMessageContaining("host:port");
    assertThat(DemoConfig.USAGE).contains("--registry <host:port>");
  }

  @Test
  void theWebhookFlagsGoTogetherTakeHttpsOrALoopbackHttpUrlAndASecretOfAtLeast16Bytes(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path secret = tmp.resolve("secret");
    java.nio.file.Files.writeString(secret, "0123456789abcdef\n"); // 16 bytes and a line break
    Path shortSecret = tmp.resolve("short");
    java.nio.file.Files.writeString(shortSecret, "0123456789abcde\n");
    assertThat(parse(Map.of()).webhook()).isNull();
    DemoConfig c = parse(Map.of(), "--webhook-url", "https://hooks.example.org/wvs?key=k",
        "--webhook-secret-file", secret.toString());
    assertThat(c.webhook()).isEqualTo(new DemoWebhook(
        java.net.URI.create("https://hooks.example.org/wvs?key=k"), secret));
    assertThat(c.webhook().toString()).contains("https://hooks.example.org/").doesNotContain("key=k");
    assertThat(parse(Map.of(), "--webhook-url", "http://127.0.0.1:9000/hook",
        "--webhook-secret-file", secret.toString()).webhook()).isNotNull();
    assertThatThrownBy(() -> parse(Map.of(), "--webhook-url", "https://hooks.example.org/"))
        .hasMessageContaining("--webhook-url needs --webhook-secret-file");
    assertThatThrownBy(() -> parse(Map.of(), "--webhook-secret-file", secret.toString()))
        .hasMessageContaining("--webhook-secret-file needs --webhook-url");
    assertThatThrownBy(() -> parse(Map.of(), "--webhook-url", "http://hooks.example.org/",
        "--webhook-secret-file", secret.toString())).hasMessageContaining("must be https");
    assertThatThrownBy(() -> parse(Map.of(), "--webhook-url", "ftp://hooks.example.org/?key=k",
        "--webhook-secret-file", secret.toString()))
        .hasMessageContaining("absolute http(s) URL").hasMessageNotContaining("key=k");
    assertThatThrownBy(() -> parse(Map.of(), "--webhook-url", "https://hooks.example.org/",
        "--webhook-secret-file", shortSecret.toString())).hasMessageContaining("at least 16 bytes");
    assertThatThrownBy(() -> parse(Map.of(), "--webhook-url", "https://hooks.example.org/",
        "--webhook-secret-file", tmp.resolve("absent").toString())).hasMessageContaining("cannot read");
    assertThat(DemoConfig.USAGE).contains("--webhook-url <url>", "--webhook-secret-file <file>");
  }

  @Test
  void parseWhenInvalidThenUsageExceptionSaysWhat() {
    assertThatThrownBy(() -> parse(Map.of(), "--prot", "1")).hasMessageContaining("unknown option '--prot'");
    assertThatThrownBy(() -> parse(Map.of(), "--port")).hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> parse(Map.of(), "--port", "http")).hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> parse(Map.of(), "--port", "70000")).hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> parse(Map.of(), "--port", "1", "--port", "2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> parse(Map.of(), "serve")).hasMessageContaining("unexpected argument");
    assertThatThrownBy(() -> parse(Map.of(), "--admin-token", "short")).hasMessageContaining("at least 20");
    assertThatThrownBy(() -> parse(Map.of(), "--jdbc-url", "postgres://x")).hasMessageContaining("JDBC URL");
    assertThatThrownBy(() -> parse(Map.of(), "--jdbc-user", "x")).hasMessageContaining("need --jdbc-url");
  }

  @Test
  void parseWhenNoKeyFlagsOrVariablesThenBothKeysComeFromTheDataFolder() throws Exception {
    assertThat(parse(Map.of()).keys()).isEqualTo(DemoConfig.Keys.DATA_DIR);
    assertThat(parse(Map.of("WVS_PEPPER", " ", "WVS_CI_KEY", "")).keys()).isEqualTo(DemoConfig.Keys.DATA_DIR);
  }

  @Test
  void parseWhenKeyFilesGivenThenBothComeFromThem() throws Exception {
    DemoConfig c = parse(Map.of(), "--pepper-file", "/run/secrets/pepper", "--ci-key-file=ci.key");
    assertThat(c.keys().pepper()).isEqualTo(new DemoConfig.KeySource.File(Path.of("/run/secrets/pepper")));
    assertThat(c.keys().ciKey()).isEqualTo(new DemoConfig.KeySource.File(Path.of("ci.key")));
  }

  @Test
  void parseWhenKeysInTheEnvironmentThenUsedUnlessAFlagIsGivenAndNeverShown() throws Exception {
    String pepper = Base64.getEncoder().encodeToString(bytes(48, 1));
    String ciKey = Base64.getEncoder().encodeToString(bytes(32, 2));
    Map<String, String> env = Map.of("WVS_PEPPER", pepper + "\n", "WVS_CI_KEY", ciKey);

    DemoConfig c = parse(env);
    assertThat(c.keys().pepper()).isEqualTo(new DemoConfig.KeySource.Environment("WVS_PEPPER", pepper));
    assertThat(c.keys().ciKey()).isEqualTo(new DemoConfig.KeySource.Environment("WVS_CI_KEY", ciKey));
    assertThat(c.toString()).contains("WVS_PEPPER", "WVS_CI_KEY").doesNotContain(pepper).doesNotContain(ciKey);

    // As base64(1) writes a 64-byte pepper: wrapped at 76 characters.
    String wrapped = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(bytes(64, 6));
    assertThat(wrapped).contains("\n");
    assertThat(parse(Map.of("WVS_PEPPER", wrapped + "\n")).keys().pepper())
        .isEqualTo(new DemoConfig.KeySource.Environment("WVS_PEPPER", wrapped.replace("\n", "")));

    DemoConfig flagsWin = parse(env, "--pepper-file", "p", "--ci-key-file", "c");
    assertThat(flagsWin.keys()).isEqualTo(new DemoConfig.Keys(new DemoConfig.KeySource.File(Path.of("p")),
        new DemoConfig.KeySource.File(Path.of("c"))));
  }

  @Test
  void parseWhenAKeyInTheEnvironmentIsInvalidThenUsageExceptionNamesTheVariableNeverTheValue() {
    String shortPepper = Base64.getEncoder().encodeToString(bytes(31, 3));
    assertThatThrownBy(() -> parse(Map.of("WVS_PEPPER", shortPepper)))
        .isInstanceOf(DemoConfig.UsageException.class)
        .hasMessageContaining("WVS_PEPPER").hasMessageContaining("at least 32 bytes")
        .hasMessageContaining("holds 31 bytes").hasMessageNotContaining(shortPepper);
    String longCiKey = Base64.getEncoder().encodeToString(bytes(33, 4));
    assertThatThrownBy(() -> parse(Map.of("WVS_CI_KEY", longCiKey)))
        .hasMessageContaining("WVS_CI_KEY").hasMessageContaining("exactly 32 bytes")
        .hasMessageNotContaining(longCiKey);
    assertThatThrownBy(() -> parse(Map.of("WVS_PEPPER", "not*base64-secret-value")))
        .hasMessageContaining("WVS_PEPPER").hasMessageContaining("base64")
        .hasMessageNotContaining("not*base64-secret-value");
    assertThatThrownBy(() -> parse(Map.of(), "--pepper-file")).hasMessageContaining("--pepper-file needs a value");
    assertThatThrownBy(() -> parse(Map.of(), "--ci-key-file", "a", "--ci-key-file", "b"))
        .hasMessageContaining("twice");
  }

  @Test
  void mainWhenAKeyFileIsMissingOrInvalidThenExitCode2NamingTheFlagAndFile(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    String secretText = "this is no base64 key, but a secret";
    Path invalid = java.nio.file.Files.writeString(tmp.resolve("pepper.txt"), secretText);
    Path shortKey = java.nio.file.Files.writeString(tmp.resolve("ci.b64"),
        Base64.getEncoder().encodeToString(bytes(16, 5)));
    for (String[] args : List.of(
        new String[] {"--pepper-file", tmp.resolve("missing").toString()},
        new String[] {"--pepper-file", invalid.toString()},
        new String[] {"--ci-key-file", shortKey.toString()})) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      List<String> all = new java.util.ArrayList<>(List.of("--port", "0", "--data-dir",
          tmp.resolve("d").toString()));
      all.addAll(List.of(args));
      int code = Main.run(all.toArray(String[]::new), System.out,
          new PrintStream(err, true, StandardCharsets.UTF_8));
      String message = err.toString(StandardCharsets.UTF_8);
      assertThat(code).as(message).isEqualTo(2);
      assertThat(message).contains(args[0] + " " + args[1]).doesNotContain(secretText)
          .doesNotContain("Exception");
    }
  }

  private static byte[] bytes(int length, int fill) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void parseWhenHelpThenHelp() throws Exception {
    assertThat(DemoConfig.parse(new String[] {"--port", "1", "--help"}, Map.of())).isInstanceOf(DemoConfig.Help.class);
  }

  @Test
  void mainWhenInvalidFlagThenUsageAndExitCode2() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"--bogus"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'", "Usage:", "--port");
  }

  @Test
  void mainWhenHelpThenUsageAndExitCode0() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--admin-token", "WVS_ADMIN_TOKEN", "--fixture",
        "--pepper-file", "WVS_PEPPER", "--ci-key-file", "WVS_CI_KEY");
  }

  @Test
  void mainWhenFixtureInvalidThenExitCode2WithTheProblem(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path fixture = java.nio.file.Files.writeString(tmp.resolve("f.json"), "{\"users\":[{\"id\":0,\"username\":\"x\"}]}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"--port", "0", "--data-dir", tmp.resolve("d").toString(),
        "--fixture", fixture.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("users[0].id must be a positive whole number");
  }

  @Test
  void expiryWindowsFlagAddsThe30And60DayNoticesAndTheDefaultKeepsTheDocumentsTwo() throws Exception {
    assertThat(parse(Map.of()).expiryWindows()).containsExactlyInAnyOrder(
        io.wvs.auth.spi.ExpiryNotice.Kind.EXPIRES_SOON, io.wvs.auth.spi.ExpiryNotice.Kind.EXPIRES_TODAY);
    assertThat(parse(Map.of(), "--expiry-windows", "60,30,7,0").expiryWindows())
        .containsExactlyInAnyOrder(io.wvs.auth.spi.ExpiryNotice.Kind.values());
    assertThat(parse(Map.of(), "--expiry-windows=30").expiryWindows())
        .containsExactly(io.wvs.auth.spi.ExpiryNotice.Kind.EXPIRES_IN_30);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(Map.of(), "--expiry-windows", "14"))
        .isInstanceOf(DemoConfig.UsageException.class).hasMessageContaining("--expiry-windows");
  }
}
