package io.wvs.auth.servlet;

import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.spi.User;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /personal_access_tokens} (list with filters; {@code :id} and {@code self}: get, revoke,
 * rotate), {@code POST /users/:id/personal_access_tokens} (administrators) and
 * {@code POST /user/personal_access_tokens} (a user's own, with a personal token).
 */
final class PersonalTokenEndpoints {
  private static final String SELF = "self";

  static final List<ApiRoute> ROUTES = List.of(
      ApiRoute.of("GET", "personal_access_tokens", ApiRoutes.READ_API, PersonalTokenEndpoints::list),
      ApiRoute.of("GET", "personal_access_tokens/:id", ApiRoutes.READ_API, PersonalTokenEndpoints::get),
      ApiRoute.of("DELETE", "personal_access_tokens/:id", ApiRoutes.API, PersonalTokenEndpoints::revoke),
      ApiRoute.of("POST", "personal_access_tokens/self/rotate", ApiRoutes.SELF_ROTATION,
          PersonalTokenEndpoints::rotateSelf),
      ApiRoute.of("POST", "personal_access_tokens/:id/rotate", ApiRoutes.API, PersonalTokenEndpoints::rotate),
      ApiRoute.of("POST", "users/:user/personal_access_tokens", ApiRoutes.API,
          PersonalTokenEndpoints::createForUser),
      ApiRoute.of("POST", "user/personal_access_tokens", ApiRoutes.API, PersonalTokenEndpoints::createOwn));

  private PersonalTokenEndpoints() {}

  static Reply get(ApiCall call) throws ApiException {
    long id = tokenId(call, call.segment(1));
    return Reply.ok(TokenJson.personal(personal(call, () -> call.auth.personalTokens().get(call.actor(), id))));
  }

  static Reply revoke(ApiCall call) throws ApiException {
    long id = tokenId(call, call.segment(1));
    personal(call, () -> call.auth.personalTokens().revoke(call.actor(), id));
    return Reply.noContent();
  }

  static Reply rotate(ApiCall call) throws ApiException, IOException {
    long id = tokenId(call, call.segment(1));
    LocalDate expires = call.params().date("expires_at");
    CreatedToken created = personal(call, () -> call.auth.personalTokens().rotate(call.actor(), id, expires));
    return Reply.ok(TokenJson.withToken(TokenJson.personal(created.token()), created.value()));
  }

  /**
   * The token the request authenticated with rotates itself, with {@code api} or
   * {@code self_rotate}: personal and impersonation tokens (a project or group token is not found
   * here; it rotates itself on its resource's route).
   */
  static Reply rotateSelf(ApiCall call) throws ApiException, IOException {
    if (!(call.success.via() instanceof AuthResult.Via.Token t) || !t.type().belongsToUser()) {
      throw ApiException.notFound(null);
    }
    LocalDate expires = call.params().date("expires_at");
    CreatedToken created = call.auth.personalTokens().rotateSelf(call.success, expires);
    return Reply.ok(TokenJson.withToken(TokenJson.personal(created.token()), created.value()));
  }

  static Reply list(ApiCall call) throws ApiException, IOException {
    ApiParams p = call.params();
    User me = call.actorUser();
    String userParam = p.string("user_id");
    List<TokenView> views;
    if (userParam != null && !userParam.isEmpty()) {
      Optional<User> target = call.findUser(userParam);
      if (!me.admin()) {
        // Non-administrators may only name themselves; anything else is the platform's 401.
        if (target.isEmpty() || target.get().id() != me.id()) {
          throw ApiException.unauthorized();
        }
        views = call.auth.personalTokens().list(me.id(), me.id());
      } else {
        User user = target.orElseThrow(() -> ApiException.notFound("User"));
        views = new ArrayList<>(call.auth.personalTokens().list(me.id(), user.id()));
        views.addAll(call.auth.personalTokens().listImpersonation(me.id(), user.id()));
        views.sort(Comparator.comparingLong(TokenView::id));
      }
    } else if (me.admin()) {
      // As on the platform, an administrator without user_id sees every token of the instance.
      views = call.auth.personalTokens().listAll(me.id());
    } else {
      views = call.auth.personalTokens().list(me.id(), me.id());
    }
    List<TokenView> filtered = TokenLists.filterAndSort(views, p);
    return TokenLists.pageOf(filtered, p, call, TokenJson::personal);
  }

  static Reply createForUser(ApiCall call) throws ApiException, IOException {
    call.requireAdmin();
    User user = call.userById(call.segment(1));
    TokenSpec spec = ApiForms.tokenSpec(call.params(), TokenType.PERSONAL);
    CreatedToken created = call.auth.personalTokens().create(call.actor(), user.id(), spec);
    return Reply.created(TokenJson.withToken(TokenJson.personal(created.token()), created.value()));
  }

  /**
   * A user creates a personal token for themselves, under the same policy as every other creation
   * (scopes, expiry, the same JSON). Only a person calling with their own personal token may: an
   * impersonation token acts for an administrator, not the user, and a bot acts only through its
   * resource's tokens; both are refused with 403, as is any caller that is no user account.
   */
  static Reply createOwn(ApiCall call) throws ApiException, IOException {
    User me = call.actorUser();
    boolean personalToken = call.success.via() instanceof AuthResult.Via.Token t
        && t.type() == TokenType.PERSONAL;
    if (!personalToken || me.bot()) {
      throw ApiException.forbidden();
    }
    TokenSpec spec = ApiForms.tokenSpec(call.params(), TokenType.PERSONAL);
    CreatedToken created = call.auth.personalTokens().create(me.id(), me.id(), spec);
    return Reply.created(TokenJson.withToken(TokenJson.personal(created.token()), created.value()));
  }

  private static long tokenId(ApiCall call, String segment) throws ApiException {
    if (segment.equals(SELF)) {
      if (!(call.success.via() instanceof AuthResult.Via.Token t) || !t.type().belongsToUser()) {
        // Project and group tokens are not personal tokens here; see the README.
        throw ApiException.notFound(null);
      }
      return t.id();
    }
    if (!ApiCall.ID.matcher(segment).matches()) {
      throw ApiException.notFound(null);
    }
    return Long.parseLong(segment);
  }

  private static <T> T personal(ApiCall call, Supplier<T> operation) throws ApiException {
    try {
      return operation.get();
    } catch (TokenNotFoundException e) {
      boolean admin = call.actorUserOrNull() != null && call.actorUserOrNull().admin();
      throw admin ? ApiException.notFound(null) : ApiException.unauthorized();
    }
  }
}
