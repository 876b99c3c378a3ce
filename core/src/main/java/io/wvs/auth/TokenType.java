package io.wvs.auth;

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
  PERSONAL(EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_USER, Scope.READ_REPOSITORY,
      Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.SUDO)),
  /** A token an administrator creates to act as a user; hidden from the user's own list. */
  IMPERSONATION(EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_USER, Scope.READ_REPOSITORY,
      Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY, Scope.SUDO)),
  /** A project access token, acting as the project's bot user. */
  PROJECT_ACCESS(EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_REPOSITORY,
      Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY)),
  /** A group access token, acting as the group's bot user. */
  GROUP_ACCESS(EnumSet.of(Scope.API, Scope.READ_API, Scope.READ_REPOSITORY,
      Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY)),
  /** A deploy token of a project or group: repository, registry and package access, no API. */
  DEPLOY(EnumSet.of(Scope.READ_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY,
      Scope.READ_PACKAGE_REGISTRY, Scope.WRITE_PACKAGE_REGISTRY));

  private final Set<Scope> allowedScopes;

  TokenType(EnumSet<Scope> allowedScopes) {
    this.allowedScopes = Collections.unmodifiableSet(allowedScopes);
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
    return this == PERSONAL || this == IMPERSONATION;
  }
}
