package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import java.util.Objects;

/**
 * Who a token belongs to: a user ({@link User}), the bot user of a project or group ({@link Bot}),
 * or a project or group itself through a deploy token ({@link Deploy}). Each kind carries exactly
 * what it needs, so a token without an owner, or with a resource and no bot, cannot be built. A
 * token type names the one kind it takes ({@link io.wvs.auth.TokenType#ownerKind()}).
 *
 * @since 0.1
 */
public sealed interface TokenOwner permits TokenOwner.User, TokenOwner.Bot, TokenOwner.Deploy {

  /** The kinds of owner. */
  enum Kind {
    /** A user: personal and impersonation tokens. */
    USER,
    /** The bot user of a project or group: project and group access tokens. */
    BOT,
    /** A project or group itself: deploy tokens. */
    DEPLOY
  }

  /** {@return the kind of this owner} */
  Kind kind();

  /**
   * {@return the user the token acts as (the user, or the bot user), or null for a deploy token,
   * which acts as no user}
   */
  Long actingUserId();

  /** {@return the project or group the token belongs to, or null for a user's token} */
  ResourceRef resourceOrNull();

  /**
   * A user's own token (personal, impersonation).
   *
   * @param userId the user's id, positive
   */
  record User(long userId) implements TokenOwner {
    /**
     * Checks the id.
     *
     * @param userId the user's id, positive
     * @throws IllegalArgumentException if {@code userId} is not positive
     */
    public User {
      if (userId <= 0) {
        throw new IllegalArgumentException("user id must be positive, was " + userId);
      }
    }

    @Override
    public Kind kind() {
      return Kind.USER;
    }

    @Override
    public Long actingUserId() {
      return userId;
    }

    @Override
    public ResourceRef resourceOrNull() {
      return null;
    }
  }

  /**
   * The bot user of a project or group (project and group access tokens).
   *
   * @param botUserId the bot user's id, positive
   * @param resource the project or group the bot belongs to
   */
  record Bot(long botUserId, ResourceRef resource) implements TokenOwner {
    /**
     * Checks both parts.
     *
     * @param botUserId the bot user's id, positive
     * @param resource the project or group the bot belongs to
     * @throws IllegalArgumentException if {@code botUserId} is not positive
     * @throws NullPointerException if {@code resource} is null
     */
    public Bot {
      if (botUserId <= 0) {
        throw new IllegalArgumentException("bot user id must be positive, was " + botUserId);
      }
      Objects.requireNonNull(resource, "a bot's resource");
    }

    @Override
    public Kind kind() {
      return Kind.BOT;
    }

    @Override
    public Long actingUserId() {
      return botUserId;
    }

    @Override
    public ResourceRef resourceOrNull() {
      return resource;
    }
  }

  /**
   * A project or group through a deploy token, which acts as no user.
   *
   * @param resource the project or group
   * @param username the token's basic-auth username; null only in a {@link NewToken}, where it
   *     means "the store assigns {@code wvs+deploy-token-<id>}"; a {@link TokenRecord} always has it
   */
  record Deploy(ResourceRef resource, String username) implements TokenOwner {
    /**
     * Checks both parts.
     *
     * @param resource the project or group
     * @param username the basic-auth username, or null for the store's default
     * @throws NullPointerException if {@code resource} is null
     * @throws IllegalArgumentException if {@code username} is empty
     */
    public Deploy {
      Objects.requireNonNull(resource, "a deploy token's resource");
      if (username != null && username.isEmpty()) {
        throw new IllegalArgumentException("a deploy token's username must not be empty");
      }
    }

    /**
     * This owner with {@code assigned} as its username.
     *
     * @param assigned the username the store assigned
     * @return the copy
     */
    public Deploy withUsername(String assigned) {
      return new Deploy(resource, assigned);
    }

    @Override
    public Kind kind() {
      return Kind.DEPLOY;
    }

    @Override
    public Long actingUserId() {
      return null;
    }

    @Override
    public ResourceRef resourceOrNull() {
      return resource;
    }
  }

  /**
   * A user's own token.
   *
   * @param userId the user's id, positive
   * @return the owner
   */
  static User user(long userId) {
    return new User(userId);
  }

  /**
   * The bot of {@code resource}.
   *
   * @param botUserId the bot user's id, positive
   * @param resource the project or group
   * @return the owner
   */
  static Bot bot(long botUserId, ResourceRef resource) {
    return new Bot(botUserId, resource);
  }

  /**
   * A deploy token of {@code resource}.
   *
   * @param resource the project or group
   * @param username the basic-auth username, or null for the store's default
   * @return the owner
   */
  static Deploy deploy(ResourceRef resource, String username) {
    return new Deploy(resource, username);
  }
}
