package io.wvs.auth.web;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.tck.TestClock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The pages in real Jetty 12 over the in-memory store: root (administrator), alice, bob and carol;
 * group acme with project acme/website (bob maintainer, alice developer) and group acme/platform
 * (carol owner); expiry at most 90 days. The test host signs a user in at {@code /users/sign_in?as=<id>} (a session
 * attribute its {@link SignedInUser} reads) and lists each user's projects in the top bar.
 */
final class WebWorld implements AutoCloseable {
  static final long ROOT = 1;
  static final long ALICE = 2;
  static final long BOB = 3;
  static final long CAROL = 4;
  /** A maintainer (not an owner) of the group acme/platform. */
  static final long DAVE = 5;
  static final long ACME = 1;
  static final long PLATFORM = 2;
  static final long WEBSITE = 1;
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
  private static final String SESSION_USER = "test.user";

  final TestClock clock = new TestClock(START);
  final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  final WvsAuth auth;
  private final Server server;
  final URI base;

  /** The world with the container registry disabled (the policy's default). */
  WebWorld() throws Exception {
    this(false);
  }

  /** The world, with the container registry enabled or not. */
  WebWorld(boolean registryEnabled) throws Exception {
    directory.put(User.admin(ROOT, "root"));
    directory.put(User.regular(ALICE, "alice"));
    directory.put(User.regular(BOB, "bob"));
    directory.put(User.regular(CAROL, "carol"));
    directory.put(User.regular(DAVE, "dave"));
    directory.addGroup(ACME, "acme", null);
    directory.addGroup(PLATFORM, "acme/platform", ACME);
    directory.addProject(WEBSITE, "acme/website", ACME);
    directory.addMember(BOB, ResourceRef.project(WEBSITE), Role.MAINTAINER);
    directory.addMember(ALICE, ResourceRef.project(WEBSITE), Role.DEVELOPER);
    directory.addMember(CAROL, ResourceRef.group(PLATFORM), Role.OWNER);
    directory.addMember(DAVE, ResourceRef.group(PLATFORM), Role.MAINTAINER);
    byte[] pepper = new byte[32];
    for (int i = 0; i < pepper.length; i++) {
      pepper[i] = (byte) (i * 5 + 3);
    }
    auth = WvsAuth.builder()
        .tokenStore(new InMemoryTokenStore())
        .userDirectory(directory)
        .resourceDirectory(directory)
        .botAccounts(directory)
        .keyring(DigestKeyring.of("k1", pepper))
        .policy(TokenPolicy.builder().maxLifetimeDays(90).registryEnabled(registryEnabled).build())
        .clock(clock)
        .build();
    TokenPages pages = TokenPages.builder()
        .auth(auth)
        .signedInUser(request -> Optional.ofNullable(request.getSession(false))
            .map(s -> (Long) s.getAttribute(SESSION_USER)))
        .signInPath("/users/sign_in")
        .signOutPath("/users/sign_out")
        .navigation(user -> user.id() == BOB
            ? List.of(new Navigation.Link("acme/website", "/acme/website/-/settings/access_tokens"))
            : List.of())
        .build();

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new SignIn()), "/users/sign_in");
    context.addServlet(new ServletHolder(pages.servlet()), "/*");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  /** The test host's sign-in: {@code ?as=<id>} signs that user in, in a new session. */
  private static final class SignIn extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      String as = request.getParameter("as");
      if (as == null) {
        response.setStatus(200);
        return;
      }
      if (request.getSession(false) != null) {
        request.getSession(false).invalidate();
      }
      request.getSession(true).setAttribute(SESSION_USER, Long.valueOf(as));
      response.setStatus(204);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
