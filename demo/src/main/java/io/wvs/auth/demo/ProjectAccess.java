package io.wvs.auth.demo;

import io.wvs.auth.AuthResult;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.servlet.WvsAuthFilter;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * What an authenticated principal may do with a project's repository, as the platform decides for
 * a private project: the token must hold the scope (pull: {@code read_repository}, push:
 * {@code write_repository}, {@code api} implies both); users need the Reporter role to pull and
 * the Developer role to push, directly or through a parent group (administrators may do both); a
 * project or group token, or a deploy token, reaches only its own project, or its group's projects
 * and subgroups. The wvs-auth filter has checked the token itself; this is the host's part of the
 * decision, which the library leaves to it.
 */
final class ProjectAccess {
  /** What the request wants. */
  enum Need {
    PULL,
    PUSH
  }

  /** The decision: allowed, hidden (404, as the platform answers for a project you cannot see), or refused (403). */
  enum Outcome {
    ALLOWED,
    NOT_FOUND,
    FORBIDDEN
  }

  private static final String ROLE_ATTRIBUTE = ProjectAccess.class.getName() + ".role:";

  private final ResourceDirectory resources;

  /** Decides through {@code auth}'s guarded directories: a host failure is a StoreUnavailableException. */
  ProjectAccess(WvsAuth auth) {
    this.resources = auth.resourceDirectory();
  }

  /**
   * The project at {@code fullPath}: the one the filter's route decision resolved for this request,
   * or else looked up.
   */
  static Optional<Resource> projectOf(HttpServletRequest req, ResourceDirectory directory, String fullPath) {
    if (req.getAttribute(WvsAuthFilter.RESOURCE_ATTRIBUTE) instanceof Resource resolved
        && resolved.ref().kind() == ResourceRef.Kind.PROJECT && resolved.fullPath().equals(fullPath)) {
      return Optional.of(resolved);
    }
    return directory.findResourceByPath(fullPath).filter(r -> r.ref().kind() == ResourceRef.Kind.PROJECT);
  }

  /**
   * Whether {@code ok} may {@code need} the repository of {@code project}. The user's role is
   * looked up once per request (git asks for pull and push, and again when the pack is served).
   */
  Outcome decide(HttpServletRequest req, AuthResult.Success ok, Resource project, Need need) {
    if (ok == null) {
      return Outcome.NOT_FOUND;
    }
    boolean pullScope = ScopeRequirement.gitPull().isMetBy(ok.scopes());
    boolean pushScope = ScopeRequirement.gitPush().isMetBy(ok.scopes());
    if (ok.via() instanceof AuthResult.Via.Token token && token.resource() != null
        && !reaches(token.resource(), project.ref())) {
      return Outcome.NOT_FOUND;
    }
    boolean canPull;
    boolean canPush;
    if (!(ok.principal() instanceof Principal.Account account)) {
      canPull = pullScope;
      canPush = pushScope;
    } else {
      // The user as the authenticator loaded it for this request: no second lookup.
      User user = account.user();
      if (user.blocked()) {
        return Outcome.NOT_FOUND;
      }
      Role role = user.admin() ? Role.OWNER : roleOnce(req, user.id(), project);
      canPull = pullScope && role != null && role.atLeast(Role.REPORTER);
      canPush = pushScope && role != null && role.atLeast(Role.DEVELOPER);
    }
    if (!canPull) {
      return Outcome.NOT_FOUND;
    }
    if (need == Need.PUSH && !canPush) {
      return Outcome.FORBIDDEN;
    }
    return Outcome.ALLOWED;
  }

  private Role roleOnce(HttpServletRequest req, long userId, Resource project) {
    String key = ROLE_ATTRIBUTE + project.ref().id() + ":" + userId;
    if (req.getAttribute(key) instanceof Optional<?> known) {
      return (Role) known.orElse(null);
    }
    Optional<Role> role = effectiveRole(userId, project);
    req.setAttribute(key, role);
    return role.orElse(null);
  }

  /**
   * The highest direct role of {@code userId} on {@code project} or any of its parent groups, in
   * one walk up that stops at Developer (enough to pull and push: nothing higher changes the
   * decision).
   */
  Optional<Role> effectiveRole(long userId, Resource project) {
    Role best = null;
    ResourceRef at = project.ref();
    for (int depth = 0; at != null && depth < 64; depth++) {
      Optional<Role> direct = resources.directRole(userId, at);
      if (direct.isPresent() && (best == null || direct.get().atLeast(best))) {
        best = direct.get();
        if (best.atLeast(Role.DEVELOPER)) {
          break;
        }
      }
      // The project's parent is known; a group's is looked up only when the walk goes above it.
      at = depth == 0 ? project.parent() : resources.findResource(at).map(Resource::parent).orElse(null);
    }
    return Optional.ofNullable(best);
  }

  /** Whether a token of {@code owner} reaches {@code target}: the same resource, or an ancestor group. */
  boolean reaches(ResourceRef owner, ResourceRef target) {
    ResourceRef at = target;
    for (int depth = 0; at != null && depth < 64; depth++) {
      if (at.equals(owner)) {
        return true;
      }
      at = resources.findResource(at).map(Resource::parent).orElse(null);
    }
    return false;
  }
}
