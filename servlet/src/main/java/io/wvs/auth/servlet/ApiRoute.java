package io.wvs.auth.servlet;

import io.wvs.auth.ScopeRequirement;
import java.io.IOException;
import java.util.List;

/**
 * One endpoint of the token API, declared where its handler is: the method, the path pattern under
 * {@code /api/v4} ({@code :name} matches any one segment, {@code a|b} either word), the scope the
 * token needs, and the handler. The route rules read the scope from the same declaration
 * ({@link ApiRoutes#scopeFor}), so the filter and the endpoint cannot disagree.
 */
record ApiRoute(String method, List<String> pattern, ScopeRequirement scope, Handler handler) {
  /** Answers one call of the endpoint. */
  @FunctionalInterface
  interface Handler {
    Reply handle(ApiCall call) throws ApiException, IOException;
  }

  static ApiRoute of(String method, String pattern, ScopeRequirement scope, Handler handler) {
    return new ApiRoute(method, List.of(pattern.split("/")), scope, handler);
  }

  /** Whether {@code segments} (the path after {@code /api/v4}) has this route's shape. */
  boolean matches(List<String> segments) {
    if (segments.size() != pattern.size()) {
      return false;
    }
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      String s = segments.get(i);
      if (p.startsWith(":")) {
        continue;
      }
      if (p.contains("|") ? !List.of(p.split("\\|")).contains(s) : !p.equals(s)) {
        return false;
      }
    }
    return true;
  }
}
