package io.wvs.auth.demo;

import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.smtp.SmtpNotifier.TlsMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the demo server runs: where it listens, where it keeps its files, which database and fixture
 * it uses, the optional predetermined root token and the optional SMTP server for the expiry
 * e-mails. Immutable; build one from the command line
 * with {@link #parse} or in code with {@link #builder()}.
 *
 * @param host the interface to listen on
 * @param port the TCP port; 0 picks a free one
 * @param dataDir the folder for the H2 database, the pepper, the CI key and the git repositories
 * @param jdbcUrl a JDBC URL (PostgreSQL) to use instead of the embedded H2 database, or null
 * @param jdbcUser the database user for {@code jdbcUrl}, or null
 * @param jdbcPassword the database password for {@code jdbcUrl}, or null
 * @param adminToken a predetermined token for root (at least 20 characters), or null for a fresh random one
 * @param fixture a fixture JSON file replacing the built-in directory, or null
 * @param clock the clock for every time decision (tests move it; the command line uses UTC)
 * @param smtp the SMTP server the expiry e-mails go to, or null to write them to the log
 * @param externalUrl the URL clients reach the server at (e.g. {@code https://git.example.com}),
 *     the base of every absolute link the server writes; null for the listening address. Never
 *     taken from a request's {@code Host} header.
 * @param keys where the pepper and the CI key come from; {@link Keys#DATA_DIR} for the files
 *     generated in the data folder
 */
public record DemoConfig(String host, int port, Path dataDir, String jdbcUrl, String jdbcUser,
    String jdbcPassword, String adminToken, Path fixture, Clock clock, Smtp smtp, String externalUrl,
    Keys keys) {

  /** The default interface: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default port. */
  public static final int DEFAULT_PORT = 8080;
  /** The default data folder, relative to the working directory. */
  public static final String DEFAULT_DATA_DIR = "demo-data";
  /** The environment variable that supplies {@code --admin-token}. */
  public static final String ADMIN_TOKEN_ENV = "WVS_ADMIN_TOKEN";
  /** The environment variable that supplies {@code --smtp-password}. */
  public static final String SMTP_PASSWORD_ENV = "WVS_SMTP_PASSWORD";
  /** The environment variable that supplies the pepper (base64) unless {@code --pepper-file} is given. */
  public static final String PEPPER_ENV = "WVS_PEPPER";
  /** The environment variable that supplies the CI key (base64) unless {@code --ci-key-file} is given. */
  public static final String CI_KEY_ENV = "WVS_CI_KEY";
  /** The default sender of the expiry e-mails. */
  public static final String DEFAULT_SMTP_FROM = "wvs-demo@localhost";
  /** The path of the renew URL under the server's base URL when {@code --renew-url} is not given. */
  public static final String RENEW_PATH = "/-/profile/personal_access_tokens";

  /** The command-line usage text. */
  public static final String USAGE = String.join("\n",
      "Usage: wvs-auth demo server [options]",
      "",
      "  --port <n>             TCP port to listen on (default " + DEFAULT_PORT + "; 0 picks a free one)",
      "  --host <address>       interface to listen on (default " + DEFAULT_HOST + ")",
      "  --data-dir <dir>       H2 database, pepper, CI key and git repositories (default ./"
          + DEFAULT_DATA_DIR + ")",
      "  --jdbc-url <url>       use this database (e.g. jdbc:postgresql://localhost/wvs) instead of H2",
      "  --jdbc-user <user>     database user for --jdbc-url",
      "  --jdbc-password <pw>   database password for --jdbc-url",
      "  --admin-token <token>  a predetermined token for root, at least 20 characters",
      "                         (or the environment variable " + ADMIN_TOKEN_ENV + ")",
      "  --pepper-file <file>   the pepper of the token digests: a file holding at least 32 bytes",
      "                         in base64 (or the environment variable " + PEPPER_ENV + " holding",
      "                         them); the same on every instance sharing a database (default:",
      "                         generated once into <data-dir>/pepper.key)",
      "  --ci-key-file <file>   the key sealing CI deploy tokens: a file holding exactly 32 bytes",
      "                         in base64 (or the environment variable " + CI_KEY_ENV + "); the",
      "                         same on every instance (default: <data-dir>/ci-secret.key)",
      "  --fixture <file.json>  users, groups and projects to serve instead of the built-in ones",
      "  --smtp-host <host>     send the expiry e-mails through this SMTP server (without it they",
      "                         go to the log)",
      "  --smtp-port <n>        SMTP port (default 25; 587 with starttls, 465 with smtps)",
      "  --smtp-tls <mode>      none, starttls or smtps (default none, for a local test relay)",
      "  --smtp-user <user>     SMTP login (needs a password)",
      "  --smtp-password <pw>   SMTP password (or the environment variable " + SMTP_PASSWORD_ENV + ")",
      "  --smtp-from <address>  sender of the e-mails (default " + DEFAULT_SMTP_FROM + ")",
      "  --external-url <url>   the URL clients reach the server at, the base of absolute links",
      "                         (default http://<host>:<port>)",
      "  --renew-url <url>      link in the e-mails (default http://<host>:<port>" + RENEW_PATH + ")",
      "  --help                 print this help and exit",
      "",
      "With Maven: mvn -q -B package -DskipTests -pl demo -am exec:java -Dexec.args=\"--port 8081\"");

  public DemoConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
    }
    if (externalUrl != null) {
      externalUrl = checkExternalUrl(externalUrl);
    }
    Objects.requireNonNull(keys, "keys");
  }

  /**
   * Where the demo's two secrets come from: the pepper of the token digests and the AES key that
   * seals CI deploy tokens. Every instance sharing a database needs the same two.
   *
   * @param pepper where the pepper comes from
   * @param ciKey where the CI key comes from
   */
  public record Keys(KeySource pepper, KeySource ciKey) {
    /** Both generated once into the data folder, as a single instance needs. */
    public static final Keys DATA_DIR = new Keys(new KeySource.DataDir(), new KeySource.DataDir());

    public Keys {
      Objects.requireNonNull(pepper, "pepper");
      Objects.requireNonNull(ciKey, "ciKey");
    }
  }

  /** Where one secret comes from. Its {@code toString} never shows a key. */
  public sealed interface KeySource {
    /** The file generated once into the data folder (the default). */
    record DataDir() implements KeySource {}

    /**
     * A file holding the key in base64 (as the generated files do), read at start.
     *
     * @param path the file
     */
    record File(Path path) implements KeySource {
      public File {
        Objects.requireNonNull(path, "path");
      }
    }

    /**
     * The key in base64 from an environment variable.
     *
     * @param variable the variable's name
     * @param base64 its value, checked to be base64
     */
    record Environment(String variable, String base64) implements KeySource {
      public Environment {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(base64, "base64");
      }

      @Override
      public String toString() {
        return "Environment[variable=" + variable + ", base64=[masked]]";
      }
    }
  }

  /**
   * Where the expiry e-mails go: an SMTP server, with the demo's users' fixture addresses.
   *
   * @param host the SMTP server's host name or address
   * @param port its port (1 to 65535)
   * @param tls how the connection is secured
   * @param user the SMTP login, or null for none
   * @param password the SMTP password (with {@code user}), or null
   * @param from the sender address
   * @param renewUrl the link in the e-mails, or null for the server's own
   *     {@code <base URL>}{@value #RENEW_PATH}
   */
  public record Smtp(String host, int port, TlsMode tls, String user, String password, String from,
      String renewUrl) {
    public Smtp {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(from, "from");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("SMTP port must be 1 to 65535, was " + port);
      }
      if ((user == null) != (password == null)) {
        throw new IllegalArgumentException("the SMTP user and password go together");
      }
    }

    /** Plain SMTP to {@code host:port} from {@value #DEFAULT_SMTP_FROM}, no login. */
    public static Smtp plain(String host, int port) {
      return new Smtp(host, port, TlsMode.NONE, null, null, DEFAULT_SMTP_FROM, null);
    }

    @Override
    public String toString() {
      return "Smtp{host=" + host + ", port=" + port + ", tls=" + tls + ", user=" + user
          + ", password=" + (password == null ? "none" : "[masked]") + ", from=" + from
          + ", renewUrl=" + (renewUrl == null ? "the server's" : renewUrl) + "}";
    }
  }

  /** A builder with the defaults of the command line. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code url} without a trailing slash, if it is a plain http(s) URL (as the API servlet checks). */
  private static String checkExternalUrl(String url) {
    if (!url.matches("https?://[^/?#@\\s]+(/[^?#\\s]*)?")) {
      throw new IllegalArgumentException("--external-url must be an http or https URL such as"
          + " https://git.example.com, without user, query or fragment; was '" + url + "'");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Whether the embedded H2 database in {@link #dataDir()} is used. */
  public boolean embeddedDatabase() {
    return jdbcUrl == null;
  }

  /** This configuration as a builder, to change a setting. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.dataDir = dataDir;
    b.jdbcUrl = jdbcUrl;
    b.jdbcUser = jdbcUser;
    b.jdbcPassword = jdbcPassword;
    b.adminToken = adminToken;
    b.fixture = fixture;
    b.clock = clock;
    b.smtp = smtp;
    b.externalUrl = externalUrl;
    b.keys = keys;
    return b;
  }

  @Override
  public String toString() {
    return "DemoConfig{host=" + host + ", port=" + port + ", dataDir=" + dataDir
        + ", jdbcUrl=" + (jdbcUrl == null ? "embedded H2" : jdbcUrl)
        + ", jdbcUser=" + jdbcUser + ", jdbcPassword=" + (jdbcPassword == null ? "none" : "[masked]")
        + ", adminToken=" + (adminToken == null ? "none" : "[masked]")
        + ", fixture=" + (fixture == null ? "built-in" : fixture)
        + ", smtp=" + (smtp == null ? "none (expiry e-mails go to the log)" : smtp)
        + ", externalUrl=" + (externalUrl == null ? "the listening address" : externalUrl)
        + ", keys=" + keys + "}";
  }

  /** The outcome of parsing a command line: a configuration, or a request for help. */
  public sealed interface Parsed permits Run, Help {}

  /** Run the server with {@code config}. */
  public record Run(DemoConfig config) implements Parsed {}

  /** Print the usage and exit successfully. */
  public record Help() implements Parsed {}

  /** A command line that cannot be run; the message says what is wrong. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args} ({@code --flag value} or {@code --flag=value}) with the environment
   * {@code env} ({@value #ADMIN_TOKEN_ENV}, {@value #SMTP_PASSWORD_ENV}, {@value #PEPPER_ENV},
   * {@value #CI_KEY_ENV}; a flag wins over the environment).
   *
   * @throws UsageException for an unknown flag, a missing or invalid value, or a flag given twice
   */
  public static Parsed parse(String[] args, Map<String, String> env) throws UsageException {
    Builder b = builder();
    List<String> seen = new ArrayList<>();
    SmtpFlags smtp = new SmtpFlags();
    Path pepperFile = null;
    Path ciKeyFile = null;
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
      if (!List.of("--port", "--host", "--data-dir", "--jdbc-url", "--jdbc-user", "--jdbc-password",
          "--admin-token", "--fixture", "--smtp-host", "--smtp-port", "--smtp-tls", "--smtp-user",
          "--smtp-password", "--smtp-from", "--renew-url", "--external-url", "--pepper-file",
          "--ci-key-file").contains(name)) {
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
        case "--port" -> b.port(parsePort(value));
        case "--host" -> b.host(value);
        case "--data-dir" -> b.dataDir(Path.of(value));
        case "--jdbc-url" -> {
          if (!value.startsWith("jdbc:")) {
            throw new UsageException("--jdbc-url must be a JDBC URL such as"
                + " jdbc:postgresql://localhost:5432/wvs, was '" + value + "'");
          }
          b.jdbcUrl(value);
        }
        case "--jdbc-user" -> b.jdbcUser(value);
        case "--jdbc-password" -> b.jdbcPassword(value);
        case "--admin-token" -> b.adminToken(value);
        case "--fixture" -> b.fixture(Path.of(value));
        case "--smtp-host" -> smtp.host = value;
        case "--smtp-port" -> smtp.port = parseSmtpPort(value);
        case "--smtp-tls" -> smtp.tls = parseTls(value);
        case "--smtp-user" -> smtp.user = value;
        case "--smtp-password" -> smtp.password = value;
        case "--smtp-from" -> smtp.from = value;
        case "--renew-url" -> smtp.renewUrl = value;
        case "--external-url" -> b.externalUrl(value);
        case "--pepper-file" -> pepperFile = Path.of(value);
        case "--ci-key-file" -> ciKeyFile = Path.of(value);
        default -> throw new AssertionError(name);
      }
    }
    if (b.adminToken == null) {
      String fromEnv = env.get(ADMIN_TOKEN_ENV);
      if (fromEnv != null && !fromEnv.isBlank()) {
        b.adminToken(fromEnv.strip());
      }
    }
    if (b.adminToken != null && b.adminToken.length() < 20) {
      throw new UsageException("the admin token must be at least 20 characters long, was "
          + b.adminToken.length());
    }
    if (b.jdbcUrl == null && (b.jdbcUser != null || b.jdbcPassword != null)) {
      throw new UsageException("--jdbc-user and --jdbc-password need --jdbc-url");
    }
    b.smtp(smtp.toSmtp(seen, env));
    b.keys(new Keys(keySource(pepperFile, PEPPER_ENV, env, KeyLength.PEPPER),
        keySource(ciKeyFile, CI_KEY_ENV, env, KeyLength.CI_KEY)));
    return new Run(b.build());
  }

  /** How many bytes a key may have: the pepper at least 32, the CI key exactly 32. */
  enum KeyLength {
    PEPPER(32, Integer.MAX_VALUE, "at least 32 bytes"),
    CI_KEY(32, 32, "exactly 32 bytes");

    private final int min;
    private final int max;
    private final String text;

    KeyLength(int min, int max, String text) {
      this.min = min;
      this.max = max;
      this.text = text;
    }

    /** Whether a key of {@code bytes} bytes is allowed. */
    boolean allows(int bytes) {
      return bytes >= min && bytes <= max;
    }

    /** The rule, e.g. "at least 32 bytes". */
    String rule() {
      return text;
    }
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
    java.util.Arrays.fill(key, (byte) 0);
    if (!length.allows(bytes)) {
      throw new UsageException("the environment variable " + variable + " must hold "
          + length.rule() + " in base64, holds " + bytes + " bytes");
    }
    return new KeySource.Environment(variable, base64);
  }

  /** The --smtp-* and --renew-url flags as given, before they are checked together. */
  private static final class SmtpFlags {
    String host;
    int port;
    TlsMode tls;
    String user;
    String password;
    String from;
    String renewUrl;

    Smtp toSmtp(List<String> seen, Map<String, String> env) throws UsageException {
      if (host == null) {
        List<String> orphans = seen.stream()
            .filter(f -> f.startsWith("--smtp-") || f.equals("--renew-url")).toList();
        if (!orphans.isEmpty()) {
          throw new UsageException(String.join(", ", orphans)
              + (orphans.size() == 1 ? " needs" : " need") + " --smtp-host");
        }
        return null;
      }
      TlsMode mode = tls == null ? TlsMode.NONE : tls;
      if (password == null && user != null) {
        String fromEnv = env.get(SMTP_PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
          password = fromEnv;
        }
      }
      if (user != null && password == null) {
        throw new UsageException("--smtp-user needs --smtp-password or the environment variable "
            + SMTP_PASSWORD_ENV);
      }
      if (user == null && password != null) {
        throw new UsageException("--smtp-password needs --smtp-user");
      }
      String sender = from == null ? DEFAULT_SMTP_FROM : from;
      // The notifier's own checks, one setting at a time, so the message names the flag.
      check("--smtp-host", () -> SmtpNotifier.builder().host(host));
      check("--smtp-from", () -> SmtpNotifier.builder().sender(sender));
      if (renewUrl != null) {
        check("--renew-url", () -> SmtpNotifier.builder().renewUrl(renewUrl));
      }
      if (user != null) {
        check("--smtp-user", () -> SmtpNotifier.builder().credentials(user, password.toCharArray()));
      }
      return new Smtp(host, port == 0 ? mode.defaultPort() : port, mode, user, password, sender,
          renewUrl);
    }

    private static void check(String flag, Runnable setting) throws UsageException {
      try {
        setting.run();
      } catch (IllegalArgumentException e) {
        throw new UsageException(flag + ": " + e.getMessage());
      }
    }
  }

  private static int parseSmtpPort(String value) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new UsageException("--smtp-port must be a number from 1 to 65535, was '" + value + "'");
  }

  private static TlsMode parseTls(String value) throws UsageException {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "none" -> TlsMode.NONE;
      case "starttls" -> TlsMode.STARTTLS;
      case "smtps" -> TlsMode.SMTPS;
      default -> throw new UsageException("--smtp-tls must be none, starttls or smtps, was '"
          + value + "'");
    };
  }

  private static int parsePort(String value) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new UsageException("--port must be a number from 0 to 65535, was '" + value + "'");
  }

  /** Builds a {@link DemoConfig}; starts from the command line's defaults. Not thread-safe. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path dataDir = Path.of(DEFAULT_DATA_DIR);
    private String jdbcUrl;
    private String jdbcUser;
    private String jdbcPassword;
    private String adminToken;
    private Path fixture;
    private Clock clock = Clock.systemUTC();
    private Smtp smtp;
    private String externalUrl;
    private Keys keys = Keys.DATA_DIR;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    public Builder jdbcUser(String jdbcUser) {
      this.jdbcUser = jdbcUser;
      return this;
    }

    public Builder jdbcPassword(String jdbcPassword) {
      this.jdbcPassword = jdbcPassword;
      return this;
    }

    public Builder adminToken(String adminToken) {
      this.adminToken = adminToken;
      return this;
    }

    public Builder fixture(Path fixture) {
      this.fixture = fixture;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The SMTP server for the expiry e-mails; null (the default) writes them to the log. */
    public Builder smtp(Smtp smtp) {
      this.smtp = smtp;
      return this;
    }

    /** The URL clients reach the server at; null (the default) is the listening address. */
    public Builder externalUrl(String externalUrl) {
      this.externalUrl = externalUrl;
      return this;
    }

    /**
     * Where the pepper and the CI key come from; {@link Keys#DATA_DIR} (the default) generates
     * them once into the data folder.
     *
     * @param keys the sources of the two keys
     * @return this builder
     */
    public Builder keys(Keys keys) {
      this.keys = keys;
      return this;
    }

    public DemoConfig build() {
      return new DemoConfig(host, port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, adminToken,
          fixture, clock, smtp, externalUrl, keys);
    }
  }
}
