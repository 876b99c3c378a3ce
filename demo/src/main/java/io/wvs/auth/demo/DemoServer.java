package io.wvs.auth.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.FailureReason;
import io.wvs.auth.PepperMismatchException;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.jdbc.SchemaInstaller;
import io.wvs.auth.servlet.RouteRules;
import io.wvs.auth.servlet.TokenApiServlet;
import io.wvs.auth.servlet.WvsAuthFilter;
import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.UserDirectory;
import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo server: Jetty 12 serving the wvs-auth filter, the v4 token REST API under
 * {@code /api/v4}, and git over HTTP (JGit) with Git LFS under {@code /<full path>.git}, over a
 * JDBC token store (embedded H2 in the data folder, or PostgreSQL) and the fixture's directory.
 *
 * <pre>{@code
 * DemoServer server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp).build());
 * String api = server.baseUrl() + "/api/v4";
 * server.stop();
 * }</pre>
 *
 * <p>{@link #start} creates what is missing (data folder, secrets, schema, repositories), issues
 * the root token and starts listening; {@link #stop} lets running requests finish (up to
 * {@value #STOP_TIMEOUT_MS} ms), then closes the database. Thread-safe.
 */
public final class DemoServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);
  private static final Logger MAIL = LoggerFactory.getLogger("io.wvs.auth.demo.mail");
  static final long STOP_TIMEOUT_MS = 10_000;
  /** The id of the demo's one pepper key. */
  static final String KEY_ID = "k1";
  /** The root token's scopes: the whole API (repositories included) and acting as other users. */
  static final List<Scope> ROOT_SCOPES = List.of(Scope.API, Scope.SUDO);

  private final DemoConfig config;
  private final Fixture fixture;
  private final HikariDataSource dataSource;
  private final DemoDirectory directory;
  private final WvsAuth auth;
  private final Server jetty;
  private final RootToken rootToken;
  private final ExpiryMails expiryMails;
  private volatile boolean stopped;

  /**
   * The token the server made or confirmed for the administrator at start.
   *
   * @param username the administrator's username (root in the built-in fixture)
   * @param value the token, or null when it was given with {@code --admin-token} (not repeated)
   * @param expiresOn its expiry date
   * @param predetermined whether it came from {@code --admin-token} / {@code WVS_ADMIN_TOKEN}
   */
  public record RootToken(String username, String value, LocalDate expiresOn, boolean predetermined) {
    @Override
    public String toString() {
      return "RootToken{username=" + username + ", value=[masked], expiresOn=" + expiresOn
          + ", predetermined=" + predetermined + "}";
    }
  }

  /** The expiry checks and their scheduler (null when the store keeps no notice ledger). */
  private record ExpiryMails(ExpiryNotifications checks, ExpiryScheduler scheduler) {}

  private DemoServer(DemoConfig config, Fixture fixture, HikariDataSource dataSource,
      DemoDirectory directory, WvsAuth auth, Server jetty, RootToken rootToken,
      ExpiryMails expiryMails) {
    this.expiryMails = expiryMails;
    this.config = config;
    this.fixture = fixture;
    this.dataSource = dataSource;
    this.directory = directory;
    this.auth = auth;
    this.jetty = jetty;
    this.rootToken = rootToken;
  }

  /**
   * Starts a server for {@code config}.
   *
   * @throws IllegalArgumentException if the fixture or the admin token is invalid
   * @throws IllegalStateException if the data cannot be used (the message says why)
   * @throws Exception if Jetty cannot start (the port is taken, say)
   */
  public static DemoServer start(DemoConfig config) throws Exception {
    return start(config, UnaryOperator.identity());
  }

  /**
   * {@link #start(DemoConfig)}, with the library and the git servlets seeing the directory through
   * {@code view} (the tests count directory calls with it).
   */
  static DemoServer start(DemoConfig config, UnaryOperator<UserDirectory> view) throws Exception {
    Fixture fixture = config.fixture() == null ? Fixture.builtIn() : Fixture.load(config.fixture());
    Path dataDir = config.dataDir().toAbsolutePath();
    PrivateFiles.secureDataDir(dataDir);
    if (config.embeddedDatabase()) {
      // H2 appends its error trace to this file; created here so that it is private from the start.
      PrivateFiles.createEmptyFile(dataDir.resolve(DemoDatabase.H2_NAME + ".trace.db"));
    }
    SecureRandom random = new SecureRandom();
    DemoSecrets secrets = DemoSecrets.load(config.keys(), dataDir, random);
    HikariDataSource dataSource = DemoDatabase.open(config);
    Server jetty = null;
    ExpiryMails expiryMails = null;
    try {
      JdbcDialect dialect = JdbcDialect.detect(dataSource);
      List<Integer> applied = SchemaInstaller.install(dataSource, dialect);
      if (!applied.isEmpty()) {
        LOG.info("installed token store schema versions {} ({})", applied, dialect);
      }
      DemoDirectory directory = DemoDirectory.open(fixture, dataSource, config.clock());
      DecisionLog decisions = new DecisionLog();
      JdbcTokenStore store = new JdbcTokenStore(dataSource, dialect);
      WvsAuth auth;
      try {
        auth = WvsAuth.builder()
            .tokenStore(store)
            .userDirectory(view.apply(directory))
            .keyring(DigestKeyring.of(KEY_ID, secrets.pepper()))
            .ciSecretKey(secrets.ciKey())
            .clock(config.clock())
            .auditSink(decisions)
            .secureRandom(random)
            .build();
      } catch (PepperMismatchException e) {
        IllegalStateException refused = new IllegalStateException("the pepper of this instance ("
            + secrets.pepperSource() + ") does not match the one registered in this database"
            + " under key id '" + KEY_ID + "' by the instance that started first: tokens made here"
            + " would be refused by the other instances and theirs here. Start every instance that"
            + " shares the database with the same pepper: --pepper-file <file> or the environment"
            + " variable " + DemoConfig.PEPPER_ENV + " (base64), e.g. the pepper.key in the data"
            + " folder of the instance that started first");
        refused.addSuppressed(e);
        throw refused;
      }
      RouteRules rules = RouteRules.standard(auth);
      decisions.watch(auth.authenticator(), rules);

      GitRepositories repositories = new GitRepositories(dataDir.resolve("repos"));
      int created = repositories.createMissing(fixture, config.clock());
      if (created > 0) {
        LOG.info("created {} git repositories under {}", created, dataDir.resolve("repos"));
      }
      // What H2 and JGit have just created with the process umask (the folder is private already).
      PrivateFiles.tightenDataDir(dataDir);

      jetty = new Server();
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      // The platform's clients address projects by URL-encoded full path
      // (/api/v4/projects/acme%2Fplatform%2Fapi/...): let encoded slashes through. The route rules
      // give such paths outside the :id segment no rule, and everything behind the filter wants an
      // authenticated request, so an ambiguous path fails closed.
      http.setUriCompliance(UriCompliance.DEFAULT.with("wvs-encoded-paths",
          UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
      ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
      connector.setHost(config.host());
      connector.setPort(config.port());
      jetty.addConnector(connector);
      jetty.setErrorHandler(new HttpHygiene.ErrorPages());
      // Bound now, so the listening address is known for the links the servlets write.
      connector.open();
      String externalUrl = config.externalUrl() != null ? config.externalUrl()
          : baseUrl(config.host(), connector.getLocalPort());

      ServletContextHandler context = new ServletContextHandler("/");
      context.setErrorHandler(new HttpHygiene.ErrorPages());
      context.getServletHandler().setDecodeAmbiguousURIs(true);
      EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
      context.addFilter(new FilterHolder(decisions), "/*", requests);
      context.addFilter(new FilterHolder(new HttpHygiene()), "/*", requests);
      context.addFilter(new FilterHolder(new WvsAuthFilter(auth.authenticator(), rules)), "/*", requests);
      context.addServlet(new ServletHolder("api", new TokenApiServlet(auth, externalUrl)),
          "/api/v4/*");
      LfsServlet lfs = new LfsServlet(view.apply(directory), dataDir.resolve("lfs"), externalUrl);
      GitHttpServlet git = new GitHttpServlet(view.apply(directory), repositories, lfs);
      context.addServlet(new ServletHolder("git", git), "/*");
      jetty.setHandler(new GracefulHandler(context));
      jetty.setStopTimeout(STOP_TIMEOUT_MS);
      jetty.setStopAtShutdown(false);
      jetty.start();
      // The renew URL defaults to the bound port's; a bad SMTP setting fails here, before the
      // root token is issued.
      expiryMails = startExpiryMails(auth, store, fixture, config,
          baseUrl(config.host(), connector.getLocalPort()));
      // After the port is bound, so a failed start leaves no unused root token behind.
      RootToken rootToken = issueRootToken(auth, fixture, config.adminToken());

      DemoServer server = new DemoServer(config, fixture, dataSource, directory, auth, jetty, rootToken,
          expiryMails);
      git.setWelcome(server.welcomeText());
      LOG.info("listening on {} ({} users, {} projects, {} bot users, {})", server.baseUrl(),
          fixture.users().size(), fixture.projects().size(), directory.botCount(),
          DemoDatabase.describe(config));
      return server;
    } catch (Exception | Error e) {
      if (expiryMails != null) {
        expiryMails.scheduler().close();
      }
      if (jetty != null) {
        try {
          jetty.stop();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      dataSource.close();
      throw e;
    }
  }

  /**
   * Runs the two daily expiry e-mail checks (01:00 and 02:00 UTC) when the token store keeps the
   * notice ledger they need. With {@link DemoConfig#smtp()} the e-mails go to the fixture users'
   * addresses through that SMTP server (a user without an address gets none: the notifier reports
   * it and the notice stays pending); without it they go to the log ({@code io.wvs.auth.demo.mail}).
   */
  private static ExpiryMails startExpiryMails(WvsAuth auth, Object store, Fixture fixture,
      DemoConfig config, String baseUrl) {
    if (!(store instanceof ExpiryNoticeStore ledger)) {
      LOG.debug("the token store keeps no expiry notice ledger: no expiry e-mails");
      return null;
    }
    Notifier notifier = config.smtp() == null ? DemoServer::logMail
        : smtpMail(config.smtp(), fixture, config, baseUrl);
    ExpiryNotifications checks = auth.expiryNotifications(ledger, notifier);
    return new ExpiryMails(checks, new ExpiryScheduler(checks).start());
  }

  /** The "e-mail" of a notice, written to the log. */
  private static void logMail(ExpiryNotice notice) {
    MAIL.info("to {}: {} token(s) {} ({}): {}", notice.recipient().username(), notice.tokens().size(),
        describeKind(notice), notice.date(), describeTokens(notice));
  }

  /** An {@link SmtpNotifier} for {@code smtp} that logs each e-mail it delivered. */
  private static Notifier smtpMail(DemoConfig.Smtp smtp, Fixture fixture, DemoConfig config,
      String baseUrl) {
    SmtpNotifier.Builder builder = SmtpNotifier.builder()
        .host(smtp.host())
        .port(smtp.port())
        .tls(smtp.tls())
        .sender(smtp.from())
        .renewUrl(smtp.renewUrl() == null ? baseUrl + DemoConfig.RENEW_PATH : smtp.renewUrl())
        // Bot users are no fixture users: they have no address (their notices go to maintainers).
        .emailAddressResolver(user -> fixture.email(user.id()))
        .clock(config.clock());
    if (smtp.user() != null) {
      char[] password = smtp.password().toCharArray();
      builder.credentials(smtp.user(), password);
      java.util.Arrays.fill(password, '\0');
    }
    SmtpNotifier smtpNotifier = builder.build();
    LOG.info("expiry e-mails go to {}", smtpNotifier);
    return notice -> {
      smtpNotifier.send(notice);
      MAIL.info("sent to {} <{}> by SMTP: {} token(s) {} ({}): {}", notice.recipient().username(),
          fixture.email(notice.recipient().id()).orElse("?"), notice.tokens().size(),
          describeKind(notice), notice.date(), describeTokens(notice));
    };
  }

  private static String describeKind(ExpiryNotice notice) {
    return notice.kind() == ExpiryNotice.Kind.EXPIRES_TODAY ? "expire today" : "expire within 7 days";
  }

  private static String describeTokens(ExpiryNotice notice) {
    return notice.tokens().stream()
        .map(t -> "'" + t.name() + "' (" + t.description() + ", expires on " + t.expiresOn() + ")")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * Runs both expiry checks now, for the current UTC day of the server's clock, as the scheduler
   * does at 01:00 and 02:00 UTC (for tests: no waiting for the time). Notices already delivered
   * are not sent again. First lets the scheduler finish whatever is due (its start-up catch-up,
   * which it runs itself if its thread has not yet), so with a fixed clock it sends nothing later.
   *
   * @return what each check did (the 01:00 one first); empty when the store keeps no ledger
   */
  List<ExpiryNotifications.RunReport> runExpiryChecksNow() {
    if (expiryMails == null) {
      return List.of();
    }
    expiryMails.scheduler().runDue();
    return List.of(expiryMails.checks().runExpiresSoon(), expiryMails.checks().runExpiresToday());
  }

  /**
   * Issues the administrator's token: the predetermined {@code adminToken} (at least 20 characters; kept when
   * it is already in the store, also when another instance sharing the database stores it at the
   * same moment), or a fresh random one.
   */
  private static RootToken issueRootToken(WvsAuth auth, Fixture fixture, String adminToken) {
    return issueRootToken(auth, fixture, adminToken, true);
  }

  private static RootToken issueRootToken(WvsAuth auth, Fixture fixture, String adminToken,
      boolean mayRetry) {
    Optional<Fixture.FixtureUser> admin = fixture.user("root").filter(Fixture.FixtureUser::admin)
        .or(() -> fixture.users().stream().filter(u -> u.admin() && !u.blocked()).findFirst());
    if (admin.isEmpty()) {
      if (adminToken != null) {
        throw new IllegalArgumentException("--admin-token needs an administrator in the fixture");
      }
      LOG.warn("the fixture has no administrator: no root token is issued");
      return null;
    }
    long rootId = admin.get().id();
    String username = admin.get().username();
    TokenSpec spec = new TokenSpec(adminToken == null ? "demo root token" : "demo admin token",
        EnumSet.copyOf(ROOT_SCOPES), null);
    if (adminToken == null) {
      CreatedToken created = auth.personalTokens().create(rootId, rootId, spec);
      revokeEarlierGeneratedRootTokens(auth, rootId, created.token());
      return new RootToken(username, created.value(), created.token().expiresOn(), false);
    }
    AuthResult existing = auth.authenticator().authenticate(AuthRequest.api(adminToken, "GET"));
    if (existing instanceof AuthResult.Success ok) {
      if (ok.principal().id() != rootId || !(ok.via() instanceof AuthResult.Via.Token t)
          || !t.type().belongsToUser()) {
        throw new IllegalArgumentException("the admin token is already the token of "
            + ok.principal().username() + " in this database; choose another value");
      }
      TokenView view = auth.personalTokens().get(rootId, t.id());
      return new RootToken(username, null, view.expiresOn(), true);
    }
    FailureReason reason = ((AuthResult.Failure) existing).reason();
    switch (reason) {
      case UNKNOWN, MALFORMED -> {
        try {
          TokenView view = auth.personalTokens().createWithValue(rootId, spec, adminToken);
          return new RootToken(username, null, view.expiresOn(), true);
        } catch (TokenConflictException raced) {
          if (!mayRetry) {
            throw raced;
          }
          // Another instance sharing the database stored it between the check and the insert:
          // it is there now, so check it again and keep it (one row, whichever instance won).
          return issueRootToken(auth, fixture, adminToken, false);
        }
      }
      case REVOKED, EXPIRED -> throw new IllegalArgumentException("the admin token was used before in"
          + " this database and is now " + (reason == FailureReason.REVOKED ? "revoked" : "expired")
          + "; choose another value, or start with a fresh --data-dir");
      default -> throw new IllegalStateException("could not check the admin token: " + reason.description());
    }
  }

  /**
   * Revokes the root tokens earlier starts generated (the active tokens of the administrator with
   * the same name and scopes as {@code fresh}), so only the token printed at this start works.
   */
  private static void revokeEarlierGeneratedRootTokens(WvsAuth auth, long rootId, TokenView fresh) {
    for (TokenView earlier : auth.personalTokens().list(rootId, rootId)) {
      if (earlier.active() && earlier.id() != fresh.id() && earlier.name().equals(fresh.name())
          && earlier.scopes().equals(fresh.scopes())) {
        auth.personalTokens().revoke(rootId, earlier.id());
      }
    }
  }

  /** The port the server listens on (the real one when the configuration asked for 0). */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** Sets the connector's idle timeout (tests: a stalled body times out quickly). */
  void idleTimeout(long millis) {
    ((ServerConnector) jetty.getConnectors()[0]).setIdleTimeout(millis);
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String baseUrl() {
    return baseUrl(config.host(), port());
  }

  private static String baseUrl(String host, int port) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port;
  }

  /** The git clone URL of the project with {@code fullPath}. */
  public String gitUrl(String fullPath) {
    return baseUrl() + "/" + fullPath + ".git";
  }

  /** The administrator's token issued at start, or null when the fixture has no administrator. */
  public RootToken rootToken() {
    return rootToken;
  }

  /** The library instance behind the server (token services, authenticator). */
  public WvsAuth auth() {
    return auth;
  }

  /** The directory: the fixture's users, groups and projects plus the stored bot users. */
  public UserDirectory directory() {
    return directory;
  }

  /** The fixture being served. */
  public Fixture fixture() {
    return fixture;
  }

  /** The configuration the server was started with. */
  public DemoConfig config() {
    return config;
  }

  /**
   * Stops accepting requests, lets running ones finish (up to {@value #STOP_TIMEOUT_MS} ms) and
   * closes the database. Idempotent.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (expiryMails != null) {
      expiryMails.scheduler().close();
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("jetty did not stop cleanly: {}", e.toString());
    } finally {
      dataSource.close();
    }
    LOG.info("stopped");
  }

  @Override
  public void close() {
    stop();
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** The plain-text page at {@code /}: where to start. No token in it. */
  String welcomeText() {
    StringBuilder b = new StringBuilder();
    b.append("wvs-auth demo server\n\n");
    b.append("REST API:  ").append(baseUrl()).append("/api/v4   (PRIVATE-TOKEN header, Bearer, or private_token)\n");
    b.append("Git:       ");
    String indent = "";
    for (Fixture.FixtureProject p : fixture.projects()) {
      b.append(indent).append(gitUrl(p.path())).append('\n');
      indent = "           ";
    }
    if (fixture.projects().isEmpty()) {
      b.append("(no projects)\n");
    }
    b.append("\nUsers:     ");
    indent = "";
    for (Fixture.FixtureUser u : fixture.users()) {
      b.append(indent).append(u.username()).append(" (id ").append(u.id());
      if (u.admin()) {
        b.append(", administrator");
      }
      if (u.twoFactor()) {
        b.append(", two-factor on");
      }
      if (u.blocked()) {
        b.append(", blocked");
      }
      b.append(")\n");
      indent = "           ";
    }
    b.append("\nTry:       curl -H \"PRIVATE-TOKEN: $TOKEN\" ").append(baseUrl()).append("/api/v4/user\n");
    if (!fixture.projects().isEmpty()) {
      b.append("           git clone ").append(baseUrl().replace("http://", "http://any:$TOKEN@"))
          .append('/').append(fixture.projects().get(0).path()).append(".git\n");
    }
    return b.toString();
  }

  /** Where a key comes from, for the start-up text: its flag and file, its variable, or the data folder. */
  private static String describe(DemoConfig.KeySource source, String flag) {
    if (source instanceof DemoConfig.KeySource.File file) {
      return flag + " " + file.path();
    }
    if (source instanceof DemoConfig.KeySource.Environment env) {
      return env.variable();
    }
    return "the data folder";
  }

  /**
   * What {@code Main} prints at start: the URLs, the root token line (the only place a fresh token
   * is shown), and two curl examples.
   */
  public String startupText() {
    String base = baseUrl();
    StringBuilder b = new StringBuilder();
    b.append('\n').append("wvs-auth demo server is running.").append("\n\n");
    b.append(welcomeText().lines().skip(2).takeWhile(l -> !l.startsWith("Try:"))
        .reduce(new StringBuilder(), (sb, l) -> sb.append(l.isEmpty() ? "" : "  ").append(l).append('\n'),
            StringBuilder::append));
    b.append("  Storage:   ").append(DemoDatabase.describe(config)).append('\n');
    DemoConfig.Smtp smtp = config.smtp();
    b.append("  Mail:      ").append(smtp == null ? "expiry e-mails go to the log"
        : "expiry e-mails via SMTP " + smtp.host() + ":" + smtp.port() + " ("
            + smtp.tls().name().toLowerCase(java.util.Locale.ROOT) + ")").append('\n');
    b.append("  Data:      ").append(config.dataDir().toAbsolutePath()).append(" (")
        .append(config.keys().pepper() instanceof DemoConfig.KeySource.DataDir ? "pepper, " : "")
        .append(config.keys().ciKey() instanceof DemoConfig.KeySource.DataDir ? "CI key, " : "")
        .append("git repositories)\n");
    if (!config.keys().equals(DemoConfig.Keys.DATA_DIR)) {
      b.append("  Keys:      pepper from ").append(describe(config.keys().pepper(), "--pepper-file"))
          .append(", CI key from ").append(describe(config.keys().ciKey(), "--ci-key-file"))
          .append('\n');
    }
    b.append('\n');
    if (rootToken == null) {
      b.append("No root token: the fixture has no administrator.\n");
      b.append("  export TOKEN=<a token you create>\n");
    } else if (rootToken.predetermined()) {
      b.append("Root token: the predetermined one from --admin-token / ").append(DemoConfig.ADMIN_TOKEN_ENV)
          .append(" (user ").append(rootToken.username()).append(", scopes api, sudo, expires on ")
          .append(rootToken.expiresOn()).append(").\n");
      b.append("  export TOKEN=<your admin token>\n");
    } else {
      b.append("Root token for ").append(rootToken.username()).append(" (scopes api, sudo; expires on ")
          .append(rootToken.expiresOn()).append("; shown this once, only its digest is stored):\n");
      b.append("  export TOKEN=").append(rootToken.value()).append('\n');
    }
    b.append('\n').append("Try:\n");
    b.append("  curl -H \"PRIVATE-TOKEN: $TOKEN\" ").append(base).append("/api/v4/user\n\n");
    Optional<Fixture.FixtureUser> alice = fixture.users().stream().filter(u -> !u.admin()).findFirst();
    long userId = alice.map(Fixture.FixtureUser::id).orElse(1L);
    b.append("  # a personal access token for ").append(alice.map(Fixture.FixtureUser::username).orElse("a user"))
        .append(", then a clone with it (any username)\n");
    b.append("  curl -X POST -H \"PRIVATE-TOKEN: $TOKEN\" -H \"Content-Type: application/json\" \\\n")
        .append("       -d '{\"name\":\"laptop\",\"scopes\":[\"read_repository\",\"write_repository\"]}' \\\n")
        .append("       ").append(base).append("/api/v4/users/").append(userId).append("/personal_access_tokens\n");
    if (!fixture.projects().isEmpty()) {
      b.append("  git clone ").append(base.replace("http://", "http://any:<token>@")).append('/')
          .append(fixture.projects().get(0).path()).append(".git\n");
    }
    b.append("\nStop with Ctrl-C.\n");
    return b.toString();
  }
}
