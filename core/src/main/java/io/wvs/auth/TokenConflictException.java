package io.wvs.auth;

/**
 * A unique value is already taken: a token value in use by another token (a predetermined value
 * imported twice, say), or a username a directory cannot give to a new bot. Thrown by stores and
 * directories.
 *
 * @since 0.1
 */
public final class TokenConflictException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public TokenConflictException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public TokenConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
