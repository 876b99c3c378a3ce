package io.wvs.auth.demo;

import io.wvs.auth.AuthResult;
import io.wvs.auth.Principal;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;

/**
 * What an authenticated principal may do with a project's package registry, as the platform
 * decides for a private project: the token must hold the scope (read: {@code read_package_registry},
 * write: {@code write_package_registry}; {@code api} implies both, {@code read_api} the read); users
 * need the Reporter role to read and the Developer role to write, directly or through a parent
 * group (administrators may do both); a project or group token, or a deploy token, reaches only its
 * own project, or its group's projects and subgroups. The wvs-auth filter has checked the token's
 * scope for the request's method and its reach; this is the host's part, the membership, with the
 * scope and reach checked again (a decision does not rely on the route alone).
 */
final class PackageAccess {
  private static final ScopeRequirement READ = ScopeRequirement.anyOf(Scope.READ_PACKAGE_REGISTRY);
  private static final ScopeRequirement WRITE = ScopeRequirement.anyOf(Scope.WRITE_PACKAGE_REGISTRY);

  private final ProjectAccess projects;

  PackageAccess(ProjectAccess projects) {
    this.projects = projects;
  }

  /**
   * Whether {@code ok} may read ({@code write} false) or write the packages of {@code project}:
   * {@link ProjectAccess.Outcome#NOT_FOUND} when it may not even read them (the platform does not
   * say that a private project exists), {@link ProjectAccess.Outcome#FORBIDDEN} when it may read
   * but not write.
   */
  ProjectAccess.Outcome decide(AuthResult.Success ok, Resource project, boolean write) {
    if (ok == null) {
      return ProjectAccess.Outcome.NOT_FOUND;
    }
    if (ok.via() instanceof AuthResult.Via.Token token && token.resource() != null
        && !projects.reaches(token.resource(), project.ref())) {
      return ProjectAccess.Outcome.NOT_FOUND;
    }
    boolean readScope = READ.isMetBy(ok.scopes());
    boolean writeScope = WRITE.isMetBy(ok.scopes());
    boolean canRead;
    boolean canWrite;
    if (!(ok.principal() instanceof Principal.Account account)) {
      canRead = readScope;
      canWrite = writeScope;
    } else {
      User user = account.user();
      if (user.blocked()) {
        return ProjectAccess.Outcome.NOT_FOUND;
      }
      Role role = user.admin() ? Role.OWNER : projects.effectiveRole(user.id(), project).orElse(null);
      canRead = readScope && role != null && role.atLeast(Role.REPORTER);
      canWrite = writeScope && role != null && role.atLeast(Role.DEVELOPER);
    }
    if (!canRead) {
      return ProjectAccess.Outcome.NOT_FOUND;
    }
    return !write || canWrite ? ProjectAccess.Outcome.ALLOWED : ProjectAccess.Outcome.FORBIDDEN;
  }
}
