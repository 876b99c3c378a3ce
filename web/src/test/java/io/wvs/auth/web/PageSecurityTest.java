package io.wvs.auth.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The headers, redirects and refusals every answer of the pages shares. */
class PageSecurityTest {
  private static final String CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
  private static WebWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new WebWorld();
  }

  @AfterAll
  static void stop() throws Exception {
    world.close();
  }

  /** One answer of every kind the pages give. */
  private static List<Browser.Page> everyKindOfPage() {
    long token = world.auth.personalTokens().create(WebWorld.BOB, WebWorld.BOB,
        TokenSpec.of("headers", Scope.READ_API)).token().id();
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    Browser root = Browser.signedIn(world, WebWorld.ROOT);
    String csrf = bob.get("/-/profile/personal_access_tokens").csrf();
    List<Browser.Page> pages = new ArrayList<>();
    pages.add(bob.get("/-/profile/personal_access_tokens"));
    pages.add(bob.get("/-/profile/personal_access_tokens?name=x&scopes=nope"));
    pages.add(bob.post("/-/profile/personal_access_tokens", "authenticity_token", csrf, "name", "shown",
        "scopes[]", "read_api"));
    pages.add(bob.get("/-/profile/personal_access_tokens"));                          // shows the token
    pages.add(bob.post("/-/profile/personal_access_tokens", "authenticity_token", csrf, "name", "",
        "scopes[]", "read_api"));                                                     // 400 form
    pages.add(bob.get("/-/profile/personal_access_tokens/" + token + "/revoke"));    // confirmation
    pages.add(bob.get("/acme/website/-/settings/access_tokens"));
    pages.add(bob.get("/acme/website/-/settings/repository"));
    pages.add(root.get("/admin/users/alice/impersonation_tokens"));
    pages.add(bob.get("/admin/users/alice/impersonation_tokens"));                    // 403
    pages.add(bob.post("/-/profile/personal_access_tokens", "name", "no csrf"));     // 403
    pages.add(bob.get("/no/such/page"));                                              // 404
    pages.add(new Browser(world.base).get("/no/such/page"));                          // 404, signed out
    pages.add(new Browser(world.base).get("/-/profile/personal_access_tokens"));      // 303
    pages.add(bob.send(HttpRequest.newBuilder(world.base.resolve("/-/profile/personal_access_tokens"))
        .method("DELETE", HttpRequest.BodyPublishers.noBody())));                    // 405
    pages.add(bob.get("/-/wvs-auth/copy.js"));
    return pages;
  }

  @Test
  void everyPageSendsTheSecurityHeaders() {
    for (Browser.Page page : everyKindOfPage()) {
      String what = page.response().request().method() + " " + page.response().uri() + " " + page.status();
      assertThat(page.header("Content-Security-Policy")).as(what).isEqualTo(CSP);
      assertThat(page.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
      assertThat(page.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
    }
  }

  @Test
  void everyAnswerIsNoStoreButTheStylesheet() {
    for (Browser.Page page : everyKindOfPage()) {
      assertThat(page.header("Cache-Control")).as(page.response().uri().toString()).isEqualTo("no-store");
    }
    Browser.Page css = new Browser(world.base).get("/-/wvs-auth/style.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Type")).startsWith("text/css");
    assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=86400");
    assertThat(css.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void pagesHoldNoInlineScriptOrStyle() {
    for (Browser.Page page : everyKindOfPage()) {
      assertThat(page.doc().select("script:not([src])")).as(page.response().uri().toString()).isEmpty();
      assertThat(page.doc().select("style, [style], [onclick], [onload], [onsubmit]")).isEmpty();
    }
  }

  @Test
  void unservedPathsGetThePagesOwn404() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    for (String path : List.of("/no/such/page", "/-/profile/personal_access_tokens/x/revoke",
        "/acme/website/-/settings/ci_cd", "/groups/../-/settings/access_tokens", "/-/wvs-auth/other.css")) {
      Browser.Page page = bob.get(path);
      assertThat(page.status()).as(path).isEqualTo(404);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.doc().selectFirst("h1").text()).isEqualTo("404: Not found");
    }
  }

  @Test
  void notSignedInRedirectsToSignInWithTheSamePathAsReturnTo() {
    Browser.Page page = new Browser(world.base)
        .get("/-/profile/personal_access_tokens?name=Example+Access+token&scopes=api,read_user");
    assertThat(page.status()).isEqualTo(303);
    assertThat(page.header("Location")).isEqualTo("/users/sign_in?return_to="
        + "%2F-%2Fprofile%2Fpersonal_access_tokens%3Fname%3DExample%2BAccess%2Btoken%26scopes%3Dapi%2Cread_user");
    // A signed-out post creates nothing and is sent to sign in as well.
    Browser.Page post = new Browser(world.base).post("/acme/website/-/settings/access_tokens", "name", "x");
    assertThat(post.status()).isEqualTo(303);
    assertThat(world.auth.resourceTokens().list(WebWorld.ROOT, ResourceRef.project(WebWorld.WEBSITE)))
        .noneMatch(t -> t.name().equals("x"));
  }

  @Test
  void anAbsoluteOrProtocolRelativeReturnToIsNotHonoured() {
    for (String hostile : List.of("//evil.example/x", "/\\evil.example", "https://evil.example/",
        "javascript:alert(1)", "evil", "/a\r\nSet-Cookie: x=y", "")) {
      assertThat(TokenPages.safeReturnPath(hostile)).as(hostile).isEmpty();
    }
    assertThat(TokenPages.safeReturnPath(null)).isEmpty();
    assertThat(TokenPages.safeReturnPath("/-/profile/personal_access_tokens?name=a"))
        .contains("/-/profile/personal_access_tokens?name=a");
    // The pages never build one from a path that could leave the site.
    Browser.Page page = new Browser(world.base).send(HttpRequest.newBuilder(java.net.URI.create(
        world.base + "//evil.example/-/profile/personal_access_tokens")).GET());
    assertThat(page.header("Location")).satisfiesAnyOf(
        l -> assertThat(l).isNull(), l -> assertThat(l).doesNotContain("return_to=%2F%2F"));
  }

  @Test
  void theBuilderNamesEveryMissingSettingAndRefusesAnOffSitePath() {
    assertThatThrownBy(() -> TokenPages.builder().build())
        .hasMessageContaining("auth").hasMessageContaining("signedInUser")
        .hasMessageContaining("signInPath").hasMessageContaining("signOutPath");
    assertThatThrownBy(() -> TokenPages.builder().signInPath("https://evil.example/sign_in"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenPages.builder().signInPath("//evil.example/sign_in"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHeadRequestGetsTheHeadersWithoutABody() {
    Browser.Page page = Browser.signedIn(world, WebWorld.BOB).send(HttpRequest.newBuilder(
        world.base.resolve("/-/profile/personal_access_tokens")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.response().body()).isEmpty();
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
  }
}
