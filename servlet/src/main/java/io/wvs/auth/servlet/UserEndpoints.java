package io.wvs.auth.servlet;

import io.wvs.auth.spi.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /user}: the acting user, as the authenticator loaded it. */
final class UserEndpoints {
  static final List<ApiRoute> ROUTES = List.of(
      ApiRoute.of("GET", "user", ApiRoutes.READ_USER, UserEndpoints::currentUser));

  private UserEndpoints() {}

  static Reply currentUser(ApiCall call) throws ApiException {
    User user = call.actorUser();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", user.id());
    m.put("username", user.username());
    m.put("name", user.username());
    m.put("state", user.blocked() ? "blocked" : "active");
    m.put("bot", user.bot());
    m.put("is_admin", user.admin());
    m.put("two_factor_enabled", user.twoFactorEnabled());
    return Reply.ok(m);
  }
}
