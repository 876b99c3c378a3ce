package io.wvs.auth.servlet;

import io.wvs.auth.ScopeRequirement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint of the token API, declared where its handler is: the method, the path pattern under
 * {@code /api/v4} ({@code :name} matches any one segment, {@code a|b} either word), the scope the
 * token needs, and the handler. The pattern is kept split: per segment, the words it accepts (none
 * for a {@code :name}, which accepts any). The route rules read the scope from the same declaration
 * ({@link ApiRoutes#scopeFor}), so the filter and the endpoint cannot disagree.
 */
record ApiRoute(String method, List<List<String>> pattern, ScopeRequirement scope, Handler handler) {
  /** Answers one call of the endpoint. */
  @FunctionalInterface
  interface Handler {
    Reply handle(ApiCall call) throws ApiException, IOException;
  }

  static ApiRoute of(String method, String pattern, ScopeRequirement scope, Handler handler) {
    List<List<String>> segments = new ArrayList<>();
    for (String p : pattern.split("/")) {
      segments.add(p.startsWith(":") ? List.of() : List.of(p.split("\\|")));
    }
    return new ApiRoute(method, List.copyOf(segments), scope, handler);
  }

  /**
   * Whether the segments of {@code path} from {@code from} on (the path after {@code /api/v4} for
   * {@code from} 2) have this route's shape.
   */
  boolean matches(RequestPath path, int from) {
    if (path.size() - from != pattern.size()) {
      return false;
    }
    for (int i = 0; i < pattern.size(); i++) {
      List<String> words = pattern.get(i);
      if (!words.isEmpty() && !words.contains(path.get(from + i))) {
        return false;
      }
    }
    return true;
  }
}
