package io.wvs.auth.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wvs.auth.AuthResult;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.tck.CountingUserDirectory;
import io.wvs.auth.tck.ForwardingResourceDirectory;
import io.wvs.auth.tck.TestClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The test fixture: the directory of the brief (root, alice with two-factor, bob; acme ⊃
 * acme/platform, other; acme/platform/api, acme/website, other/tools), WvsAuth over an in-memory
 * store that can be taken down, a clock moved by hand, and Jetty 12 on a free port with the filter,
 * the token API at /api/v4/* and an echo servlet everywhere else (and for package paths) that shows
 * what the application sees. {@link #inProcess()} is the same world without Jetty, for tests that
 * call the filter and servlet directly.
 */
final class TestWorld implements AutoCloseable {
  static final long ROOT = 1;
  static final long ALICE = 2;
  static final long BOB = 3;
  static final long ACME = 1;
  static final long PLATFORM = 2;
  static final long OTHER = 3;
  static final long API_PROJECT = 1;
  static final long WEBSITE = 2;
  static final long TOOLS = 3;
  static final Instant START = Instant.parse("2025-03-10T12:00:00.123Z");
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final TestClock clock = new TestClock(START);
  final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  /** While set, the resource directory fails every call (the user directory still answers). */
  final AtomicBoolean resourcesDown = new AtomicBoolean();
  final SwitchableTokenStore store = new SwitchableTokenStore();
  /** The tokens the API told its notifier were revoked as leaked, in order. */
  final List<io.wvs.auth.TokenView> leaked = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Counts every directory call the library makes, by method name. */
  final CountingUserDirectory counting;
  final WvsAuth auth;
  private final Server server;
  final URI base;

  private TestWorld(boolean serve) throws Exception {
    this(serve, true, true);
  }

  private TestWorld(boolean serve, boolean resourceDirectory, boolean botAccounts) throws Exception {
    this(serve, resourceDirectory, botAccounts, TokenPolicy.builder().registryEnabled(true).build());
  }

