package io.wvs.auth.servlet;

import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.spi.Resource;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code /projects/:id/access_tokens} and {@code /groups/:id/access_tokens}: list, get, create,
 * revoke, rotate, and {@code self/rotate} for the token itself.
 */
final class AccessTokenEndpoints {
  private static final String TOKENS = "projects|groups/:id/access_tokens";

  static final List<ApiRoute> ROUTES = List.of(
      ApiRoute.of("GET", TOKENS, ApiRoutes.READ_API, AccessTokenEndpoints::list),
      ApiRoute.of("POST", TOKENS, ApiRoutes.API, AccessTokenEndpoints::create),
      ApiRoute.of("GET", TOKENS + "/:token", ApiRoutes.READ_API, AccessTokenEndpoints::get),
      ApiRoute.of("DELETE", TOKENS + "/:token", ApiRoutes.API, AccessTokenEndpoints::revoke),
      ApiRoute.of("POST", TOKENS + "/self/rotate", ApiRoutes.SELF_ROTATION, AccessTokenEndpoints::rotateSelf),
      ApiRoute.of("POST", TOKENS + "/:token/rotate", ApiRoutes.API, AccessTokenEndpoints::rotate));

  private AccessTokenEndpoints() {}

  static Reply list(ApiCall call) throws ApiException, IOException {
    Resource resource = call.resource();
    ApiParams p = call.params();
    // The acting user and the resource as loaded in this decision: neither is looked up again.
    List<TokenView> views =
        TokenLists.filterAndSort(call.auth.resourceTokens().list(call.actorUser(), resource), p);
    return TokenLists.pageOf(views, p, call, v -> TokenJson.resource(v, call.accessLevel(v)));
  }

  static Reply create(ApiCall call) throws ApiException, IOException {
    ResourceRef resource = call.resource().ref();
    ApiParams p = call.params();
    TokenSpec spec = ApiForms.tokenSpec(p, TokenType.accessTokenOf(resource.kind()));
    Role role = ApiForms.accessLevelParam(p);
    CreatedToken created = call.auth.resourceTokens().create(call.actor(), resource, spec, role);
    int level = (role == null ? Role.MAINTAINER : role).accessLevel();
    return Reply.created(TokenJson.withToken(TokenJson.resource(created.token(), level), created.value()));
  }

  static Reply get(ApiCall call) throws ApiException {
    ResourceRef resource = call.resource().ref();
    TokenView v = call.auth.resourceTokens().get(call.actor(), resource, tokenId(call, resource));
    return Reply.ok(TokenJson.resource(v, call.accessLevel(v)));
  }

  static Reply revoke(ApiCall call) throws ApiException {
    ResourceRef resource = call.resource().ref();
    call.auth.resourceTokens().revoke(call.actor(), resource, tokenId(call, resource));
    return Reply.noContent();
  }

  static Reply rotate(ApiCall call) throws ApiException, IOException {
    ResourceRef resource = call.resource().ref();
    long id = tokenId(call, resource);
    LocalDate expires = call.params().date("expires_at");
    CreatedToken created = call.auth.resourceTokens().rotate(call.actor(), resource, id, expires);
    return Reply.ok(TokenJson.withToken(
        TokenJson.resource(created.token(), call.accessLevel(created.token())), created.value()));
  }

  /**
   * The project or group token the request authenticated with rotates itself, on its own
   * resource, with {@code api} or {@code self_rotate}; the successor keeps the bot and its role.
   */
  static Reply rotateSelf(ApiCall call) throws ApiException, IOException {
    ResourceRef resource = call.resource().ref();
    LocalDate expires = call.params().date("expires_at");
    CreatedToken created = call.auth.resourceTokens().rotateSelf(call.success, resource, expires);
    return Reply.ok(TokenJson.withToken(
        TokenJson.resource(created.token(), call.accessLevel(created.token())), created.value()));
  }

  private static long tokenId(ApiCall call, ResourceRef resource) throws ApiException {
    String segment = call.segment(3);
    if (segment.equals("self") && call.success.via() instanceof AuthResult.Via.Token t
        && t.type() == TokenType.accessTokenOf(resource.kind())) {
      return t.id();
    }
    if (!ApiCall.ID.matcher(segment).matches()) {
      throw ApiException.notFound("Token");
    }
    return Long.parseLong(segment);
  }
}
