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
import java.util.Objects;
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

  /**
   * Recent decisions that follow from the method and the path alone, by URI: an API, package or
   * registry route that names no project or group, so no directory lookup and no query parameter
   * goes into it. A URI decided again (the next {@code GET /api/v4/user}) costs one comparison of
   * its URI, context path and method instead of a parse and a walk of the route table. Direct
   * mapped and shared without a lock, as {@link RecentRequestPaths} is: bounded, and a lost update
   * costs a decision, never a wrong one. Shared by every instance: what it holds does not depend
   * on the directory.
   */
  private static final Decided[] DECIDED = new Decided[RecentRequestPaths.SLOTS];

  /** A request URI, context path and upper-case method, and the rule they alone decide. */
  private record Decided(String uri, String context, String method, AccessRule rule) {
    boolean isFor(String uri, String context, String method) {
      return this.uri.equals(uri) && this.method.equals(method) && Objects.equals(this.context, context);
    }
  }

  private final ResourceDirectory directory;

  StandardRouteRules(ResourceDirectory directory) {
    this.directory = directory;
  }

  @Override
  public AccessRule ruleFor(HttpServletRequest request) {
    String uri = request.getRequestURI();
    if (uri == null) {
      return null;
    }
    String context = request.getContextPath();
    String method = upperCase(request.getMethod());
    int slot = RecentRequestPaths.slot(uri);
    Decided decided = DECIDED[slot];
    if (decided != null && decided.isFor(uri, context, method)) {
      return decided.rule();
    }
    Optional<RequestPath> parsed = RecentRequestPaths.of(uri, context);
    if (parsed.isEmpty()) {
      return null;
    }
    RequestPath path = parsed.get();
    if (path.is(0, "api") && path.is(1, "v4")) {
      if ((path.is(2, "projects") || path.is(2, "groups")) && path.size() >= 4) {
        return resourceRule(request, path, method);
      }
      return remembered(slot, uri, context, method, apiRule(path, method));
    }
    if (path.size() == 2 && path.is(0, "jwt") && path.is(1, "auth") && !path.hasEncodedSlashOutside(-1)) {
      return remembered(slot, uri, context, method, new AccessRule(Channel.CONTAINER_REGISTRY, ANY_REGISTRY, null));
    }
    return gitRule(request, path, method);
  }

  /** {@code rule}, kept for {@code uri} when there is one and the URI is short enough to keep. */
  private static AccessRule remembered(int slot, String uri, String context, String method, AccessRule rule) {
    if (rule != null && uri.length() <= RecentRequestPaths.MAX_LENGTH) {
      DECIDED[slot] = new Decided(uri, context, method, rule);
    }
    return rule;
  }

  /**
   * {@code method} in upper case ({@code ""} for none): the same string when it already is, as
   * containers hand it, so the usual request costs no conversion.
   */
  static String upperCase(String method) {
    if (method == null) {
      return "";
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c < 'A' || c > 'Z') {
        return method.toUpperCase(Locale.ROOT);
      }
    }
    return method;
  }

  /** {@code /api/v4/projects/:id/…} and {@code /api/v4/groups/:id/…}: the rule names the resource. */
  private AccessRule resourceRule(HttpServletRequest request, RequestPath path, String method) {
    if (path.hasEncodedSlashOutside(3)) {
      return null;
    }
    boolean safe = isSafe(method);
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

  /**
   * An {@code /api/v4/…} route that names no project or group; decided by the method and path
   * alone.
   */
  private static AccessRule apiRule(RequestPath path, String method) {
    if (path.hasEncodedSlashOutside(-1)) {
      return null;
    }
    if (CredentialRevocation.isItsPath(path)) {
      // Anyone holding a leaked value may revoke it: no credential is read here, none needed.
      return null;
    }
    boolean safe = isSafe(method);
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
