package io.wvs.auth.demo;

import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import io.wvs.auth.web.TokenPages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /users/sign_in} and {@code /users/sign_out}. The password is checked by the same
 * {@link PasswordVerifier} git over HTTP uses; a two-factor user then gives a TOTP code
 * ({@link Totp}) from the fixture's {@code otp_secret}. A wrong username, password, blocked user
 * or code gets the form again with one generic message, so the page never says which usernames
 * exist. Every post carries the session's {@code authenticity_token}; a completed sign-in gets a
 * new session id and goes to {@code return_to} only when that is a path of this site.
 */
final class SignInPages {
  static final String SIGN_IN = "/users/sign_in";
  static final String SIGN_OUT = "/users/sign_out";
  static final String BAD_LOGIN = "Invalid login or password.";
  static final String BAD_CODE = "Invalid two-factor code.";
  static final String BAD_FORM = "Your session has expired or the form was not sent from this site."
      + " Please sign in again.";
  /** Wrong codes before the password is asked again. */
  private static final int CODE_TRIES = 5;

  private final UserDirectory users;
  private final PasswordVerifier passwords;
  private final Fixture fixture;
  private final Totp totp;
  private final DemoPages pages;

  SignInPages(UserDirectory users, PasswordVerifier passwords, Fixture fixture, Totp totp,
      DemoPages pages) {
    this.users = users;
    this.passwords = passwords;
    this.fixture = fixture;
    this.totp = totp;
    this.pages = pages;
  }

  /** The sign-in form, or straight on to {@code return_to} when already signed in. */
  void form(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String returnTo = BrowserSession.safeReturnTo(req.getParameter("return_to"));
    if (BrowserSession.userId(req).isPresent()) {
      DemoPages.seeOther(resp, returnTo);
      return;
    }
    render(req, resp, 200, false, returnTo, null);
  }

  /** A posted password or two-factor code. */
  void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!TokenPages.csrfValid(req)) {
      BrowserSession.signOut(req);
      render(req, resp, 422, false, "/", BAD_FORM);
      return;
    }
    Optional<Long> pending = BrowserSession.pendingUser(req);
    if (req.getParameter("otp") != null && pending.isPresent()) {
      code(req, resp, pending.get());
      return;
    }
    String returnTo = BrowserSession.safeReturnTo(req.getParameter("return_to"));
    String username = req.getParameter("username");
    String password = req.getParameter("password");
    Optional<User> user = username == null || password == null || username.isBlank()
        ? Optional.empty() : users.findUserByUsername(username.strip());
    if (user.isEmpty() || user.get().blocked() || user.get().bot() || !passwordMatches(user.get(), password)) {
      render(req, resp, 200, false, returnTo, BAD_LOGIN);
    } else if (user.get().twoFactorEnabled()) {
      BrowserSession.awaitCode(req, user.get().id(), returnTo);
      render(req, resp, 200, true, returnTo, null);
    } else {
      BrowserSession.signIn(req, user.get().id());
      DemoPages.seeOther(resp, returnTo);
    }
  }

  private void code(HttpServletRequest req, HttpServletResponse resp, long userId) throws IOException {
    String secret = fixture.users().stream().filter(u -> u.id() == userId).findFirst()
        .map(Fixture.FixtureUser::otpSecret).orElse(null);
    if (totp.verify(userId, secret, req.getParameter("otp"))) {
      String returnTo = BrowserSession.pendingReturnTo(req);
      BrowserSession.signIn(req, userId);
      DemoPages.seeOther(resp, returnTo);
    } else if (BrowserSession.wrongCode(req, CODE_TRIES)) {
      render(req, resp, 200, true, BrowserSession.pendingReturnTo(req), BAD_CODE);
    } else {
      render(req, resp, 200, false, "/", BAD_CODE);
    }
  }

  /** Sign-out: a post with the session's token ends the session. */
  void signOut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!TokenPages.csrfValid(req)) {
      render(req, resp, 422, false, "/", BAD_FORM);
      return;
    }
    BrowserSession.signOut(req);
    DemoPages.seeOther(resp, "/");
  }

  private boolean passwordMatches(User user, String password) {
    char[] chars = password.toCharArray();
    try {
      return passwords.verifyPassword(user.username(), chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private void render(HttpServletRequest req, HttpServletResponse resp, int status, boolean otpStep,
      String returnTo, String error) throws IOException {
    PageModel page = new PageModel(otpStep ? "Two-factor authentication" : "Sign in", null,
        TokenPages.csrfToken(req), List.of());
    Map<String, Object> params = new HashMap<>();
    params.put("page", page);
    params.put("otpStep", otpStep);
    params.put("returnTo", returnTo);
    params.put("error", error);
    pages.render(resp, status, "signin.jte", params);
  }
}
