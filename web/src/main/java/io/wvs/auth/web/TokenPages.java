package io.wvs.auth.web;

import io.wvs.auth.WvsAuth;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The token pages a person uses in a browser, as one servlet to mount at {@code /*} of a context:
 * <ul>
 *   <li>{@code /-/profile/personal_access_tokens} (also {@code /-/user_settings/personal_access_tokens})</li>
 *   <li>{@code /<project path>/-/settings/access_tokens}, {@code /groups/<group path>/-/settings/access_tokens}</li>
 *   <li>{@code /<project path>/-/settings/repository}, {@code /groups/<group path>/-/settings/repository}
 *       (deploy tokens)</li>
 *   <li>{@code /admin/users/<username>/impersonation_tokens} (administrators)</li>
 *   <li>{@code /-/wvs-auth/style.css} and {@code /-/wvs-auth/copy.js}</li>
 * </ul>
 * Any other path gets the servlet's own 404 page, so mount it last (after the host's own servlets)
 * or at exactly these paths. Every page sends {@code Cache-Control: no-store} (the stylesheet may be
 * cached), a {@code Content-Security-Policy} without inline script, {@code frame-ancestors 'none'},
 * {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer}. Every
 * {@code POST} needs the session's CSRF token in {@code authenticity_token}. Nobody signed in: a
 * {@code 303} to the sign-in path with {@code return_to}.
 *
 * <p>Built once with {@link #builder()}; immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TokenPages {
  /** The session attribute holding the CSRF token. */
  static final String CSRF_ATTRIBUTE = TokenPages.class.getName() + ".csrf";
  /** The form field (and parameter) carrying the CSRF token, as the platform names it. */
  public static final String CSRF_FIELD = "authenticity_token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PagesServlet servlet;

  private TokenPages(Builder b) {
    this.servlet = new PagesServlet(new PagesConfig(b.auth, b.signedInUser, b.signInPath,
        b.signOutPath, b.navigation == null ? Navigation.NONE : b.navigation));
  }

  /** {@return a builder; auth, signedInUser, signInPath and signOutPath are required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The servlet serving the pages; the same instance on every call. Mount it at {@code /*}.
   *
   * @return the servlet
   */
  public HttpServlet servlet() {
    return servlet;
  }

  /**
   * The CSRF token of the request's session, created (with the session) when absent: 32 random
   * bytes, base64url. The host's own forms (sign-in, sign-out) put it in a hidden
   * {@value #CSRF_FIELD} field and check it with {@link #csrfValid}.
   *
   * @param request the request
   * @return the session's CSRF token
   */
  public static String csrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    synchronized (session) {
      Object existing = session.getAttribute(CSRF_ATTRIBUTE);
      if (existing instanceof String token) {
        return token;
      }
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      session.setAttribute(CSRF_ATTRIBUTE, token);
      return token;
    }
  }

  /**
   * Gives the request's session a new CSRF token (a no-op without a session). A host calls it when
   * someone signs in, beside changing the session id, so a token seen before the sign-in is worth
   * nothing after it.
   *
   * @param request the request whose session signs in
   */
  public static void rotateCsrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      synchronized (session) {
        session.removeAttribute(CSRF_ATTRIBUTE);
      }
      csrfToken(request);
    }
  }

  /**
   * Whether the request carries its session's CSRF token in the {@value #CSRF_FIELD} field of its
   * form body. False without a session, without a token in it, without the field, with the field
   * twice, or with it in the query string; never creates a session.
   *
   * @param request the request (its form body is read)
   * @return whether the token matches
   */
  public static boolean csrfValid(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(CSRF_ATTRIBUTE) instanceof String expected)) {
      return false;
    }
    String query = request.getQueryString();
    if (query != null && query.contains(CSRF_FIELD)) {
      // Only from the form body: a token in a URL ends up in logs, history and Referer headers.
      return false;
    }
    String[] sent = request.getParameterValues(CSRF_FIELD);
    if (sent == null || sent.length != 1 || sent[0] == null) {
      return false;
    }
    // Constant time: how long the comparison takes must not tell how much of a guess was right.
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        sent[0].getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code candidate} if it is a path on this site to return to after signing in: it starts with one
   * {@code /} (not {@code //} or {@code /\}, which browsers read as another host), has no scheme,
   * no backslash and no control character, and is at most 2048 characters long.
   *
   * @param candidate a {@code return_to} value, may be null
   * @return the path, or empty when it is not a same-site relative path
   */
  public static Optional<String> safeReturnPath(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > 2048
        || candidate.charAt(0) != '/') {
      return Optional.empty();
    }
    if (candidate.length() > 1 && (candidate.charAt(1) == '/' || candidate.charAt(1) == '\\')) {
      return Optional.empty();
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return Optional.empty();
      }
    }
    return Optional.of(candidate);
  }

  /**
   * Builds {@link TokenPages}; not thread-safe, each setting may be given once.
   *
   * @since 0.1
   */
  public static final class Builder {
    private WvsAuth auth;
    private SignedInUser signedInUser;
    private String signInPath;
    private String signOutPath;
    private Navigation navigation;

    private Builder() {}

    /**
     * The wvs-auth instance whose services the pages call.
     *
     * @param auth the instance
     * @return this builder
     */
    public Builder auth(WvsAuth auth) {
      this.auth = once(this.auth, Objects.requireNonNull(auth, "auth"), "auth");
      return this;
    }

    /**
     * Who is signed in, as the host knows it.
     *
     * @param signedInUser the host's answer
     * @return this builder
     */
    public Builder signedInUser(SignedInUser signedInUser) {
      this.signedInUser = once(this.signedInUser, Objects.requireNonNull(signedInUser, "signedInUser"),
          "signedInUser");
      return this;
    }

    /**
     * The host's sign-in page, e.g. {@code /users/sign_in}; the pages redirect there with
     * {@code return_to} when nobody is signed in.
     *
     * @param path a path on this site, starting with one {@code /}
     * @return this builder
     * @throws IllegalArgumentException if it is not such a path
     */
    public Builder signInPath(String path) {
      this.signInPath = once(this.signInPath, sitePath(path, "signInPath"), "signInPath");
      return this;
    }

    /**
     * Where the avatar menu's Sign out form posts (with {@value #CSRF_FIELD}).
     *
     * @param path a path on this site, starting with one {@code /}
     * @return this builder
     * @throws IllegalArgumentException if it is not such a path
     */
    public Builder signOutPath(String path) {
      this.signOutPath = once(this.signOutPath, sitePath(path, "signOutPath"), "signOutPath");
      return this;
    }

    /**
     * The host's links in the top bar; optional (none by default).
     *
     * @param navigation the host's links
     * @return this builder
     */
    public Builder navigation(Navigation navigation) {
      this.navigation = once(this.navigation, Objects.requireNonNull(navigation, "navigation"),
          "navigation");
      return this;
    }

    /**
     * The pages.
     *
     * @return the pages
     * @throws IllegalStateException naming every required setting that is missing
     */
    public TokenPages build() {
      List<String> missing = new ArrayList<>();
      if (auth == null) {
        missing.add("auth");
      }
      if (signedInUser == null) {
        missing.add("signedInUser");
      }
      if (signInPath == null) {
        missing.add("signInPath");
      }
      if (signOutPath == null) {
        missing.add("signOutPath");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("TokenPages needs " + String.join(", ", missing));
      }
      return new TokenPages(this);
    }

    private static <T> T once(T current, T value, String what) {
      if (current != null) {
        throw new IllegalStateException(what + " was already set");
      }
      return value;
    }

    private static String sitePath(String path, String what) {
      Objects.requireNonNull(path, what);
      if (safeReturnPath(path).isEmpty() || path.contains("?") || path.contains("#")) {
        throw new IllegalArgumentException(what + " must be a path on this site such as /users/sign_in,"
            + " was '" + path + "'");
      }
      return path;
    }
  }
}
