package io.wvs.auth;

/**
 * Root of every exception the library throws from management calls and builders. Authentication
 * never throws for a bad token: it returns an {@link AuthResult}. Messages are written for the
 * person who can fix the problem and never contain a raw token.
 *
 * @since 0.1
 */
public class WvsAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public WvsAuthException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WvsAuthException(String message, Throwable cause) {
    super(message, cause);
  }
}
