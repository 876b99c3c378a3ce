package io.wvs.auth;

/**
 * Who an authenticated request acts as.
 *
 * @param kind a user, a project or group bot user, or a deploy token (which has no user)
 * @param id the user's id, or the deploy token's id for {@link Kind#DEPLOY_TOKEN}
 * @param username the username (for a deploy token, its username)
 * @since 0.1
 */
public record Principal(Kind kind, long id, String username) {
  /** What kind of principal this is. */
  public enum Kind {
    USER,
    BOT,
    DEPLOY_TOKEN
  }

  public Principal {
    if (kind == null || username == null) {
      throw new IllegalArgumentException("kind and username must not be null");
    }
  }
}
