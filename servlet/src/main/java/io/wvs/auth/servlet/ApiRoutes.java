package io.wvs.auth.servlet;

import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import java.util.ArrayList;
import java.util.List;

/**
 * The route table of the token API: every endpoint family's routes, in one list. Where two routes
 * have the shape of one path (a {@code self} route and its {@code :id} route), the first one
 * listed answers: each family lists its {@code self} routes first.
 */
final class ApiRoutes {
  static final ScopeRequirement READ_API = ScopeRequirement.forApiMethod("GET");
  static final ScopeRequirement API = ScopeRequirement.forApiMethod("POST");
  static final ScopeRequirement READ_USER = ScopeRequirement.anyOf(Scope.READ_USER);
  /** A token rotating itself: {@code api} or {@code self_rotate}. */
  static final ScopeRequirement SELF_ROTATION = ScopeRequirement.selfRotation();

  static final List<ApiRoute> TABLE = table();

  private ApiRoutes() {}

  private static List<ApiRoute> table() {
    List<ApiRoute> all = new ArrayList<>();
    all.addAll(UserEndpoints.ROUTES);
    all.addAll(PersonalTokenEndpoints.ROUTES);
    all.addAll(ImpersonationTokenEndpoints.ROUTES);
    all.addAll(AccessTokenEndpoints.ROUTES);
    all.addAll(DeployTokenEndpoints.ROUTES);
    all.addAll(AdminTokenEndpoints.ROUTES);
    return List.copyOf(all);
  }

  /**
   * The scope a token needs for {@code method} (in upper case) on {@code path} (an
   * {@code /api/v4/…} path), as the matching endpoint declares it; null when no endpoint answers
   * that method there. {@code HEAD} is answered as {@code GET}.
   */
  static ScopeRequirement scopeFor(String method, RequestPath path) {
    String asked = method.equals("HEAD") ? "GET" : method;
    for (ApiRoute route : TABLE) {
      if (route.method().equals(asked) && route.matches(path, 2)) {
        return route.scope();
      }
    }
    return null;
  }
}
