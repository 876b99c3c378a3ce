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

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}
