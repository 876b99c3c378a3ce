package io.wvs.auth.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's answers that no servlet writes, in the platform's formats: JSON
 * ({@code {"message":"405 Method Not Allowed"}}) on API and LFS paths, git's plain text on git
 * paths. Never an HTML page, an exception's text or an echo of the request.
 *
 * <p>As a {@link Filter} (first after the decision log) it refuses with 405 every method the
 * platform does not use on a path family ({@code TRACE}, {@code OPTIONS}, {@code CONNECT}, ...)
 * before anything can echo the request, and turns an exception out of the chain (a body that
 * stalled past the idle timeout, say) into the matching answer: 408 for a timeout, 400 for a body
 * that broke off, 500 otherwise. {@link ErrorPages} does the same for the errors Jetty answers
 * itself (a malformed request, {@code sendError}).
 */
final class HttpHygiene implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpHygiene.class);
  private static final Set<String> GIT_METHODS = Set.of("GET", "HEAD", "POST");
  private static final Set<String> LFS_METHODS = Set.of("GET", "HEAD", "POST", "PUT");
  private static final Set<String> API_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE");

  /** The formats of the answers, by path family. */
  enum Family {
    API("application/json"),
    LFS(LfsServlet.MEDIA_TYPE),
    GIT("text/plain;charset=utf-8");

    private final String contentType;

    Family(String contentType) {
      this.contentType = contentType;
    }

    static Family of(String path) {
      if (path == null) {
        return API;
      }
      if (LfsServlet.handles(path)) {
        return LFS;
      }
      return path.contains(".git/") || path.endsWith(".git") ? GIT : API;
    }

    Set<String> methods() {
      return this == GIT ? GIT_METHODS : this == LFS ? LFS_METHODS : API_METHODS;
    }

    /** The body for {@code status}: its reason phrase only. */
    byte[] body(int status) {
      String text = status + " " + HttpStatus.getMessage(status);
      return (this == GIT ? text + "\n" : "{\"message\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
      chain.doFilter(request, response);
      return;
    }
    Family family = Family.of(req.getRequestURI());
    String method = req.getMethod() == null ? "" : req.getMethod().toUpperCase(Locale.ROOT);
    if (!family.methods().contains(method)) {
      resp.setHeader("Allow", String.join(", ", family.methods().stream().sorted().toList()));
      answer(resp, family, 405);
      return;
    }
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      int status = statusFor(e);
      if (resp.isCommitted()) {
        throw e; // too late for an answer: Jetty aborts the response
      }
      LOG.debug("{} {} failed ({}): answered {}", method, family, e.getClass().getSimpleName(), status);
      resp.reset();
      answer(resp, family, status);
    }
  }

  /** 408 for a read that timed out, 400 for a request that broke off, 500 for anything else. */
  static int statusFor(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return 408;
      }
      if (t instanceof org.eclipse.jetty.io.EofException
          || t instanceof org.eclipse.jetty.http.BadMessageException) {
        return 400;
      }
    }
    return 500;
  }

  private static void answer(HttpServletResponse resp, Family family, int status) throws IOException {
    resp.setStatus(status);
    resp.setContentType(family.contentType);
    resp.setHeader("Cache-Control", "no-store");
    byte[] body = family.body(status);
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  /**
   * Jetty's error answers (malformed requests, {@code sendError}, failures outside the servlets)
   * in the platform's formats instead of Jetty's HTML page: no exception text, no echo.
   */
  static final class ErrorPages extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
        String contentType, List<Charset> charsets, int code, String message, Throwable cause) {
      Family family = Family.of(request.getHttpURI() == null ? null : request.getHttpURI().getPath());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, family.contentType);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(family.body(code)), callback);
      return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, Family.API.contentType);
      return ByteBuffer.wrap(Family.API.body(status));
    }
  }
}
