package io.wvs.auth;

/**
 * No token with the given id exists, or it is not visible to the acting user (the two are not
 * distinguished, so that ids cannot be probed).
 *
 * @since 0.1
 */
public final class TokenNotFoundException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, safe to return to the client
   */
  public TokenNotFoundException(String message) {
    super(message);
  }
}
