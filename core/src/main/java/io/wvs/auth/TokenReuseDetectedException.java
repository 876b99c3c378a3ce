package io.wvs.auth;

/**
 * A revoked token was presented for rotation. Someone holds a copy of a superseded token, so
 * the whole rotation family has been revoked before this exception was thrown.
 *
 * @since 0.1
 */
public final class TokenReuseDetectedException extends TokenInactiveException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, safe to return to the client
   */
  public TokenReuseDetectedException(String message) {
    super(message);
  }
}
