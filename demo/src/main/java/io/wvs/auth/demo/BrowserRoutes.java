package io.wvs.auth.demo;

import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import io.wvs.auth.web.TokenPages;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pages a person opens in a browser, beside git and the REST API: the home page at {@code /}
 * (for a browser, i.e. {@code Accept: text/html}; other clients keep the plain-text summary), the
 * sign-in and sign-out of {@link SignInPages}, the admin area's user list at {@code /admin/users},
 * and the token pages of the web module ({@code /-/...}, {@code /groups/...},
 * {@code /<project>/-/...}, {@code /admin/users/<username>/...}).
 */
final class BrowserRoutes {
  static final String ADMIN_USERS = "/admin/users";
  /** Asked for by every browser; the demo has none (an empty answer, no error in the console). */
  static final String FAVICON = "/favicon.ico";

  private final DemoPages pages;
  private final SignInPages signIn;
  private final UserDirectory users;
  private final Fixture fixture;
  private final DemoNavigation navigation;
  private final HttpServlet tokenPages;

  BrowserRoutes(DemoPages pages, SignInPages signIn, UserDirectory users, Fixture fixture,
      DemoNavigation navigation, HttpServlet tokenPages) {
    this.pages = pages;
    this.signIn = signIn;
    this.users = users;
    this.fixture = fixture;
    this.navigation = navigation;
    this.tokenPages = tokenPages;
  }

  /** The frame of a page for whoever is signed in (the CSRF token made on first use). */
  PageModel frame(HttpServletRequest req, String title) {
    Optional<User> user = signedIn(req);
    return new PageModel(title, user.map(User::username).orElse(null), TokenPages.csrfToken(req),
        user.map(navigation::linksFor).orElse(List.of()));
  }

  /** The signed-in user, if any and still allowed in (not blocked, still in the directory). */
  Optional<User> signedIn(HttpServletRequest req) {
    return BrowserSession.user(req, users);
  }

  /** Lets the token pages' servlet start with the servlet that hands it its requests. */
  void init(jakarta.servlet.ServletConfig config) throws ServletException {
    if (tokenPages != null) {
      tokenPages.init(config);
    }
  }

  /** Whether {@code path} is one of these pages (then {@link #service} answers it). */
  boolean handles(HttpServletRequest req, String path) {
    if (path.equals("/")) {
      String accept = req.getHeader("Accept");
      return accept != null && accept.contains("text/html");
    }
    return path.equals(SignInPages.SIGN_IN) || path.equals(SignInPages.SIGN_OUT)
        || path.equals(ADMIN_USERS) || path.equals(FAVICON) || (tokenPages != null && tokenPage(path));
  }

  /** The web module's paths. */
  static boolean tokenPage(String path) {
    return path.startsWith("/-/") || path.startsWith("/groups/") || path.startsWith(ADMIN_USERS + "/")
        || path.contains("/-/settings/");
  }

  /** Answers one of these pages; {@code welcome} is the summary the home page shows. */
  void service(HttpServletRequest req, HttpServletResponse resp, String path, String welcome)
      throws IOException, ServletException {
    String method = req.getMethod();
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (path.equals(SignInPages.SIGN_IN) && read) {
      signIn.form(req, resp);
    } else if (path.equals(SignInPages.SIGN_IN) && method.equals("POST")) {
      signIn.post(req, resp);
    } else if (path.equals(SignInPages.SIGN_OUT) && method.equals("POST")) {
      signIn.signOut(req, resp);
    } else if (path.equals("/") && read) {
      pages.render(resp, "home.jte", Map.of("page", frame(req, "Home"), "summary", welcome));
    } else if (path.equals(FAVICON) && read) {
      DemoPages.secureHeaders(resp);
      resp.setStatus(204);
    } else if (path.equals(ADMIN_USERS) && read) {
      adminUsers(req, resp);
    } else if (tokenPages != null && tokenPage(path)) {
      tokenPages.service(req, resp);
    } else {
      resp.setHeader("Allow", path.equals(SignInPages.SIGN_OUT) ? "POST" : "GET, HEAD, POST");
      pages.render(resp, 405, "message.jte", Map.of("page", frame(req, "Method not allowed"),
          "message", "This page does not accept that method."));
    }
  }

  private void adminUsers(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<User> user = signedIn(req);
    if (user.isEmpty()) {
      DemoPages.seeOther(resp, SignInPages.SIGN_IN + "?return_to="
          + URLEncoder.encode(ADMIN_USERS, StandardCharsets.UTF_8));
    } else if (!user.get().admin()) {
      // As the platform answers a non-administrator: there is nothing here.
      pages.render(resp, 404, "message.jte", Map.of("page", frame(req, "Not found"),
          "message", "The page could not be found or you don't have permission to view it."));
    } else {
      List<User> all = fixture.users().stream().map(u -> users.findUser(u.id()))
          .flatMap(Optional::stream).sorted(Comparator.comparing(User::username)).toList();
      pages.render(resp, "admin_users.jte", Map.of("page", frame(req, "Admin area"), "users", all));
    }
  }
}
