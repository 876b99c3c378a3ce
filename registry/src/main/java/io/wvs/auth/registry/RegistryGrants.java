package io.wvs.auth.registry;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a credential may do with one repository. The token itself (type on the registry channel,
 * revocation, expiry, deploy-token username, the project or group a project, group or deploy
 * token reaches, the owner not blocked) is decided by the core authenticator for that project;
 * then pull needs {@code read_registry} and push {@code write_registry} (closed under implication:
 * {@code api} implies both, {@code read_api} pull), and a user or bot user also needs a role on
 * the project, directly or through a parent group: Reporter to pull, Developer to push
 * (administrators may both). Anything else is granted nothing. Thread-safe.
 */
final class RegistryGrants {
  static final String PULL = "pull";
  static final String PUSH = "push";
  /** Met by a credential that could use the registry at all. */
  static final ScopeRequirement ANY_REGISTRY = ScopeRequirement.anyOf(Scope.READ_REGISTRY, Scope.WRITE_REGISTRY);
  private static final ScopeRequirement PULL_SCOPE = ScopeRequirement.anyOf(Scope.READ_REGISTRY);
  private static final ScopeRequirement PUSH_SCOPE = ScopeRequirement.anyOf(Scope.WRITE_REGISTRY);
  /** Extra path components an image name may have below its project's path. */
  private static final int MAX_IMAGE_DEPTH = 3;
  private static final int MAX_PARENT_DEPTH = 64;

  private final WvsAuth auth;
  private final ResourceDirectory resources;

  RegistryGrants(WvsAuth auth) {
    this.auth = auth;
    this.resources = auth.resourceDirectory();
  }

  /** The login check: the credential is a token usable on the registry with a registry scope. */
  AuthResult login(String username, String secret) {
    return auth.authenticator().authenticate(request(username, secret, null));
  }

  /**
   * The actions of {@code scope} the credential may perform, in the order asked.
   *
   * @throws StoreUnavailableException when the store or directory cannot answer
   */
  List<String> grant(String username, String secret, RegistryScope scope) {
    if (!scope.isRepository()) {
      return List.of();
    }
    Optional<Resource> project = projectOf(scope.name());
    if (project.isEmpty()) {
      return List.of();
    }
    AuthResult result = auth.authenticator().authenticate(request(username, secret, project.get().ref()));
    if (result instanceof AuthResult.Failure failure) {
      if (failure.reason() == FailureReason.STORE_UNAVAILABLE) {
        throw new StoreUnavailableException("the token store is unavailable");
      }
      return List.of();
    }
    AuthResult.Success ok = (AuthResult.Success) result;
    boolean pull = PULL_SCOPE.isMetBy(ok.scopes());
    boolean push = PUSH_SCOPE.isMetBy(ok.scopes());
    if (ok.principal() instanceof Principal.Account account) {
      Role role = roleOf(account.user(), project.get());
      pull &= role != null && role.atLeast(Role.REPORTER);
      push &= role != null && role.atLeast(Role.DEVELOPER);
    }
    List<String> granted = new ArrayList<>(2);
    for (String action : scope.actions()) {
      if ((action.equals(PULL) && pull) || (action.equals(PUSH) && push)) {
        granted.add(action);
      }
    }
    return List.copyOf(granted);
  }

  private static AuthRequest request(String username, String secret, ResourceRef project) {
    return AuthRequest.builder(secret).channel(Channel.CONTAINER_REGISTRY).username(username)
        .require(ANY_REGISTRY).resource(project).build();
  }

  /**
   * The project a repository name belongs to: the name itself, or the name without up to
   * {@value #MAX_IMAGE_DEPTH} trailing image components, whichever is a project (longest first).
   */
  Optional<Resource> projectOf(String name) {
    String candidate = name;
    for (int dropped = 0; dropped <= MAX_IMAGE_DEPTH; dropped++) {
      int slash = candidate.lastIndexOf('/');
      if (slash < 0) {
        return Optional.empty(); // a project always sits in a namespace
      }
      Optional<Resource> found = resources.findResourceByPath(candidate)
          .filter(r -> r.ref().kind() == ResourceRef.Kind.PROJECT);
      if (found.isPresent()) {
        return found;
      }
      candidate = candidate.substring(0, slash);
    }
    return Optional.empty();
  }

  /**
   * The user's role on the project: Owner for an administrator, else the highest direct role on
   * the project or a parent group (the walk stops at Developer, enough for every action).
   */
  private Role roleOf(User user, Resource project) {
    if (user.admin()) {
      return Role.OWNER;
    }
    Role best = null;
    ResourceRef at = project.ref();
    for (int depth = 0; at != null && depth < MAX_PARENT_DEPTH; depth++) {
      Optional<Role> direct = resources.directRole(user.id(), at);
      if (direct.isPresent() && (best == null || direct.get().atLeast(best))) {
        best = direct.get();
        if (best.atLeast(Role.DEVELOPER)) {
          break;
        }
      }
      at = depth == 0 ? project.parent() : resources.findResource(at).map(Resource::parent).orElse(null);
    }
    return best;
  }
}
