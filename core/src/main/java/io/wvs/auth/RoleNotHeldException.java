package io.wvs.auth;

/**
 * The actor tried to create, rotate or revoke a project or group access token whose role is above
 * the actor's own role in that project or group. Creating it would hand out a role the actor does
 * not hold; rotating it would give the actor a working credential with that role (and a new
 * expiry); revoking it would take down what a higher role set up. Administrators are never refused
 * this way. The message is the platform's ("Not eligible to rotate tokens with permissions not held
 * by the user", with create or revoke in place of rotate); nothing was changed.
 *
 * @since 0.1
 */
public final class RoleNotHeldException extends PermissionDeniedException {
  private static final long serialVersionUID = 1L;

  /** The role of the token's bot user. */
  private final Role tokenRole;
  /** The actor's effective role in the token's project or group. */
  private final Role actorRole;

  /**
   * A refusal of {@code action} on a token with {@code tokenRole} by an actor with {@code actorRole}.
   *
   * @param action what was refused: {@code create}, {@code rotate} or {@code revoke}
   * @param tokenRole the role of the token's bot user
   * @param actorRole the actor's effective role in the token's project or group
   */
  public RoleNotHeldException(String action, Role tokenRole, Role actorRole) {
    super("Not eligible to " + action + " tokens with permissions not held by the user");
    this.tokenRole = tokenRole;
    this.actorRole = actorRole;
  }

  /** {@return the role of the token's bot user, above {@link #actorRole()}} */
  public Role tokenRole() {
    return tokenRole;
  }

  /** {@return the actor's effective role in the token's project or group} */
  public Role actorRole() {
    return actorRole;
  }
}
