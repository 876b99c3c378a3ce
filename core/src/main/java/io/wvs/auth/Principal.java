package io.wvs.auth;

/**
 * Who an authenticated request acts as.
 *
 * <p>A deploy token is no user: its {@code username} is the one it was created with (what git's
 * basic auth sends), and {@link #name()} shows it as {@code deploy-token:<username>}, which no
 * user's name can be (usernames have no {@code ':'}). Decide on {@link #kind()}, or compare
 * {@link #name()}, never {@code username()} alone.
 *
 * @param kind a user, a project or group bot user, or a deploy token (which has no user)
 * @param id the user's id, or the deploy token's id for {@link Kind#DEPLOY_TOKEN}
 * @param username the username (for a deploy token, the deploy token's own username, which names no
 *     user)
 * @since 0.1
 */
public record Principal(Kind kind, long id, String username) {
  /** The start of a deploy token's {@link #name()}. */
  public static final String DEPLOY_TOKEN_NAME_PREFIX = "deploy-token:";

  /** What kind of principal this is. */
  public enum Kind {
    /** A user. */
    USER,
    /** The bot user of a project or group access token. */
    BOT,
    /** A deploy token. */
    DEPLOY_TOKEN
  }

  /**
   * Checks that {@code kind} and {@code username} are given.
   *
   * @param kind a user, a project or group bot user, or a deploy token (which has no user)
   * @param id the user's id, or the deploy token's id for {@link Kind#DEPLOY_TOKEN}
   * @param username the username (for a deploy token, the deploy token's own username, which names
   *     no user)
   * @throws IllegalArgumentException if either is null
   */
  public Principal {
    if (kind == null || username == null) {
      throw new IllegalArgumentException("kind and username must not be null");
    }
  }

  /**
   * The name to show for this principal (what the servlet filter gives as
   * {@code getRemoteUser()}): the username of a user or bot, {@code deploy-token:<username>} for a
   * deploy token, so that a deploy token can never pass for a user.
   *
   * @return the username, or {@value #DEPLOY_TOKEN_NAME_PREFIX} followed by the deploy token's
   *     username
   * @since 0.1
   */
  public String name() {
    return kind == Kind.DEPLOY_TOKEN ? DEPLOY_TOKEN_NAME_PREFIX + username : username;
  }
}
