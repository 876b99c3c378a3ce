package io.wvs.auth;

/**
 * A store or directory could not answer (connection lost, timeout, constraint failure). Stores
 * throw it from SPI calls; management calls let it through; authentication turns it into
 * {@link FailureReason#STORE_UNAVAILABLE}, never into success.
 *
 * @since 0.1
 */
public final class StoreUnavailableException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public StoreUnavailableException(String message) {
    super(message);
  }
}
