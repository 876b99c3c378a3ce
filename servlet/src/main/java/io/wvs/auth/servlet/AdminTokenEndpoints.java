package io.wvs.auth.servlet;

import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Leak response for administrators: {@code POST /admin/token} looks a token of any type up by its
 * value, {@code DELETE /admin/token} revokes it (204). The value comes in the JSON or form body as
 * {@code token}, never in the query string, and is never echoed.
 */
final class AdminTokenEndpoints {
  static final List<ApiRoute> ROUTES = List.of(
      ApiRoute.of("POST", "admin/token", ApiRoutes.API, AdminTokenEndpoints::inspect),
      ApiRoute.of("DELETE", "admin/token", ApiRoutes.API, AdminTokenEndpoints::revoke));

  private AdminTokenEndpoints() {}

  static Reply inspect(ApiCall call) throws ApiException, IOException {
    String value = value(call);
    TokenView v = call.auth.adminTokens().inspect(call.actor(), value)
        .orElseThrow(() -> new TokenNotFoundException("no token has this value"));
    return Reply.ok(json(call, v));
  }

  static Reply revoke(ApiCall call) throws ApiException, IOException {
    call.auth.adminTokens().revokeByValue(call.actor(), value(call));
    return Reply.noContent();
  }

  /** The token's JSON as its own endpoints show it, with its type and resource added. */
  private static Map<String, Object> json(ApiCall call, TokenView v) {
    Map<String, Object> m = switch (v.type()) {
      case PERSONAL -> TokenJson.personal(v);
      case IMPERSONATION -> TokenJson.impersonation(v);
      case PROJECT_ACCESS, GROUP_ACCESS -> TokenJson.resource(v, call.accessLevel(v));
      case DEPLOY -> TokenJson.deploy(v, call.auth.clock().instant());
    };
    m.put("token_type", TokenJson.typeName(v.type()));
    m.put("resource", v.resource() == null ? null
        : Map.of("type", v.resource().kind().name().toLowerCase(java.util.Locale.ROOT),
            "id", v.resource().id()));
    return m;
  }

  /** The administrator and the value from the body; a value in the query string is refused. */
  private static String value(ApiCall call) throws ApiException, IOException {
    call.requireAdmin();
    if (RequestPath.query(call.request) != null && RequestPath.query(call.request).containsKey("token")) {
      // A value in a URL ends up in access logs and proxies' histories: refused, never read.
      throw ApiException.badRequest("the token goes in the request body, never in the URL");
    }
    String value = call.params().string("token");
    if (value == null || value.isEmpty()) {
      throw ApiException.invalidParameter("token is missing");
    }
    return value;
  }
}