  private TestWorld(boolean serve, boolean resourceDirectory, boolean botAccounts, TokenPolicy policy)
      throws Exception {
    directory.put(User.admin(ROOT, "root"));
    directory.put(new User(ALICE, "alice", false, false, true, false));
    directory.put(User.regular(BOB, "bob"));
    directory.setPassword("alice", "alice-password");
    directory.setPassword("bob", "bob-password");
    directory.addGroup(ACME, "acme", null);
    directory.addGroup(PLATFORM, "acme/platform", ACME);
    directory.addGroup(OTHER, "other", null);
    directory.addProject(API_PROJECT, "acme/platform/api", PLATFORM);
    directory.addProject(WEBSITE, "acme/website", ACME);
    directory.addProject(TOOLS, "other/tools", OTHER);
    directory.addMember(BOB, ResourceRef.project(API_PROJECT), Role.MAINTAINER);
    directory.addMember(ALICE, ResourceRef.project(API_PROJECT), Role.DEVELOPER);
    directory.addMember(BOB, ResourceRef.project(WEBSITE), Role.MAINTAINER);
    directory.addMember(ROOT, ResourceRef.project(TOOLS), Role.OWNER);
    byte[] pepper = new byte[32];
    for (int i = 0; i < pepper.length; i++) {
      pepper[i] = (byte) (i * 7 + 1);
    }
    counting = new CountingUserDirectory(directory);
    WvsAuth.Builder builder = WvsAuth.builder()
        .tokenStore(store)
        .userDirectory(counting)
        .passwordVerifier(counting);
    if (resourceDirectory) {
      builder.resourceDirectory(new ForwardingResourceDirectory() {
        @Override
        protected ResourceDirectory delegate() {
          return counting;
        }

        @Override
        public Optional<Resource> findResource(ResourceRef ref) {
          failIfResourcesDown();
          return super.findResource(ref);
        }

        @Override
        public Optional<Resource> findResourceByPath(String fullPath) {
          failIfResourcesDown();
          return super.findResourceByPath(fullPath);
        }

        @Override
        public Optional<Role> directRole(long userId, ResourceRef resource) {
          failIfResourcesDown();
          return super.directRole(userId, resource);
        }

        @Override
        public List<Membership> members(ResourceRef resource) {
          failIfResourcesDown();
          return super.members(resource);
        }
      });
    }
    if (botAccounts) {
      builder.botAccounts(counting);
    }
    auth = builder
        .keyring(DigestKeyring.of("k1", pepper))
        .policy(policy)
        .clock(clock)
        .build();
    if (!serve) {
      server = null;
      base = null;
      return;
    }

    server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    // The platform's clients send project paths URL-encoded (acme%2Fplatform%2Fapi).
    config.setUriCompliance(UriCompliance.DEFAULT.with("wvs", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addFilter(new FilterHolder(new WvsAuthFilter(auth.authenticator(), RouteRules.standard(auth))),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    TokenApiServlet api = new TokenApiServlet(auth, null, new io.wvs.auth.spi.Notifier() {
      @Override
      public void send(io.wvs.auth.spi.ExpiryNotice notice) {
        throw new UnsupportedOperationException("no expiry notices here");
      }

      @Override
      public void tokenRevokedAsLeaked(io.wvs.auth.TokenView token) {
        leaked.add(token);
      }
    });
    EchoServlet echo = new EchoServlet();
    context.addServlet(new ServletHolder(new ApiOrEcho(api, echo)), "/api/v4/*");
    context.addServlet(new ServletHolder(echo), "/*");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private void failIfResourcesDown() {
    if (resourcesDown.get()) {
      throw new IllegalStateException("the host's directory is down");
    }
  }

  static TestWorld start() throws Exception {
    return new TestWorld(true);
  }

  static TestWorld inProcess() throws Exception {
    return new TestWorld(false);
  }

  /** The same world served over HTTP, under {@code policy}. */
  static TestWorld startWith(TokenPolicy policy) throws Exception {
    return new TestWorld(true, true, true, policy);
  }

  /** The same world served over HTTP, built without bot accounts. */
  static TestWorld startWithoutBotAccounts() throws Exception {
    return new TestWorld(true, true, false);
  }

  /** The same world served over HTTP, built with users and passwords only (no projects, no bots). */
  static TestWorld startWithUsersOnly() throws Exception {
    return new TestWorld(true, false, false);
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  // ------------------------------------------------------------------ tokens made directly

  String pat(long userId, Scope first, Scope... more) {
    return auth.personalTokens().create(userId, userId, TokenSpec.of("t", first, more)).value();
  }

  String adminToken() {
    return pat(ROOT, Scope.API);
  }

  String deployToken(ResourceRef resource, Scope first, Scope... more) {
    return auth.deployTokens().create(ROOT, resource, DeployTokenSpec.of("deploy", first, more)).value();
  }

  static LocalDate date(String iso) {
    return LocalDate.parse(iso);
  }

  // ------------------------------------------------------------------ HTTP

  /** A response: status, headers and body. */
  record Response(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  Response get(String path, String... headers) {
    return send("GET", path, null, null, headers);
  }

  Response delete(String path, String... headers) {
    return send("DELETE", path, null, null, headers);
  }

  Response postJson(String path, String json, String... headers) {
    return send("POST", path, "application/json", json, headers);
  }

  Response postForm(String path, String form, String... headers) {
    return send("POST", path, "application/x-www-form-urlencoded", form, headers);
  }

  Response send(String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    }
  }

  static String[] privateToken(String token) {
    return new String[] {"PRIVATE-TOKEN", token};
  }

  static String basic(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ servlets

  /** Shows what the application sees: principal, remote user and the result attribute. */
  static final class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      // Reads the body as an application would: answering an upload unread makes the container
      // close the connection while the client may still be sending, which the client can see as
      // a connection that answered nothing.
      req.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("principal", req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName());
      m.put("remote_user", req.getRemoteUser());
      m.put("auth_type", req.getAuthType());
      Object result = req.getAttribute(WvsAuthFilter.RESULT_ATTRIBUTE);
      if (result instanceof AuthResult.Success s) {
        m.put("kind", s.principal().kind().name());
        AuthResult.Via.Token token = s.via() instanceof AuthResult.Via.Token t ? t : null;
        m.put("token_id", token == null ? 0L : token.id());
        m.put("sudo_by", s.sudoBy() == null ? null : s.sudoBy().username());
        m.put("impersonation", token != null && token.type() == io.wvs.auth.TokenType.IMPERSONATION);
      } else {
        m.put("kind", null);
      }
      res.setContentType("application/json");
      res.getWriter().write(JSON.writeValueAsString(m));
    }
  }

  /** Package registry paths and {@code /api/v4/echo} go to the echo servlet, the rest to the API. */
  static final class ApiOrEcho extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient TokenApiServlet api;
    private final transient EchoServlet echo;

    ApiOrEcho(TokenApiServlet api, EchoServlet echo) {
      this.api = api;
      this.echo = echo;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String uri = req.getRequestURI();
      if (uri.contains("/packages") || uri.endsWith("/echo")) {
        echo.service(req, res);
      } else {
        api.service(req, res);
      }
    }
  }
}
