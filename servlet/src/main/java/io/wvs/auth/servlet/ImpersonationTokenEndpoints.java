package io.wvs.auth.servlet;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.spi.User;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** {@code /users/:id/impersonation_tokens}: list, get, create, revoke (administrators). */
final class ImpersonationTokenEndpoints {
  private static final String TOKENS = "users/:user/impersonation_tokens";

  static final List<ApiRoute> ROUTES = List.of(
      ApiRoute.of("GET", TOKENS, ApiRoutes.READ_USER, ImpersonationTokenEndpoints::list),
      ApiRoute.of("POST", TOKENS, ApiRoutes.API, ImpersonationTokenEndpoints::create),
      ApiRoute.of("GET", TOKENS + "/:id", ApiRoutes.READ_USER, ImpersonationTokenEndpoints::get),
      ApiRoute.of("DELETE", TOKENS + "/:id", ApiRoutes.API, ImpersonationTokenEndpoints::revoke));

  private ImpersonationTokenEndpoints() {}

  static Reply list(ApiCall call) throws ApiException, IOException {
    call.requireAdmin();
    User user = call.userById(call.segment(1));
    ApiParams p = call.params();
    List<TokenView> views = TokenLists.filterState(
        call.auth.personalTokens().listImpersonation(call.actor(), user.id()), p);
    return TokenLists.pageOf(views, p, call, TokenJson::impersonation);
  }

  static Reply create(ApiCall call) throws ApiException, IOException {
    call.requireAdmin();
    User user = call.userById(call.segment(1));
    TokenSpec spec = ApiForms.tokenSpec(call.params(), TokenType.IMPERSONATION);
    CreatedToken created = call.auth.personalTokens().createImpersonation(call.actor(), user.id(), spec);
    return Reply.created(TokenJson.withToken(TokenJson.impersonation(created.token()), created.value()));
  }

  static Reply get(ApiCall call) throws ApiException {
    return Reply.ok(TokenJson.impersonation(token(call)));
  }

  static Reply revoke(ApiCall call) throws ApiException {
    call.auth.personalTokens().revoke(call.actor(), token(call).id());
    return Reply.noContent();
  }

  private static TokenView token(ApiCall call) throws ApiException {
    call.requireAdmin();
    User user = call.userById(call.segment(1));
    String segment = call.segment(3);
    ApiException notFound = ApiException.notFound("Impersonation Token");
    if (!ApiCall.ID.matcher(segment).matches()) {
      throw notFound;
    }
    TokenView token;
    try {
      token = call.auth.personalTokens().get(call.actor(), Long.parseLong(segment));
    } catch (TokenNotFoundException e) {
      throw notFound;
    }
    if (!token.impersonation() || !Objects.equals(token.userId(), user.id())) {
      throw notFound;
    }
    return token;
  }
}
