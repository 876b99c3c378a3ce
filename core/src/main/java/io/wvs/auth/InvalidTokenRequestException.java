package io.wvs.auth;

/**
 * A management request is invalid: a blank or over-long name, an expiry date in the past or
 * beyond the maximum lifetime, a missing required expiry, a predetermined token shorter than 20
 * characters, and the like. The message says what to change.
 *
 * @since 0.1
 */
public class InvalidTokenRequestException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what to change, safe to return to the client
   */
  public InvalidTokenRequestException(String message) {
    super(message);
  }
}
