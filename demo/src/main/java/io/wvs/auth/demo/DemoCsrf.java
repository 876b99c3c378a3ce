package io.wvs.auth.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The CSRF token of the demo's own forms (hidden field {@code authenticity_token}): one random
 * value per session, checked on every state change.
 */
final class DemoCsrf {
  static final String FIELD = "authenticity_token";
  private static final String ATTRIBUTE = "io.wvs.auth.demo.csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private DemoCsrf() {}

  /** The session's token, made (with the session) on first use. */
  static String token(HttpServletRequest req) {
    HttpSession session = req.getSession(true);
    synchronized (session) {
      if (session.getAttribute(ATTRIBUTE) instanceof String token) {
        return token;
      }
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      session.setAttribute(ATTRIBUTE, token);
      return token;
    }
  }

  /** Whether the request's {@code authenticity_token} is the session's token. */
  static boolean valid(HttpServletRequest req) {
    HttpSession session = req.getSession(false);
    String given = req.getParameter(FIELD);
    if (session == null || given == null || !(session.getAttribute(ATTRIBUTE) instanceof String token)) {
      return false;
    }
    // Constant time: a mismatch's position must not show in the answer's timing.
    return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
