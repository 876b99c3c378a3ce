package io.wvs.auth.demo;

import io.wvs.auth.WvsAuth;
import io.wvs.auth.servlet.RouteRules;
import io.wvs.auth.servlet.TokenApiServlet;
import io.wvs.auth.servlet.WvsAuthFilter;
import io.wvs.auth.spi.Notifier;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The demo's Jetty wiring: one HTTP connector (no server version, encoded slashes let through,
 * the demo's error pages) and one context with the decision log, the HTTP hygiene filter and the
 * wvs-auth filter in front of the token REST API under {@code /api/v4}, git over HTTP and the
 * browser pages (with their session cookie).
 */
final class DemoJetty {
  private DemoJetty() {}

  /**
   * A server with its connector bound to the configured address (so the port is known for the
   * links the servlets write) and nothing mounted yet; not started.
   */
  static Server bind(DemoConfig config) throws IOException {
    Server jetty = new Server();
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
    connector.open();
    return jetty;
  }

  /** The connector {@link #bind} made. */
  static ServerConnector connector(Server jetty) {
    return (ServerConnector) jetty.getConnectors()[0];
  }

  /**
   * Mounts the filters and servlets on {@code jetty} and sets its graceful stop.
   *
   * @return the git servlet, whose welcome page the server sets once it is running
   */
  static GitHttpServlet mount(Server jetty, WvsAuth auth, RouteRules rules, DecisionLog decisions,
      GitRepositories repositories, Path dataDir, String externalUrl, DemoRegistry registry,
      BrowserRoutes browser, Notifier leaks) {
    ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
    sessions(context.getSessionHandler());
    context.setErrorHandler(new HttpHygiene.ErrorPages());
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    context.addFilter(new FilterHolder(decisions), "/*", requests);
    context.addFilter(new FilterHolder(new HttpHygiene()), "/*", requests);
    context.addFilter(new FilterHolder(new WvsAuthFilter(auth.authenticator(), rules)), "/*", requests);
    // The Maven package repositories (/api/v4/projects/:id/packages/maven/...), after the filter.
    context.addFilter(new FilterHolder(new MavenRepositoryFilter(auth, dataDir.resolve("packages").resolve("maven"))),
        "/api/v4/*", requests);
    context.addServlet(new ServletHolder("api", new TokenApiServlet(auth, externalUrl, leaks)),
        "/api/v4/*");
    if (registry != null) {
      context.addServlet(new ServletHolder("registry-token", registry.servlet()), DemoRegistry.REALM_PATH);
    }
    LfsServlet lfs = new LfsServlet(auth, dataDir.resolve("lfs"), externalUrl);
    GitHttpServlet git = new GitHttpServlet(auth, repositories, lfs, browser);
    context.addServlet(new ServletHolder("git", git), "/*");
    jetty.setHandler(new GracefulHandler(context));
    jetty.setStopTimeout(DemoServer.STOP_TIMEOUT_MS);
    jetty.setStopAtShutdown(false);
    return git;
  }

  /**
   * The browser session's cookie: {@code HttpOnly} (no script reads it), {@code SameSite=Lax}
   * (not sent on another site's posts), {@code Secure} whenever the request came over TLS, for
   * the whole site, and forgotten after two idle hours. Never in a URL.
   */
  static void sessions(SessionHandler sessions) {
    sessions.setSessionCookie("_wvs_demo_session");
    sessions.setHttpOnly(true);
    sessions.setSameSite(HttpCookie.SameSite.LAX);
    sessions.setSecureRequestOnly(true);
    sessions.setSessionPath("/");
    sessions.setUsingUriParameters(false);
    sessions.setMaxInactiveInterval(2 * 60 * 60);
  }

  /** {@code http://host:port}, with a wildcard address replaced by loopback. */
  static String baseUrl(String host, int port) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port;
  }
}
