package io.wvs.auth.web;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.PersonalTokenService;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.spi.User;
import io.wvs.auth.web.view.Shown;
import io.wvs.auth.web.view.TokenPage;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The personal access tokens page (the signed-in user's own) and the impersonation tokens page of
 * a user (administrators): the same calls as the REST API's endpoints, through
 * {@link PersonalTokenService}.
 */
final class UserTokenPages {
  private static final String PERSONAL = "personal access token";
  private static final String IMPERSONATION = "impersonation token";
  private static final TokenPage.Columns COLUMNS = new TokenPage.Columns(true, false, false, true);

  private UserTokenPages() {}

  static void personal(Visit v, Route.Personal route) throws IOException {
    PersonalTokenService tokens = v.auth().personalTokens();
    long me = v.me.id();
    if (route.tokenId() != null) {
      long id = route.tokenId();
      TokenView token = tokens.get(me, id);
      // This page manages the user's own personal tokens only (an administrator's reach to
      // other users' tokens is the REST API's and the admin pages').
      if (token.type() != TokenType.PERSONAL || token.userId() == null || token.userId() != me) {
        throw Refusal.notFound();
      }
      v.confirmThen(PERSONAL, token.name(), route.page() + "/" + id + "/revoke", route.page(),
          () -> tokens.revoke(me, id));
      return;
    }
    Set<Scope> offered = Forms.offered(TokenType.PERSONAL, v.me.admin(), v.auth().policy());
    if (v.post()) {
      Forms.Input in = Forms.Input.read(v.request);
      try {
        CreatedToken created = tokens.create(me, me, spec(in));
        created(v, route.page(), created, null);
      } catch (InvalidTokenRequestException e) {
        v.render(400, "tokens.jte", personalPage(v, route, in, in.scopes(), offered, "", message(e), null));
      }
      return;
    }
    Shown shown = Flash.take(v.request.getSession(false), route.page());
    Prefill prefill = Prefill.of(v.request.getQueryString(), offered);
    Forms.Input in = prefill.name() == null ? null
        : new Forms.Input(prefill.name(),
            v.today().plusDays(v.auth().policy().maxLifetimeDays()).toString(), prefill.scopes(),
            List.of(), "", "", "");
    v.render(200, "tokens.jte", personalPage(v, route, in, prefill.scopes(), offered, prefill.note(), "",
        shown));
  }

  private static TokenPage personalPage(Visit v, Route.Personal route, Forms.Input in, Set<Scope> checked,
      Set<Scope> offered, String note, String error, Shown shown) {
    List<TokenView> all = v.auth().personalTokens().list(v.me.id(), v.me.id());
    TokenPage.Form form = Forms.capped(v, in, Forms.scopeOptions(TokenType.PERSONAL, offered, checked),
        List.of(), note, error);
    String base = route.page();
    return new TokenPage(v.chrome, "Personal access tokens", true, "", PERSONAL,
        "You can generate a personal access token for each application you use that needs access to"
            + " the API or to git over HTTP.", v.link(base), form, shown,
        Rows.of(v, all, true, id -> base + "/" + id + "/revoke"),
        Rows.of(v, all, false, id -> base + "/" + id + "/revoke"), COLUMNS);
  }

  static void impersonation(Visit v, Route.Impersonation route) throws IOException {
    // As the REST API's endpoints: administrators only, checked before the user is looked up.
    if (!v.me.admin()) {
      throw new Refusal(403, "Forbidden", "Only administrators may manage impersonation tokens.");
    }
    User user = v.auth().userDirectory().findUserByUsername(route.username()).orElseThrow(Refusal::notFound);
    PersonalTokenService tokens = v.auth().personalTokens();
    long me = v.me.id();
    String page = "/admin/users/" + user.username() + "/impersonation_tokens";
    if (route.tokenId() != null) {
      long id = route.tokenId();
      TokenView token = tokens.get(me, id);
      if (!token.impersonation() || token.userId() == null || token.userId() != user.id()) {
        throw Refusal.notFound();
      }
      v.confirmThen(IMPERSONATION, token.name(), page + "/" + id + "/revoke", page,
          () -> tokens.revoke(me, id));
      return;
    }
    Set<Scope> offered = Forms.offered(TokenType.IMPERSONATION, user.admin(), v.auth().policy());
    if (v.post()) {
      Forms.Input in = Forms.Input.read(v.request);
      try {
        created(v, page, tokens.createImpersonation(me, user.id(), spec(in)), null);
      } catch (InvalidTokenRequestException e) {
        v.render(400, "tokens.jte", impersonationPage(v, user, page, in, offered, message(e), null));
      }
      return;
    }
    Shown shown = Flash.take(v.request.getSession(false), page);
    v.render(200, "tokens.jte", impersonationPage(v, user, page, null, offered, "", shown));
  }

  private static TokenPage impersonationPage(Visit v, User user, String page, Forms.Input in,
      Set<Scope> offered, String error, Shown shown) {
    List<TokenView> all = v.auth().personalTokens().listImpersonation(v.me.id(), user.id());
    Set<Scope> checked = in == null ? EnumSet.noneOf(Scope.class) : in.scopes();
    TokenPage.Form form = Forms.capped(v, in, Forms.scopeOptions(TokenType.IMPERSONATION, offered, checked),
        List.of(), "", error);
    return new TokenPage(v.chrome, "Impersonation tokens of " + user.username(), false, "", IMPERSONATION,
        "An impersonation token acts as " + user.username() + " through the API and git; only"
            + " administrators see and manage it.", v.link(page), form, shown,
        Rows.of(v, all, true, id -> page + "/" + id + "/revoke"),
        Rows.of(v, all, false, id -> page + "/" + id + "/revoke"), COLUMNS);
  }

  static TokenSpec spec(Forms.Input in) {
    return new TokenSpec(in.name(), in.requireScopes(), in.expiry(), in.optionalDescription());
  }

  /** Keeps the new token for the next GET of {@code page} only, and sends the browser there. */
  static void created(Visit v, String page, CreatedToken created, String username) {
    Flash.keep(v.request.getSession(true), new Flash(page, created.token().name(), created.value(), username));
    v.redirect(page);
  }

  /** The service's refusal, as a sentence. */
  static String message(RuntimeException e) {
    String m = e.getMessage() == null ? "The request was refused." : e.getMessage();
    return m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1) + (m.endsWith(".") ? "" : ".");
  }
}
