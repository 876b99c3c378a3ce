package io.wvs.auth.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import io.wvs.auth.web.TokenPages;
import java.util.Optional;

/**
 * Who is signed in to the demo's web pages: the user id kept in the servlet session (a cookie
 * that is {@code HttpOnly}, {@code SameSite=Lax} and {@code Secure} over TLS; see
 * {@link DemoJetty}), set only by a completed sign-in, which also gives the session a new id.
 */
final class BrowserSession {
  private static final String USER = "io.wvs.auth.demo.user_id";
  private static final String PENDING_USER = "io.wvs.auth.demo.pending_user_id";
  private static final String PENDING_RETURN = "io.wvs.auth.demo.pending_return_to";
  private static final String PENDING_TRIES = "io.wvs.auth.demo.pending_tries";

  private BrowserSession() {}

  /** The signed-in user's id, if a sign-in was completed in this session. */
  static Optional<Long> userId(HttpServletRequest req) {
    HttpSession session = req.getSession(false);
    return session != null && session.getAttribute(USER) instanceof Long id ? Optional.of(id) : Optional.empty();
  }

  /** The signed-in user, if any and still allowed in (still in the directory, not blocked). */
  static Optional<User> user(HttpServletRequest req, UserDirectory users) {
    return userId(req).flatMap(users::findUser).filter(u -> !u.blocked() && !u.bot());
  }

  /**
   * Completes a sign-in: a new session id (no fixation) and a new CSRF token (one seen before the
   * sign-in is worth nothing after it), the user kept, nothing pending.
   */
  static void signIn(HttpServletRequest req, long userId) {
    req.getSession(true);
    req.changeSessionId();
    TokenPages.rotateCsrfToken(req);
    HttpSession session = req.getSession();
    session.removeAttribute(PENDING_USER);
    session.removeAttribute(PENDING_RETURN);
    session.removeAttribute(PENDING_TRIES);
    session.setAttribute(USER, userId);
  }

  /** Ends the session. */
  static void signOut(HttpServletRequest req) {
    HttpSession session = req.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  /** Keeps a user whose password was right until the two-factor code comes. */
  static void awaitCode(HttpServletRequest req, long userId, String returnTo) {
    HttpSession session = req.getSession(true);
    session.removeAttribute(USER);
    session.setAttribute(PENDING_USER, userId);
    session.setAttribute(PENDING_RETURN, returnTo);
    session.setAttribute(PENDING_TRIES, 0);
  }

  /** The user waiting for a two-factor code, if any. */
  static Optional<Long> pendingUser(HttpServletRequest req) {
    HttpSession session = req.getSession(false);
    return session != null && session.getAttribute(PENDING_USER) instanceof Long id
        ? Optional.of(id) : Optional.empty();
  }

  /** Where the pending sign-in goes once the code is right. */
  static String pendingReturnTo(HttpServletRequest req) {
    HttpSession session = req.getSession(false);
    return session != null && session.getAttribute(PENDING_RETURN) instanceof String s ? s : "/";
  }

  /**
   * Counts a wrong code; after {@code limit} of them the pending sign-in is dropped (the
   * password is asked again).
   *
   * @return whether the pending sign-in is still there
   */
  static boolean wrongCode(HttpServletRequest req, int limit) {
    HttpSession session = req.getSession(false);
    if (session == null) {
      return false;
    }
    int tries = session.getAttribute(PENDING_TRIES) instanceof Integer n ? n + 1 : 1;
    if (tries >= limit) {
      session.removeAttribute(PENDING_USER);
      session.removeAttribute(PENDING_RETURN);
      session.removeAttribute(PENDING_TRIES);
      return false;
    }
    session.setAttribute(PENDING_TRIES, tries);
    return true;
  }

  /**
   * {@code returnTo} when it is a path of this site ({@code /group/project/-/settings}, with a
   * query perhaps), else {@code /}: never another host ({@code //evil.example},
   * {@code https://…}, {@code /\evil.example}), so a link cannot send a signed-in person away.
   */
  static String safeReturnTo(String returnTo) {
    return TokenPages.safeReturnPath(returnTo).orElse("/");
  }
}
