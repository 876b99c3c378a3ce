package io.wvs.auth.servlet;

import io.wvs.auth.AuthResult;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.UserDirectory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One call of the token API: the request, the authentication result, the path after
 * {@code /api/v4}, and what endpoints share (parameters read once, the acting user as the
 * authenticator loaded it, the resource the route decision resolved).
 */
final class ApiCall {
  static final Pattern ID = Pattern.compile("[0-9]{1,18}");
  private static final int MAX_HIERARCHY_DEPTH = 64;

  final WvsAuth auth;
  final HttpServletRequest request;
  final HttpServletResponse response;
  /** The method, {@code HEAD} answered as {@code GET}. */
  final String method;
  final AuthResult.Success success;
  private final UserDirectory directory;
  private final ResourceDirectory resources;
  private final List<String> segments;
  private ApiParams params;

  ApiCall(WvsAuth auth, HttpServletRequest request, HttpServletResponse response, String method,
      AuthResult.Success success, List<String> segments) {
    this.auth = auth;
    this.directory = auth.userDirectory();
    this.resources = auth.resourceDirectory();
    this.request = request;
    this.response = response;
    this.method = method;
    this.success = success;
    this.segments = segments;
  }

  /** {@return the path segment at {@code index} after {@code /api/v4}} */
  String segment(int index) {
    return segments.get(index);
  }

  long actor() {
    return success.principal().id();
  }

  /** The query and body parameters, read once. */
  ApiParams params() throws ApiException, IOException {
    if (params == null) {
      params = ApiParams.read(request, !method.equals("GET"));
    }
    return params;
  }

  User actorUser() throws ApiException {
    User user = actorUserOrNull();
    if (user == null) {
      throw ApiException.unauthorized();
    }
    return user;
  }

  /** The acting user as the authenticator loaded it: no second directory lookup. */
  User actorUserOrNull() {
    return success.principal() instanceof Principal.Account account ? account.user() : null;
  }

  void requireAdmin() throws ApiException {
    if (!actorUser().admin()) {
      throw ApiException.forbidden();
    }
  }

  Optional<User> findUser(String idOrUsername) {
    if (ID.matcher(idOrUsername).matches()) {
      long id = Long.parseLong(idOrUsername);
      return id > 0 ? directory.findUser(id) : Optional.empty();
    }
    if (idOrUsername.length() > 255) {
      return Optional.empty();
    }
    return directory.findUserByUsername(idOrUsername);
  }

  User userById(String segment) throws ApiException {
    return findUser(segment).orElseThrow(() -> ApiException.notFound("User"));
  }

  /**
   * The project or group of a {@code /projects/:id/...} or {@code /groups/:id/...} route, visible to
   * the actor: the one the route decision resolved when it did, else looked up by id or path.
   */
  Resource resource() throws ApiException {
    ResourceRef.Kind kind = segment(0).equals("projects") ? ResourceRef.Kind.PROJECT : ResourceRef.Kind.GROUP;
    String segment = segment(1);
    ApiException notFound = ApiException.notFound(kind == ResourceRef.Kind.PROJECT ? "Project" : "Group");
    Optional<Resource> found;
    if (ID.matcher(segment).matches()) {
      long id = Long.parseLong(segment);
      if (id <= 0) {
        throw notFound;
      }
      found = resources.findResource(new ResourceRef(kind, id));
    } else if (RequestPath.isSafeFullPath(segment)) {
      found = resolvedByRoute(kind, segment);
      if (found.isEmpty()) {
        found = resources.findResourceByPath(segment);
      }
    } else {
      throw notFound;
    }
    if (found.isEmpty() || found.get().ref().kind() != kind || !canSee(actorUser(), found.get())) {
      throw notFound;
    }
    return found.get();
  }

  /** The resource the route rules already resolved for this request's path, if they did. */
  private Optional<Resource> resolvedByRoute(ResourceRef.Kind kind, String fullPath) {
    return request.getAttribute(WvsAuthFilter.RESOURCE_ATTRIBUTE) instanceof Resource r
        && r.ref().kind() == kind && r.fullPath().equals(fullPath) ? Optional.of(r) : Optional.empty();
  }

  /** Whether the actor is a member of the resource or a group above it (stops at the first). */
  private boolean canSee(User actor, Resource resource) {
    if (actor.admin()) {
      return true;
    }
    Resource current = resource;
    for (int depth = 0; current != null && depth < MAX_HIERARCHY_DEPTH; depth++) {
      ResourceRef ref = current.ref();
      if (resources.directRole(actor.id(), ref).isPresent()) {
        return true;
      }
      ResourceRef parent = current.parent();
      current = parent == null ? null : resources.findResource(parent).orElse(null);
    }
    return false;
  }

  /** The direct role of a token's bot user, as the platform's {@code access_level}. */
  Integer accessLevel(io.wvs.auth.TokenView v) {
    if (v.userId() == null || v.resource() == null) {
      return null;
    }
    return resources.directRole(v.userId(), v.resource()).map(io.wvs.auth.Role::accessLevel).orElse(null);
  }
}
