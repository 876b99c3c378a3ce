package io.wvs.auth.web;

import io.wvs.auth.MissingCapabilityException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenInactiveException;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.WvsAuthException;
import io.wvs.auth.spi.User;
import io.wvs.auth.web.view.ErrorPage;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages' one servlet: security headers on every answer, the route, who is signed in, the CSRF
 * check of every POST, and each failure as a page of its own (never the container's).
 */
final class PagesServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PagesServlet.class);
  static final String CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  private final transient PagesConfig config;
  private final transient Templates templates = new Templates();
  private final byte[] css = resource("style.css");
  private final byte[] script = resource("copy.js");

  PagesServlet(PagesConfig config) {
    this.config = config;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    securityHeaders(response);
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("POST")) {
      answer(request, response);
    } else if (method.equals("HEAD")) {
      super.service(request, response);   // doGet without the body
    } else {
      response.setHeader("Allow", "GET, HEAD, POST");
      error(request, response, null, new Refusal(405, "Method not allowed",
          "These pages answer GET, HEAD and POST only."));
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    answer(request, response);
  }

  private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    User me = null;
    try {
      String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
      Route route = Route.parse(path);
      if (route == null) {
        throw Refusal.notFound();
      }
      if (route instanceof Route.Asset asset) {
        asset(request, response, asset);
        return;
      }
      Optional<User> signedIn = signedIn(request);
      if (signedIn.isEmpty()) {
        redirectToSignIn(request, response);
        return;
      }
      me = signedIn.get();
      if (request.getMethod().equals("POST") && !TokenPages.csrfValid(request)) {
        throw new Refusal(403, "Forbidden", "The form's authenticity token is missing or does not match"
            + " this session. Reload the page and try again.");
      }
      Visit visit = new Visit(config, templates, request, response, me);
      if (route instanceof Route.Personal personal) {
        UserTokenPages.personal(visit, personal);
      } else if (route instanceof Route.Impersonation impersonation) {
        UserTokenPages.impersonation(visit, impersonation);
      } else if (route instanceof Route.Settings settings) {
        ResourceTokenPages.settings(visit, settings);
      }
    } catch (Refusal r) {
      error(request, response, me, r);
    } catch (WvsAuthException e) {
      error(request, response, me, refusal(e));
    } catch (RuntimeException e) {
      // Logged without the request's parameters: a form may hold anything.
      LOG.error("token page {} {} failed", request.getMethod(), request.getRequestURI(), e);
      error(request, response, me, new Refusal(500, "Something went wrong",
          "The page could not be shown. Try again later."));
    }
  }

  /** A typed failure of the core services as the page's status and the service's message. */
  static Refusal refusal(WvsAuthException e) {
    String message = UserTokenPages.message(e);
    if (e instanceof PermissionDeniedException) {
      return new Refusal(403, "Forbidden", message);
    } else if (e instanceof TokenNotFoundException) {
      return Refusal.notFound();
    } else if (e instanceof TokenConflictException || e instanceof TokenInactiveException) {
      return new Refusal(409, "Conflict", message);
    } else if (e instanceof MissingCapabilityException) {
      return new Refusal(501, "Not available", message);
    } else if (e instanceof StoreUnavailableException) {
      return new Refusal(503, "Service unavailable", "The token store is unavailable. Try again later.");
    }
    return new Refusal(400, "Bad request", message);
  }

  private Optional<User> signedIn(HttpServletRequest request) {
    Optional<Long> id = config.signedInUser().userId(request);
    if (id == null || id.isEmpty() || id.get() <= 0) {
      return Optional.empty();
    }
    return config.auth().userDirectory().findUser(id.get());
  }

  /** 303 to the sign-in page, with the page asked for as {@code return_to} when it is safe. */
  private void redirectToSignIn(HttpServletRequest request, HttpServletResponse response) {
    String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    String location = request.getContextPath() + config.signInPath()
        + TokenPages.safeReturnPath(target)
            .map(t -> "?return_to=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", location);
  }

  private void asset(HttpServletRequest request, HttpServletResponse response, Route.Asset asset)
      throws IOException {
    if (request.getMethod().equals("POST")) {
      response.setHeader("Allow", "GET, HEAD");
      throw new Refusal(405, "Method not allowed", "This file answers GET and HEAD only.");
    }
    boolean stylesheet = asset.file().equals("style.css");
    byte[] body = stylesheet ? css : script;
    if (stylesheet) {
      // The one answer that may be cached: the same for everyone, no user data.
      response.setHeader("Cache-Control", "public, max-age=86400");
    }
    response.setContentType(stylesheet ? "text/css;charset=utf-8" : "text/javascript;charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private void error(HttpServletRequest request, HttpServletResponse response, User me, Refusal r)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    securityHeaders(response);
    ErrorPage page = new ErrorPage(Visit.chrome(config, request, me), r.status, r.title, r.getMessage());
    Visit.write(templates, response, r.status, templates.render("error.jte", page));
  }

  static void securityHeaders(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
  }

  private static byte[] resource(String name) {
    try (InputStream in = PagesServlet.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
