package io.wvs.auth;

import io.wvs.auth.spi.User;
import java.util.Objects;

/**
 * Who an authenticated request acts as: an {@link Account} (a user or a bot user, as the directory
 * gave it during this authentication) or a {@link DeployToken}, which is no user.
 *
 * <p>A deploy token's {@code username} is the one it was created with (what git's basic auth
 * sends), and {@link #name()} shows it as {@code deploy-token:<username>}, which no user's name can
 * be (usernames have no {@code ':'}). Decide on the type (or {@link #kind()}), or compare
 * {@link #name()}, never {@code username()} alone.
 *
 * @since 0.1
 */
public sealed interface Principal permits Principal.Account, Principal.DeployToken {
  /** The start of a deploy token's {@link #name()}. */
  String DEPLOY_TOKEN_NAME_PREFIX = "deploy-token:";

  /** What kind of principal this is. */
  enum Kind {
    /** A user. */
    USER,
    /** The bot user of a project or group access token. */
    BOT,
    /** A deploy token. */
    DEPLOY_TOKEN
  }

  /** {@return a user, a project or group bot user, or a deploy token} */
  Kind kind();

  /** {@return the user's id, or the deploy token's id for a deploy token} */
  long id();

  /** {@return the username; for a deploy token, its own username, which names no user} */
  String username();

  /**
   * The name to show for this principal (what the servlet filter gives as
   * {@code getRemoteUser()}): the username of a user or bot, {@code deploy-token:<username>} for a
   * deploy token, so that a deploy token can never pass for a user.
   *
   * @return the username, or {@value #DEPLOY_TOKEN_NAME_PREFIX} followed by the deploy token's
   *     username
   */
  default String name() {
    return username();
  }

  /**
   * A user or a bot user, with the {@link User} the directory returned while authenticating: a
   * caller needs no second lookup.
   *
   * @param user the user as loaded during the authentication
   * @since 0.1
   */
  record Account(User user) implements Principal {
    /**
     * Checks that {@code user} is given.
     *
     * @param user the user as loaded during the authentication
     */
    public Account {
      Objects.requireNonNull(user, "user");
    }

    @Override
    public Kind kind() {
      return user.bot() ? Kind.BOT : Kind.USER;
    }

    @Override
    public long id() {
      return user.id();
    }

    @Override
    public String username() {
      return user.username();
    }
  }

  /**
   * A deploy token, which belongs to no user.
   *
   * @param id the deploy token's id
   * @param username the deploy token's own username
   * @since 0.1
   */
  record DeployToken(long id, String username) implements Principal {
    /**
     * Checks that {@code username} is given.
     *
     * @param id the deploy token's id
     * @param username the deploy token's own username
     */
    public DeployToken {
      Objects.requireNonNull(username, "username");
    }

    @Override
    public Kind kind() {
      return Kind.DEPLOY_TOKEN;
    }

    @Override
    public String name() {
      return DEPLOY_TOKEN_NAME_PREFIX + username;
    }
  }
}
