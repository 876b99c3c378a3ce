package io.wvs.auth;

/**
 * The acting user may not perform a management operation (for example a non-administrator
 * creating an impersonation token, or revoking another user's token). Subclasses name refusals a
 * caller may want to tell apart: {@link RoleNotHeldException}, {@link BotTokenRefusedException}.
 *
 * @since 0.1
 */
public class PermissionDeniedException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * A refusal saying why.
   *
   * @param message what was refused and why, never a raw token
   */
  public PermissionDeniedException(String message) {
    super(message);
  }
}
