package io.wvs.auth;

/**
 * The token value is already in use by another token (a predetermined value imported twice, for
 * instance). Thrown by stores on a duplicate digest.
 *
 * @since 0.1
 */
public final class TokenConflictException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  public TokenConflictException(String message) {
    super(message);
  }
}
