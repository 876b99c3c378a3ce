package io.wvs.auth;

/**
 * The acting user may not perform a management operation (for example a non-administrator
 * creating an impersonation token, or revoking another user's token).
 *
 * @since 0.1
 */
public final class PermissionDeniedException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message) {
    super(message);
  }
}
