package io.wvs.auth;

import io.wvs.auth.spi.TokenOwner;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The kinds of token. Everything that differs between kinds is declared here, next to each
 * other: the owner a token has ({@link #ownerKind()}), the prefix of its generated values, the
 * channels it may be used on ({@link #usableOn}), the scopes it may hold (before the per-user and
 * per-host rules: {@code sudo} only for administrators, registry scopes only when the host enables
 * a registry) and how it is named in messages and expiry notices. A new type is a new constant
 * here plus its services, endpoints and store mapping.
 *
 * @since 0.1
 */
public enum TokenType {
  /** A user's own token. */
  PERSONAL(TokenOwner.Kind.USER, null, TokenPolicy::userTokenPrefix, EnumSet.allOf(Channel.class),
      EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_USER, Scope.READ_REPOSITORY,
          Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.SUDO,
          Scope.SELF_ROTATE),
      "personal access token"),
  /** A token an administrator creates to act as a user; hidden from the user's own list. */
  IMPERSONATION(TokenOwner.Kind.USER, null, TokenPolicy::userTokenPrefix,
      EnumSet.allOf(Channel.class),
      EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_USER, Scope.READ_REPOSITORY,
          Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.SUDO,
          Scope.SELF_ROTATE),
      // Its owner is told about it as about their own tokens.
      "personal access token"),
  /** A project access token, acting as the project's bot user. */
  PROJECT_ACCESS(TokenOwner.Kind.BOT, ResourceRef.Kind.PROJECT, TokenPolicy::userTokenPrefix,
      EnumSet.allOf(Channel.class),
      EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_REPOSITORY, Scope.WRITE_REPOSITORY,
          Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.SELF_ROTATE),
      "project access token"),
  /** A group access token, acting as the group's bot user. */
  GROUP_ACCESS(TokenOwner.Kind.BOT, ResourceRef.Kind.GROUP, TokenPolicy::userTokenPrefix,
      EnumSet.allOf(Channel.class),
      EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_REPOSITORY, Scope.WRITE_REPOSITORY,
          Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.SELF_ROTATE),
      "group access token"),
  /** A deploy token of a project or group: repository, registry and package access, no API. */
  DEPLOY(TokenOwner.Kind.DEPLOY, null, TokenPolicy::deployTokenPrefix,
      EnumSet.of(Channel.GIT_HTTP, Channel.CONTAINER_REGISTRY, Channel.PACKAGE_REGISTRY),
      EnumSet.of(Scope.READ_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY,
          Scope.READ_PACKAGE_REGISTRY, Scope.WRITE_PACKAGE_REGISTRY),
      "deploy token");

  private final TokenOwner.Kind ownerKind;
  /** The kind of resource a bot-owned type belongs to; null when any (or none) fits. */
  private final ResourceRef.Kind botResourceKind;
  private final Function<TokenPolicy, String> prefix;
  private final Set<Channel> channels;
  private final Set<Scope> allowedScopes;
  private final String noticeName;

  TokenType(TokenOwner.Kind ownerKind, ResourceRef.Kind botResourceKind,
      Function<TokenPolicy, String> prefix, EnumSet<Channel> channels,
      EnumSet<Scope> allowedScopes, String noticeName) {
    this.ownerKind = ownerKind;
    this.botResourceKind = botResourceKind;
    this.prefix = prefix;
    this.channels = Collections.unmodifiableSet(channels);
    this.allowedScopes = Collections.unmodifiableSet(allowedScopes);
    this.noticeName = noticeName;
  }

  /**
   * The access-token type of a project (project access token) or a group (group access token).
   *
   * @param kind project or group
   * @return the type whose tokens act as that resource's bot
   */
  public static TokenType accessTokenOf(ResourceRef.Kind kind) {
    Objects.requireNonNull(kind, "kind");
    for (TokenType type : values()) {
      if (type.botResourceKind == kind) {
        return type;
      }
    }
    throw new IllegalStateException("no access token type for " + kind); // every kind has one
  }

  /** {@return the channels a token of this type may be used on} */
  public Set<Channel> channels() {
    return channels;
  }

  /**
   * Whether a token of this type may be used on {@code channel}.
   *
   * @param channel where the token is presented
   * @return whether it is accepted there (deploy tokens are refused on the API)
   */
  public boolean usableOn(Channel channel) {
    return channels.contains(channel);
  }

  /** The prefix of this type's generated tokens under {@code policy}. */
  String prefixIn(TokenPolicy policy) {
    return prefix.apply(policy);
  }

  /** How an expiry notice names a token of this type, e.g. "project access token". */
  String noticeName() {
    return noticeName;
  }

  /** How a message names tokens of this type, in the plural, e.g. "project access tokens". */
  String pluralName() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ') + " tokens";
  }

  /** {@return the one kind of owner a token of this type has} */
  public TokenOwner.Kind ownerKind() {
    return ownerKind;
  }

  /**
   * Checks that {@code owner} can own a token of this type: its kind is {@link #ownerKind()}, and
   * a project access token belongs to a project's bot, a group access token to a group's bot.
   *
   * @param owner the owner to check
   * @throws IllegalArgumentException if it cannot
   * @throws NullPointerException if {@code owner} is null
   */
  public void requireOwner(TokenOwner owner) {
    Objects.requireNonNull(owner, "owner");
    if (owner.kind() != ownerKind) {
      throw new IllegalArgumentException("a " + this + " token needs a " + ownerKind
          + " owner, not a " + owner.kind() + " owner");
    }
    if (botResourceKind != null && owner.resourceOrNull().kind() != botResourceKind) {
      throw new IllegalArgumentException("a " + this + " token belongs to the bot of a "
          + botResourceKind.name().toLowerCase(Locale.ROOT) + ", not of "
          + owner.resourceOrNull());
    }
  }

  /** {@return the scopes a token of this type may be created with} */
  public Set<Scope> allowedScopes() {
    return allowedScopes;
  }

  /**
   * {@return whether the token belongs to a user (personal or impersonation) rather than a
   * resource}
   */
  public boolean belongsToUser() {
    return ownerKind == TokenOwner.Kind.USER;
  }
}
