package io.wvs.auth.demo;

import io.wvs.auth.FailureLimits;
import io.wvs.auth.smtp.SmtpNotifier.TlsMode;
import io.wvs.auth.spi.ExpiryNotice;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * @param registry the {@code host:port} a Distribution registry listens on, for which the server
 *     serves the container-registry token service at {@code /jwt/auth} (and enables the registry
 *     scopes); null for no registry
 * @param failureLimits the failed-authentication limits ({@code --failure-limiter}), or null when
 *     the limiter is off

 * @param expiryWindows the expiry e-mail windows checked: seven days and today by default, 30
 *     and 60 days as well when asked for ({@code --expiry-windows})
 * @param webhook the webhook the expiry and leak events go to ({@code --webhook-url}), or null
 */
public record DemoConfig(String host, int port, Path dataDir, String jdbcUrl, String jdbcUser,
    String jdbcPassword, String adminToken, Path fixture, Clock clock, Smtp smtp, String externalUrl,
    Keys keys, String registry, FailureLimits failureLimits, Set<ExpiryNotice.Kind> expiryWindows,
    DemoWebhook webhook) {

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
  public static final String USAGE = DemoUsage.TEXT;

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
    if (registry != null && !registry.matches("[A-Za-z0-9.-]{1,253}:[0-9]{1,5}")) {
      throw new IllegalArgumentException("--registry must be host:port, e.g. 127.0.0.1:5000; was '"
          + registry + "'");
    }
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
    b.registry = registry;
    b.failureLimits = failureLimits;
    b.expiryWindows = expiryWindows;
    b.webhook = webhook;
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
        + ", keys=" + keys + ", registry=" + (registry == null ? "none" : registry)
        + ", failureLimits=" + (failureLimits == null ? "off" : failureLimits) + "}";
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
    return DemoCommandLine.parse(args, env);
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
    private Set<ExpiryNotice.Kind> expiryWindows =
        Set.of(ExpiryNotice.Kind.EXPIRES_SOON, ExpiryNotice.Kind.EXPIRES_TODAY);
    private Keys keys = Keys.DATA_DIR;
    private String registry;
    private FailureLimits failureLimits = FailureLimits.defaults();
    private DemoWebhook webhook;

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

    /**
     * Serves the container-registry token service for a registry at {@code hostAndPort}.
     *
     * @param hostAndPort the registry's {@code host:port}, or null for none
     * @return this builder
     */
    public Builder registry(String hostAndPort) {
      this.registry = hostAndPort;
      return this;
    }

    /**
     * The failed-authentication limits; {@link FailureLimits#defaults()} unless set, null for off.
     *
     * @param limits the limits, or null to turn the limiter off
     * @return this builder
     */
    public Builder failureLimits(FailureLimits limits) {
      this.failureLimits = limits;
      return this;
    }

    /**
     * The expiry e-mail windows to check; seven days and today (the default) unless given.
     *
     * @param windows the windows, not empty
     * @return this builder
     */
    public Builder expiryWindows(Set<ExpiryNotice.Kind> windows) {
      this.expiryWindows = Set.copyOf(windows);
      return this;
    }

    /**
     * The webhook for the expiry and leak events; null (the default) sends none.
     * @param webhook the webhook, or null
     * @return this builder
     */
    public Builder webhook(DemoWebhook webhook) {
      this.webhook = webhook;
      return this;
    }

    public DemoConfig build() {
      return new DemoConfig(host, port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, adminToken,
          fixture, clock, smtp, externalUrl, keys, registry, failureLimits, expiryWindows, webhook);
    }
  }
}
