package io.wvs.auth.web;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenService;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.ResourceTokenService;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.web.view.Shown;
import io.wvs.auth.web.view.TokenPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A project's or group's access tokens ({@code …/-/settings/access_tokens}) and deploy tokens
 * ({@code …/-/settings/repository}): the same calls as the REST API's endpoints, through
 * {@link ResourceTokenService} and {@link DeployTokenService}. A project or group the viewer is no
 * member of (nor of a group above it) is not found, as on the API.
 */
final class ResourceTokenPages {
  private static final int MAX_DEPTH = 64;

  private ResourceTokenPages() {}

  static void settings(Visit v, Route.Settings route) throws IOException {
    Resource resource = v.auth().resourceDirectory().findResourceByPath(route.fullPath())
        .filter(r -> r.ref().kind() == route.kind()).orElseThrow(Refusal::notFound);
    Role viewer = viewerRole(v, resource).orElseThrow(Refusal::notFound);
    if (route.deploy()) {
      deploy(v, route, resource);
    } else {
      access(v, route, resource, viewer);
    }
  }

  private static void access(Visit v, Route.Settings route, Resource resource, Role viewer)
      throws IOException {
    ResourceTokenService tokens = v.auth().resourceTokens();
    ResourceRef ref = resource.ref();
    long me = v.me.id();
    String kind = kindName(ref) + " access token";
    if (route.tokenId() != null) {
      long id = route.tokenId();
      TokenView token = tokens.get(me, ref, id);
      v.confirmThen(kind, token.name(), route.revokePath(id), route.page(), () -> tokens.revoke(me, ref, id));
      return;
    }
    // Listing first: it is what decides, as on the API, who may see this page at all.
    List<TokenView> all = tokens.list(v.me, resource);
    TokenType type = TokenType.accessTokenOf(ref.kind());
    Set<Scope> offered = Forms.offered(type, false, v.auth().policy());
    if (v.post()) {
      Forms.Input in = Forms.Input.read(v.request);
      try {
        Role role = in.role();
        CreatedToken created = tokens.create(me, ref, UserTokenPages.spec(in), role);
        UserTokenPages.created(v, route.page(), created, null);
      } catch (InvalidTokenRequestException e) {
        Role chosen = null;
        try {
          chosen = in.role();
        } catch (InvalidTokenRequestException ignored) {
          // the message shown is the service's (or the form's) first refusal
        }
        v.render(400, "tokens.jte", accessPage(v, route, resource, all, viewer, in, chosen, offered,
            UserTokenPages.message(e), null));
      }
      return;
    }
    Shown shown = Flash.take(v.request.getSession(false), route.page());
    v.render(200, "tokens.jte", accessPage(v, route, resource, all, viewer, null, null, offered, "", shown));
  }

  private static TokenPage accessPage(Visit v, Route.Settings route, Resource resource,
      List<TokenView> all, Role viewer, Forms.Input in, Role chosen, Set<Scope> offered, String error,
      Shown shown) {
    TokenType type = TokenType.accessTokenOf(resource.ref().kind());
    Set<Scope> checked = in == null ? EnumSet.noneOf(Scope.class) : in.scopes();
    TokenPage.Form form = Forms.capped(v, in, Forms.scopeOptions(type, offered, checked),
        Forms.roleOptions(viewer, chosen), "", error);
    String kind = kindName(resource.ref()) + " access token";
    String title = capitalized(kindName(resource.ref())) + " access tokens";
    return new TokenPage(v.chrome, title, false, "", kind, "Generate " + kind + "s scoped to "
        + resource.fullPath() + " for applications that need access to its API, or to git over HTTP."
        + " Each token acts as its own bot user.", v.link(route.page()), form, shown,
        Rows.of(v, all, true, route::revokePath), Rows.of(v, all, false, route::revokePath),
        new TokenPage.Columns(true, true, false, true));
  }

  private static void deploy(Visit v, Route.Settings route, Resource resource) throws IOException {
    DeployTokenService tokens = v.auth().deployTokens();
    ResourceRef ref = resource.ref();
    long me = v.me.id();
    if (route.tokenId() != null) {
      long id = route.tokenId();
      TokenView token = tokens.get(me, ref, id);
      v.confirmThen("deploy token", token.name(), route.revokePath(id), route.page(),
          () -> tokens.revoke(me, ref, id));
      return;
    }
    List<TokenView> all = tokens.list(me, ref);
    Set<Scope> offered = Forms.offered(TokenType.DEPLOY, false, v.auth().policy());
    if (v.post()) {
      Forms.Input in = Forms.Input.read(v.request);
      try {
        DeployTokenSpec spec = new DeployTokenSpec(in.name(), in.requireScopes(), in.expiry(),
            in.customUsername());
        CreatedToken created = tokens.create(me, ref, spec);
        UserTokenPages.created(v, route.page(), created, created.token().username());
      } catch (InvalidTokenRequestException e) {
        v.render(400, "tokens.jte", deployPage(v, route, resource, all, in, offered,
            UserTokenPages.message(e), null));
      }
      return;
    }
    Shown shown = Flash.take(v.request.getSession(false), route.page());
    v.render(200, "tokens.jte", deployPage(v, route, resource, all, null, offered, "", shown));
  }

  private static TokenPage deployPage(Visit v, Route.Settings route, Resource resource,
      List<TokenView> all, Forms.Input in, Set<Scope> offered, String error, Shown shown) {
    Set<Scope> checked = in == null ? EnumSet.noneOf(Scope.class) : in.scopes();
    TokenPage.Form form = Forms.deploy(v, in, Forms.scopeOptions(TokenType.DEPLOY, offered, checked), error);
    String what = kindName(resource.ref());
    return new TokenPage(v.chrome, "Repository settings", false, "Deploy tokens", "deploy token",
        "Deploy tokens give access to the repositories of " + resource.fullPath()
            + (what.equals("group") ? " and of every project below it" : "")
            + " and to its registries, with a username and a token of their own, never to the API.",
        v.link(route.page()), form, shown, Rows.of(v, all, true, route::revokePath),
        Rows.of(v, all, false, route::revokePath), new TokenPage.Columns(false, false, true, false));
  }

  /**
   * The viewer's role on {@code resource}: Owner for administrators, else the highest of their
   * direct roles on it and the groups above it; empty when they hold none (the page is then not
   * found, as the API answers). It only decides which roles the form offers; the service decides
   * every action.
   */
  static Optional<Role> viewerRole(Visit v, Resource resource) {
    if (v.me.admin()) {
      return Optional.of(Role.OWNER);
    }
    ResourceDirectory directory = v.auth().resourceDirectory();
    Role best = null;
    List<ResourceRef> seen = new ArrayList<>();
    Resource current = resource;
    while (current != null && seen.size() < MAX_DEPTH && !seen.contains(current.ref())) {
      seen.add(current.ref());
      Optional<Role> role = directory.directRole(v.me.id(), current.ref());
      if (role.isPresent() && (best == null || role.get().atLeast(best))) {
        best = role.get();
      }
      ResourceRef parent = current.parent();
      current = parent == null ? null : directory.findResource(parent).orElse(null);
    }
    return Optional.ofNullable(best);
  }

  private static String kindName(ResourceRef ref) {
    return ref.kind() == ResourceRef.Kind.PROJECT ? "project" : "group";
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
