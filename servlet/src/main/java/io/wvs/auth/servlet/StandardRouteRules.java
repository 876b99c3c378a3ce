package io.wvs.auth.servlet;

import io.wvs.auth.Channel;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The platform's routes; see {@link RouteRules#standard(io.wvs.auth.WvsAuth)}. Thread-safe. */
final class StandardRouteRules implements RouteRules {
  /** A namespace or project path segment as the platform allows it. */
  private static final Pattern NAMESPACE_SEGMENT = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}");
  private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,18}");
  private static final ScopeRequirement READ_USER = ScopeRequirement.anyOf(Scope.READ_USER);
  private static final ScopeRequirement READ_PACKAGES = ScopeRequirement.anyOf(Scope.READ_PACKAGE_REGISTRY);
  private static final ScopeRequirement WRITE_PACKAGES = ScopeRequirement.anyOf(Scope.WRITE_PACKAGE_REGISTRY);
  /** The registry token service: any registry scope; the service grants per repository. */
  private static final ScopeRequirement ANY_REGISTRY =
      ScopeRequirement.anyOf(Scope.READ_REGISTRY, Scope.WRITE_REGISTRY);

  private final ResourceDirectory directory;

  StandardRouteRules(ResourceDirectory directory) {
    this.directory = directory;
  }

  @Override
  public AccessRule ruleFor(HttpServletRequest request) {
    Optional<RequestPath> parsed = RequestPath.of(request);
    if (parsed.isEmpty()) {
      return null;
    }
    RequestPath path = parsed.get();
    String method = request.getMethod() == null ? "" : request.getMethod().toUpperCase(Locale.ROOT);
    if (path.is(0, "api") && path.is(1, "v4")) {
      return apiRule(request, path, method);
    }
    if (path.size() == 2 && path.is(0, "jwt") && path.is(1, "auth") && !path.hasEncodedSlashOutside(-1)) {
      return new AccessRule(Channel.CONTAINER_REGISTRY, ANY_REGISTRY, null);
    }
    return gitRule(request, path, method);
  }

  private AccessRule apiRule(HttpServletRequest request, RequestPath path, String method) {
    boolean resourceRoute = path.is(2, "projects") || path.is(2, "groups");
    if (path.hasEncodedSlashOutside(resourceRoute ? 3 : -1)) {
      return null;
    }
    boolean safe = isSafe(method);
    if (resourceRoute && path.size() >= 4) {
      ResourceRef.Kind kind = path.is(2, "projects") ? ResourceRef.Kind.PROJECT : ResourceRef.Kind.GROUP;
      String id = path.get(3);
      if (!NUMERIC_ID.matcher(id).matches() && !RequestPath.isSafeFullPath(id)) {
        return null;
      }
      ResourceRef resource = resolve(request, kind, id);
      boolean packages = kind == ResourceRef.Kind.PROJECT
          ? path.is(4, "packages")
          : path.is(4, "-") && path.is(5, "packages");
      if (packages) {
        return new AccessRule(Channel.PACKAGE_REGISTRY, safe ? READ_PACKAGES : WRITE_PACKAGES, resource);
      }
      return new AccessRule(Channel.API, apiScope(path, method), resource);
    }
    if (CredentialRevocation.isItsPath(path)) {
      // Anyone holding a leaked value may revoke it: no credential is read here, none needed.
      return null;
    }
    if (path.is(2, "packages")) {
      return new AccessRule(Channel.PACKAGE_REGISTRY, safe ? READ_PACKAGES : WRITE_PACKAGES, null);
    }
    ScopeRequirement declared = ApiRoutes.scopeFor(method, path);
    if (declared != null) {
      return new AccessRule(Channel.API, declared, null);
    }
    if (safe && (path.is(2, "user") || path.is(2, "users"))) {
      return new AccessRule(Channel.API, READ_USER, null);
    }
    return new AccessRule(Channel.API, ScopeRequirement.forApiMethod(method), null);
  }

  /**
   * The scope an API request needs: the one its endpoint declares in the token API's route table,
   * so the filter asks exactly what the endpoint expects; for a path no endpoint answers, what the
   * method asks ({@code read_api} to read, {@code api} to write).
   */
  private static ScopeRequirement apiScope(RequestPath path, String method) {
    ScopeRequirement declared = ApiRoutes.scopeFor(method, path);
    return declared != null ? declared : ScopeRequirement.forApiMethod(method);
  }

  private AccessRule gitRule(HttpServletRequest request, RequestPath path, String method) {
    if (path.hasEncodedSlashOutside(-1)) {
      return null;
    }
    int repo = -1;
    for (int i = 1; i < path.size(); i++) {
      String s = path.get(i);
      if (s.length() > 4 && s.endsWith(".git")) {
        repo = i;
        break;
      }
    }
    if (repo < 0) {
      return null;
    }
    StringBuilder fullPath = new StringBuilder();
    for (int i = 0; i <= repo; i++) {
      String s = i == repo ? path.get(i).substring(0, path.get(i).length() - 4) : path.get(i);
      if (!NAMESPACE_SEGMENT.matcher(s).matches()) {
        return null;
      }
      fullPath.append(i == 0 ? "" : "/").append(s);
    }
    List<String> rest = path.segments().subList(repo + 1, path.size());
    ScopeRequirement requirement = gitRequirement(rest, method, request);
    return new AccessRule(Channel.GIT_HTTP, requirement,
        resolvePath(request, ResourceRef.Kind.PROJECT, fullPath.toString()));
  }

  private static ScopeRequirement gitRequirement(List<String> rest, String method,
      HttpServletRequest request) {
    boolean safe = isSafe(method);
    if (rest.equals(List.of("info", "refs"))) {
      // Advertising receive-pack is the first step of a push: ask for push rights up front, as
      // the platform does, so a read-only token fails before the client sends its pack.
      // A query string too long or malformed to read might still ask for receive-pack: assume it does.
      Map<String, List<String>> params = RequestPath.query(request);
      boolean push = params == null || params.getOrDefault("service", List.of()).contains("git-receive-pack");
      return push ? ScopeRequirement.gitPush() : ScopeRequirement.gitPull();
    }
    if (rest.equals(List.of("git-upload-pack"))) {
      return ScopeRequirement.gitPull();
    }
    if (rest.equals(List.of("git-receive-pack"))) {
      return ScopeRequirement.gitPush();
    }
    if (rest.equals(List.of("info", "lfs", "objects", "batch"))) {
      // The batch API answers downloads and uploads alike; the upload itself (a PUT) needs push.
      return ScopeRequirement.gitPull();
    }
    if (rest.size() >= 3 && rest.get(0).equals("info") && rest.get(1).equals("lfs")
        && rest.get(2).equals("locks")) {
      return ScopeRequirement.gitPush();
    }
    return safe ? ScopeRequirement.gitPull() : ScopeRequirement.gitPush();
  }

  private ResourceRef resolve(HttpServletRequest request, ResourceRef.Kind kind, String id) {
    if (NUMERIC_ID.matcher(id).matches()) {
      long value = Long.parseLong(id);
      return value > 0 ? new ResourceRef(kind, value) : null;
    }
    return resolvePath(request, kind, id);
  }

  /**
   * The resource with {@code fullPath}, if the directory knows one of {@code kind}. It is looked up
   * once per request: the resource found is kept on the request
   * ({@link WvsAuthFilter#RESOURCE_ATTRIBUTE}), so neither the token API nor the host looks it up
   * again.
   */
  private ResourceRef resolvePath(HttpServletRequest request, ResourceRef.Kind kind, String fullPath) {
    // The directory is the guarded one: a failure there is already a StoreUnavailableException.
    Optional<Resource> found = directory.findResourceByPath(fullPath).filter(r -> r.ref().kind() == kind);
    found.ifPresent(r -> request.setAttribute(WvsAuthFilter.RESOURCE_ATTRIBUTE, r));
    return found.map(Resource::ref).orElse(null);
  }

  static boolean isSafe(String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  @Override
  public String toString() {
    return "RouteRules.standard(" + directory.getClass().getSimpleName() + ")";
  }
}
