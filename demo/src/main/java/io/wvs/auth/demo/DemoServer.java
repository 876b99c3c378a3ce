package io.wvs.auth.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.PepperMismatchException;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.smtp.SmtpNotifier;
import io.wvs.auth.webhook.WebhookNotifier;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.servlet.RouteRules;
import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import io.wvs.auth.web.TokenPages;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Server;
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
  /** The container registry's token service, or null without {@code --registry}. */
  private volatile DemoRegistry registry;

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
  static DemoServer start(DemoConfig config, UnaryOperator<HostDirectory> view) throws Exception {
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
      JdbcDialect dialect = DemoDatabase.installSchema(dataSource);
      DemoDirectory directory = DemoDirectory.open(fixture, dataSource, config.clock());
      DecisionLog decisions = new DecisionLog();
      JdbcTokenStore store = new JdbcTokenStore(dataSource, dialect);
      WvsAuth auth;
      HostDirectory seen = view.apply(directory);
      try {
        auth = buildAuth(config, store, seen, secrets, decisions, random);
      } catch (PepperMismatchException e) {
        throw secrets.pepperMismatch(e);
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

      // Bound now, so the listening address is known for the links the servlets write.
      jetty = DemoJetty.bind(config);
      String boundUrl = DemoJetty.baseUrl(config.host(), DemoJetty.connector(jetty).getLocalPort());
      String externalUrl = config.externalUrl() != null ? config.externalUrl() : boundUrl;
      DemoRegistry registry = config.registry() == null ? null
          : DemoRegistry.open(config.registry(), dataDir, auth, externalUrl, random);
      // The renew URL defaults to the bound port's; a bad SMTP or webhook setting fails here,
      // before the root token is issued.
      SmtpNotifier smtp = ExpiryMails.smtp(fixture, config, boundUrl);
      WebhookNotifier webhook = config.webhook() == null ? null
          : config.webhook().notifier(config.clock());
      GitHttpServlet git = DemoJetty.mount(jetty, auth, rules, decisions, repositories,
          dataDir, externalUrl, registry, browserRoutes(auth, seen, fixture, config),
          new LeakNotices(smtp, webhook));
      jetty.start();
      expiryMails = ExpiryMails.start(auth, store, fixture, config, smtp, webhook);
      // After the port is bound, so a failed start leaves no unused root token behind.
      RootToken rootToken = RootTokenIssuer.issue(auth, fixture, config.adminToken());

      DemoServer server = new DemoServer(config, fixture, dataSource, directory, auth, jetty, rootToken,
          expiryMails);
      server.registry = registry;
      git.setWelcome(server.welcomeText());
      LOG.info("listening on {} ({} users, {} projects, {} bot users, {})", server.baseUrl(),
          fixture.users().size(), fixture.projects().size(), directory.botCount(),
          DemoDatabase.describe(config));
      return server;
    } catch (Exception | Error e) {
      if (expiryMails != null) {
        expiryMails.stop();
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

  /** The browser pages: sign-in against the directory's passwords, the token pages, the top bar. */
  private static BrowserRoutes browserRoutes(WvsAuth auth, HostDirectory directory, Fixture fixture,
      DemoConfig config) {
    DemoPages pages = new DemoPages();
    SignInPages signIn = new SignInPages(directory, directory, fixture, new Totp(config.clock()), pages);
    DemoNavigation navigation = new DemoNavigation(fixture, directory);
    HttpServlet tokenPages = TokenPages.builder()
        .auth(auth)
        // Blocked or removed users are signed out as far as the pages are concerned.
        .signedInUser(req -> BrowserSession.user(req, directory).map(User::id))
        .signInPath(SignInPages.SIGN_IN)
        .signOutPath(SignInPages.SIGN_OUT)
        .navigation(navigation)
        .build().servlet();
    return new BrowserRoutes(pages, signIn, directory, fixture, navigation, tokenPages);
  }

  /** The library instance: every capability the demo supplies, wired once. */
  private static WvsAuth buildAuth(DemoConfig config, JdbcTokenStore store, HostDirectory directory,
      DemoSecrets secrets, DecisionLog decisions, SecureRandom random) {
    return WvsAuth.builder()
        .tokenStore(store)
        .userDirectory(directory)
        .resourceDirectory(directory)
        .botAccounts(directory)
        .passwordVerifier(directory)
        .keyring(DigestKeyring.of(KEY_ID, secrets.pepper()))
        // Registry scopes only when a registry is served.
        .policy(TokenPolicy.builder().registryEnabled(config.registry() != null).build())
        .ciSecretKey(secrets.ciKey())
        .clock(config.clock())
        .auditSink(decisions)
        .secureRandom(random)
        .failureLimiter(config.failureLimits() == null ? FailureLimiter.off()
            : config.failureLimits().limiterOn(config.clock()))
        .build();
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
    return expiryMails == null ? List.of() : expiryMails.runNow();
  }

  /** The port the server listens on (the real one when the configuration asked for 0). */
  public int port() {
    return DemoJetty.connector(jetty).getLocalPort();
  }

  /** Sets the connector's idle timeout (tests: a stalled body times out quickly). */
  void idleTimeout(long millis) {
    DemoJetty.connector(jetty).setIdleTimeout(millis);
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String baseUrl() {
    return DemoJetty.baseUrl(config.host(), port());
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

  /** The container registry's token service, or null when the server runs without one. */
  DemoRegistry registry() {
    return registry;
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
      expiryMails.stop();
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
    return DemoTexts.welcome(this);
  }

  /**
   * What {@code Main} prints at start: the URLs, the root token line (the only place a fresh token
   * is shown), and two curl examples.
   */
  public String startupText() {
    return DemoTexts.startup(this);
  }
}
