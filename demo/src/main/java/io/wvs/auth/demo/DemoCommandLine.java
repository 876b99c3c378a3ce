package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoConfig.ADMIN_TOKEN_ENV;
import static io.wvs.auth.demo.DemoConfig.CI_KEY_ENV;
import static io.wvs.auth.demo.DemoConfig.PEPPER_ENV;

import io.wvs.auth.demo.DemoConfig.Builder;
import io.wvs.auth.demo.DemoConfig.Help;
import io.wvs.auth.demo.DemoConfig.KeySource;
import io.wvs.auth.demo.DemoConfig.Keys;
import io.wvs.auth.demo.DemoConfig.Parsed;
import io.wvs.auth.demo.DemoConfig.Run;
import io.wvs.auth.demo.DemoConfig.UsageException;
import io.wvs.auth.smtp.SmtpNotifier.TlsMode;
import io.wvs.auth.spi.ExpiryNotice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the demo's command line and environment into a {@link DemoConfig}: flag syntax
 * ({@code --flag value} or {@code --flag=value}, each flag once), the value of each flag, and
 * the environment variables that stand in for a flag that is not given. Backs
 * {@link DemoConfig#parse}.
 */
final class DemoCommandLine {
  private static final List<String> FLAGS = List.of("--port", "--host", "--data-dir", "--jdbc-url",
      "--jdbc-user", "--jdbc-password", "--admin-token", "--fixture", "--smtp-host", "--smtp-port",
      "--smtp-tls", "--smtp-user", "--smtp-password", "--smtp-from", "--renew-url",
      "--external-url", "--pepper-file", "--ci-key-file", "--registry", LimiterFlag.FLAG,
      "--expiry-windows", "--webhook-url", "--webhook-secret-file");

  private DemoCommandLine() {}

  /** As {@link DemoConfig#parse}. */
  static Parsed parse(String[] args, Map<String, String> env) throws UsageException {
    Builder b = DemoConfig.builder();
    List<String> seen = new ArrayList<>();
    SmtpFlags smtp = new SmtpFlags();
    String adminToken = null;
    String jdbcUrl = null;
    boolean jdbcLogin = false;
    Path pepperFile = null;
    Path ciKeyFile = null;
    String webhookUrl = null;
    String webhookSecretFile = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.isBlank()) {
        continue;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        return new Help();
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'; options start with --");
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!FLAGS.contains(name)) {
        throw new UsageException("unknown option '" + name + "'");
      }
      if (seen.contains(name)) {
        throw new UsageException("option " + name + " was given twice");
      }
      seen.add(name);
      if (value == null) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new UsageException("option " + name + " needs a value");
        }
        value = args[++i];
      }
      if (value.isEmpty()) {
        throw new UsageException("option " + name + " needs a non-empty value");
      }
      switch (name) {
        case "--port" -> b.port(port("--port", value, 0));
        case "--host" -> b.host(value);
        case "--data-dir" -> b.dataDir(Path.of(value));
        case "--jdbc-url" -> {
          if (!value.startsWith("jdbc:")) {
            throw new UsageException("--jdbc-url must be a JDBC URL such as"
                + " jdbc:postgresql://localhost:5432/wvs, was '" + value + "'");
          }
          jdbcUrl = value;
          b.jdbcUrl(value);
        }
        case "--jdbc-user" -> {
          jdbcLogin = true;
          b.jdbcUser(value);
        }
        case "--jdbc-password" -> {
          jdbcLogin = true;
          b.jdbcPassword(value);
        }
        case "--admin-token" -> adminToken = value;
        case "--fixture" -> b.fixture(Path.of(value));
        case "--smtp-host" -> smtp.host = value;
        case "--smtp-port" -> smtp.port = port("--smtp-port", value, 1);
        case "--smtp-tls" -> smtp.tls = tls(value);
        case "--smtp-user" -> smtp.user = value;
        case "--smtp-password" -> smtp.password = value;
        case "--smtp-from" -> smtp.from = value;
        case "--renew-url" -> smtp.renewUrl = value;
        case "--external-url" -> b.externalUrl(value);
        case "--registry" -> b.registry(value);
        case "--expiry-windows" -> b.expiryWindows(windows(value));
        case "--pepper-file" -> pepperFile = Path.of(value);
        case "--ci-key-file" -> ciKeyFile = Path.of(value);
        case "--webhook-url" -> webhookUrl = value;
        case "--webhook-secret-file" -> webhookSecretFile = value;
        case LimiterFlag.FLAG -> b.failureLimits(LimiterFlag.parse(value));
        default -> throw new AssertionError(name);
      }
    }
    if (adminToken == null) {
      String fromEnv = env.get(ADMIN_TOKEN_ENV);
      if (fromEnv != null && !fromEnv.isBlank()) {
        adminToken = fromEnv.strip();
      }
    }
    if (adminToken != null && adminToken.length() < 20) {
      throw new UsageException("the admin token must be at least 20 characters long, was "
          + adminToken.length());
    }
    b.adminToken(adminToken);
    if (jdbcUrl == null && jdbcLogin) {
      throw new UsageException("--jdbc-user and --jdbc-password need --jdbc-url");
    }
    b.smtp(smtp.toSmtp(seen, env));
    b.webhook(DemoWebhook.parse(webhookUrl, webhookSecretFile));
    b.keys(new Keys(keySource(pepperFile, PEPPER_ENV, env, KeyLength.PEPPER),
        keySource(ciKeyFile, CI_KEY_ENV, env, KeyLength.CI_KEY)));
    return new Run(b.build());
  }

  /**
   * The source of one key: {@code file} if given, else the base64 value of {@code variable} in
   * {@code env} (checked here; the message names the variable, never the value), else the data
   * folder.
   */
  private static KeySource keySource(Path file, String variable, Map<String, String> env,
      KeyLength length) throws UsageException {
    if (file != null) {
      return new KeySource.File(file);
    }
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return new KeySource.DataDir();
    }
    // Without whitespace: base64(1) wraps its output at 76 characters, e.g. for a 64-byte pepper.
    String base64 = value.replaceAll("\\s+", "");
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new UsageException("the environment variable " + variable + " must hold the key in"
          + " base64 (" + length.rule() + "), as the generated key files do; it is not base64");
    }
    int bytes = key.length;
    Arrays.fill(key, (byte) 0);
    if (!length.allows(bytes)) {
      throw new UsageException("the environment variable " + variable + " must hold "
          + length.rule() + " in base64, holds " + bytes + " bytes");
    }
    return new KeySource.Environment(variable, base64);
  }

  /** A port from {@code lowest} to 65535; the message names {@code flag}. */
  private static int port(String flag, String value, int lowest) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port >= lowest && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new UsageException(flag + " must be a number from " + lowest + " to 65535, was '"
        + value + "'");
  }

  /** {@code 60,30,7,0}: the expiry e-mail windows by their days ahead, any of them, at least one. */
  private static Set<ExpiryNotice.Kind> windows(String value) throws UsageException {
    Set<ExpiryNotice.Kind> windows = EnumSet.noneOf(ExpiryNotice.Kind.class);
    for (String day : value.split(",", -1)) {
      switch (day.strip()) {
        case "60" -> windows.add(ExpiryNotice.Kind.EXPIRES_IN_60);
        case "30" -> windows.add(ExpiryNotice.Kind.EXPIRES_IN_30);
        case "7" -> windows.add(ExpiryNotice.Kind.EXPIRES_SOON);
        case "0" -> windows.add(ExpiryNotice.Kind.EXPIRES_TODAY);
        default -> throw new UsageException(
            "--expiry-windows must list days from 60, 30, 7 and 0, comma-separated, was '" + value + "'");
      }
    }
    return windows;
  }

  private static TlsMode tls(String value) throws UsageException {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "none" -> TlsMode.NONE;
      case "starttls" -> TlsMode.STARTTLS;
      case "smtps" -> TlsMode.SMTPS;
      default -> throw new UsageException("--smtp-tls must be none, starttls or smtps, was '"
          + value + "'");
    };
  }
}
