package io.wvs.auth.servlet;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenView;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /projects/:id/deploy_tokens} and {@code /groups/:id/deploy_tokens} (list, get, create,
 * delete, rotate), and {@code GET /deploy_tokens} (administrators).
 */
final class DeployTokenEndpoints {
  private static final String TOKENS = "projects|groups/:id/deploy_tokens";

  static final List<ApiRoute> ROUTES = List.of(
      ApiRoute.of("GET", TOKENS, ApiRoutes.READ_API, DeployTokenEndpoints::list),
      ApiRoute.of("POST", TOKENS, ApiRoutes.API, DeployTokenEndpoints::create),
      ApiRoute.of("GET", TOKENS + "/:token", ApiRoutes.READ_API, DeployTokenEndpoints::get),
      ApiRoute.of("DELETE", TOKENS + "/:token", ApiRoutes.API, DeployTokenEndpoints::revoke),
      ApiRoute.of("POST", TOKENS + "/:token/rotate", ApiRoutes.API, DeployTokenEndpoints::rotate),
      ApiRoute.of("GET", "deploy_tokens", ApiRoutes.READ_API, DeployTokenEndpoints::listAll));

  private DeployTokenEndpoints() {}

  static Reply listAll(ApiCall call) throws ApiException, IOException {
    ApiParams p = call.params();
    List<TokenView> all = TokenLists.filterActive(call.auth.deployTokens().listAll(call.actor()), p);
    return Reply.ok(json(call, TokenLists.page(all, p, call.request, call.response)));
  }

  static Reply list(ApiCall call) throws ApiException, IOException {
    ResourceRef resource = call.resource().ref();
    ApiParams p = call.params();
    List<TokenView> views = TokenLists.filterActive(call.auth.deployTokens().list(call.actor(), resource), p);
    return Reply.ok(json(call, TokenLists.page(views, p, call.request, call.response)));
  }

  static Reply create(ApiCall call) throws ApiException, IOException {
    ResourceRef resource = call.resource().ref();
    DeployTokenSpec spec = ApiForms.deploySpec(call.params());
    CreatedToken created = call.auth.deployTokens().create(call.actor(), resource, spec);
    return Reply.created(TokenJson.withToken(TokenJson.deploy(created.token(), call.auth.clock().instant()),
        created.value()));
  }

  static Reply get(ApiCall call) throws ApiException {
    ResourceRef resource = call.resource().ref();
    TokenView v = call.auth.deployTokens().get(call.actor(), resource, tokenId(call));
    return Reply.ok(TokenJson.deploy(v, call.auth.clock().instant()));
  }

  static Reply revoke(ApiCall call) throws ApiException {
    ResourceRef resource = call.resource().ref();
    call.auth.deployTokens().revoke(call.actor(), resource, tokenId(call));
    return Reply.noContent();
  }

  /**
   * A maintainer rotates a deploy token: the successor keeps username, name, description and
   * scopes, and the predecessor's expiry unless {@code expires_at} is given.
   */
  static Reply rotate(ApiCall call) throws ApiException, IOException {
    ResourceRef resource = call.resource().ref();
    long id = tokenId(call);
    LocalDate expires = call.params().date("expires_at");
    CreatedToken created = call.auth.deployTokens().rotate(call.actor(), resource, id, expires);
    return Reply.ok(TokenJson.withToken(TokenJson.deploy(created.token(), call.auth.clock().instant()),
        created.value()));
  }

  private static long tokenId(ApiCall call) throws ApiException {
    if (!ApiCall.ID.matcher(call.segment(3)).matches()) {
      throw ApiException.notFound("Token");
    }
    return Long.parseLong(call.segment(3));
  }

  private static List<Object> json(ApiCall call, List<TokenView> views) {
    List<Object> out = new ArrayList<>(views.size());
    for (TokenView v : views) {
      out.add(TokenJson.deploy(v, call.auth.clock().instant()));
    }
    return out;
  }
}
