package io.wvs.auth;

/**
 * The operation needs an active token but the token is revoked or expired (rotating a revoked
 * token, for instance).
 *
 * @since 0.1
 */
public class TokenInactiveException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, safe to return to the client
   */
  public TokenInactiveException(String message) {
    super(message);
  }
}
