package io.wvs.auth;

import io.wvs.auth.spi.TokenOwner;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds of token, each with the scopes it may hold (before the per-user and per-host rules:
 * {@code sudo} only for administrators, registry scopes only when the host enables a registry).
 *
 * @since 0.1
 */
public enum TokenType {
  /** A user's own token. */
  PERSONAL(TokenOwner.Kind.USER, null, EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_USER, Scope.READ_REPOSITORY,
      Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.SUDO)),
  /** A token an administrator creates to act as a user; hidden from the user's own list. */
  IMPERSONATION(TokenOwner.Kind.USER, null, EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_USER, Scope.READ_REPOSITORY,
      Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.SUDO)),
  /** A project access token, acting as the project's bot user. */
  PROJECT_ACCESS(TokenOwner.Kind.BOT, ResourceRef.Kind.PROJECT, EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_REPOSITORY,
      Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY)),
  /** A group access token, acting as the group's bot user. */
  GROUP_ACCESS(TokenOwner.Kind.BOT, ResourceRef.Kind.GROUP, EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_REPOSITORY,
      Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY)),
  /** A deploy token of a project or group: repository, registry and package access, no API. */
  DEPLOY(TokenOwner.Kind.DEPLOY, null, EnumSet.of(Scope.READ_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY,
      Scope.READ_PACKAGE_REGISTRY, Scope.WRITE_PACKAGE_REGISTRY));

  private final TokenOwner.Kind ownerKind;
  /** The kind of resource a bot-owned type belongs to; null when any (or none) fits. */
  private final ResourceRef.Kind botResourceKind;
  private final Set<Scope> allowedScopes;

  TokenType(TokenOwner.Kind ownerKind, ResourceRef.Kind botResourceKind,
      EnumSet<Scope> allowedScopes) {
    this.ownerKind = ownerKind;
    this.botResourceKind = botResourceKind;
    this.allowedScopes = Collections.unmodifiableSet(allowedScopes);
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
    java.util.Objects.requireNonNull(owner, "owner");
    if (owner.kind() != ownerKind) {
      throw new IllegalArgumentException("a " + this + " token is owned by a "
          + ownerKind.name().toLowerCase(java.util.Locale.ROOT) + ", not a "
          + owner.kind().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (botResourceKind != null && owner.resourceOrNull().kind() != botResourceKind) {
      throw new IllegalArgumentException("a " + this + " token belongs to the bot of a "
          + botResourceKind.name().toLowerCase(java.util.Locale.ROOT) + ", not of "
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
