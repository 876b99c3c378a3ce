package io.wvs.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenView;
import java.time.LocalDate;
import java.util.List;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The personal access tokens page in real Jetty, driven as a browser would (without JavaScript). */
class PersonalTokenPagesTest {
  private static final String PAGE = "/-/profile/personal_access_tokens";
  private static WebWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new WebWorld(true);   // with a container registry
  }

  @AfterAll
  static void stop() throws Exception {
    world.close();
  }

  private static List<TokenView> tokensOf(long userId) {
    return world.auth.personalTokens().list(userId, userId);
  }

  @Test
  void aPrefillLinkFillsTheNameAndChecksItsScopes() {
    Browser.Page page = Browser.signedIn(world, WebWorld.ALICE)
        .get(PAGE + "?name=Example+Access+token&scopes=api,read_user");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.doc().selectFirst("input[name=name]").val()).isEqualTo("Example Access token");
    assertThat(page.doc().select("input[name=scopes[]][checked]").eachAttr("value"))
        .containsExactly("api", "read_user");
    assertThat(page.doc().select(".alert.note")).isEmpty();
  }

  @Test
  void unknownPrefillScopesAreIgnoredWithAVisibleNote() {
    Browser.Page page = Browser.signedIn(world, WebWorld.ALICE)
        .get(PAGE + "?name=ci&scopes=api,sudo,make_coffee");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.doc().select("input[name=scopes[]][checked]").eachAttr("value")).containsExactly("api");
    // sudo is not offered to alice, make_coffee is no scope: both named in the note, neither an error.
    assertThat(page.doc().selectFirst(".alert.note").text()).contains("make_coffee").contains("sudo");
  }

  @Test
  void sudoIsOfferedOnlyToAdministrators() {
    List<String> alice = Browser.signedIn(world, WebWorld.ALICE).get(PAGE).doc()
        .select("input[name=scopes[]]").eachAttr("value");
    List<String> root = Browser.signedIn(world, WebWorld.ROOT).get(PAGE).doc()
        .select("input[name=scopes[]]").eachAttr("value");
    assertThat(alice).contains("api", "read_api", "read_user", "read_repository", "write_repository",
        "read_registry", "write_registry").doesNotContain("sudo");
    assertThat(root).contains("sudo", "read_registry");
    // Without a registry (the other world) the registry scopes are not offered: ResourceTokenPagesTest.
  }

  @Test
  void eachScopeCheckboxIsLabelledWithTheProductsDescription() {
    Browser.Page page = Browser.signedIn(world, WebWorld.ALICE).get(PAGE);
    Element api = page.doc().getElementById("scope-api");
    assertThat(page.doc().selectFirst("label[for=scope-api]").text()).isEqualTo("api");
    assertThat(page.doc().getElementById(api.attr("aria-describedby")).text())
        .startsWith("Read-write for the complete API");
    assertThat(page.doc().selectFirst("fieldset legend").text()).isEqualTo("Select scopes");
    assertThat(page.doc().select("h1")).hasSize(1);
    assertThat(page.doc().selectFirst("html").attr("lang")).isEqualTo("en");
  }

  @Test
  void theExpiryDefaultsToThePolicyMaximumAndIsLimitedToIt() {
    Browser browser = Browser.signedIn(world, WebWorld.BOB);
    Browser.Page page = browser.get(PAGE);
    LocalDate latest = LocalDate.of(2026, 3, 10).plusDays(90);
    Element expiry = page.doc().selectFirst("input[name=expires_at]");
    assertThat(expiry.val()).isEqualTo(latest.toString());
    assertThat(expiry.attr("max")).isEqualTo(latest.toString());
    int before = tokensOf(WebWorld.BOB).size();

    Browser.Page refused = browser.post(PAGE, "authenticity_token", page.csrf(), "name", "too long",
        "expires_at", latest.plusDays(1).toString(), "scopes[]", "read_api");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.doc().selectFirst(".alert.error").text()).contains("exceeds the maximum lifetime");
    assertThat(refused.doc().selectFirst("input[name=name]").val()).isEqualTo("too long");
    assertThat(tokensOf(WebWorld.BOB)).hasSize(before);
  }

  @Test
  void aNewTokenIsShownOnceAndGoneOnReload() {
    Browser browser = Browser.signedIn(world, WebWorld.ALICE);
    String csrf = browser.get(PAGE).csrf();

    Browser.Page posted = browser.post(PAGE, "authenticity_token", csrf, "name", "laptop",
        "scopes[]", "read_api", "scopes[]", "read_repository");

    assertThat(posted.status()).isEqualTo(303);
    assertThat(posted.header("Location")).isEqualTo(PAGE);
    Browser.Page shown = browser.get(PAGE);
    String value = shown.doc().getElementById("created-token").val();
    assertThat(value).isNotBlank();
    assertThat(shown.doc().selectFirst(".created .warning").text()).contains("won't be able to access it again");
    assertThat(shown.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(shown.header("Cache-Control")).isEqualTo("no-store");
    AuthResult result = world.auth.authenticator().authenticate(AuthRequest.api(value, "GET"));
    assertThat(result).isInstanceOf(AuthResult.Success.class);
    assertThat(shown.doc().select("section.list").first().text()).contains("laptop");

    Browser.Page reloaded = browser.get(PAGE);
    assertThat(reloaded.doc().getElementById("created-token")).isNull();
    assertThat(reloaded.response().body()).doesNotContain(value);
  }

  @Test
  void aPostWithoutTheRightAuthenticityTokenIsRefused() {
    Browser browser = Browser.signedIn(world, WebWorld.CAROL);
    browser.get(PAGE);
    int before = tokensOf(WebWorld.CAROL).size();

    Browser.Page missing = browser.post(PAGE, "name", "forged", "scopes[]", "api");
    Browser.Page wrong = browser.post(PAGE, "authenticity_token", "not-the-token", "name", "forged",
        "scopes[]", "api");
    // Another session's token is no better.
    String others = Browser.signedIn(world, WebWorld.ALICE).get(PAGE).csrf();
    Browser.Page foreign = browser.post(PAGE, "authenticity_token", others, "name", "forged",
        "scopes[]", "api");

    // The right token, but in the URL, where logs and history keep it.
    String own = browser.get(PAGE).csrf();
    Browser.Page inUrl = browser.post(PAGE + "?authenticity_token=" + own, "name", "forged", "scopes[]", "api");

    for (Browser.Page refused : List.of(missing, wrong, foreign, inUrl)) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.doc().selectFirst("h1").text()).contains("Forbidden");
      assertThat(refused.header("Content-Type")).startsWith("text/html");
    }
    assertThat(tokensOf(WebWorld.CAROL)).hasSize(before);
  }

  @Test
  void aTokenNamedWithScriptIsRenderedEscaped() {
    Browser browser = Browser.signedIn(world, WebWorld.BOB);
    String csrf = browser.get(PAGE).csrf();
    String name = "<script>alert(1)</script>";
    assertThat(browser.post(PAGE, "authenticity_token", csrf, "name", name, "scopes[]", "read_api")
        .status()).isEqualTo(303);

    for (Browser.Page page : List.of(browser.get(PAGE), browser.get(PAGE),
        browser.get(PAGE + "?name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
            + "&scopes=api"))) {
      assertThat(page.response().body()).doesNotContain(name).contains("&lt;script&gt;");
      assertThat(page.doc().select("script")).allSatisfy(s -> assertThat(s.attr("src")).endsWith("/copy.js"));
    }
    assertThat(browser.get(PAGE).doc().select("td.name").eachText()).contains(name);
  }

  @Test
  void revokingAsksForConfirmationThenMovesTheTokenToInactive() {
    Browser browser = Browser.signedIn(world, WebWorld.ALICE);
    long id = world.auth.personalTokens().create(WebWorld.ALICE, WebWorld.ALICE,
        io.wvs.auth.TokenSpec.of("old laptop", Scope.READ_API)).token().id();
    Browser.Page page = browser.get(PAGE);
    Element row = page.doc().selectFirst("tr[data-token-id=" + id + "]");
    Element form = row.selectFirst("form");
    assertThat(form.attr("action")).isEqualTo(PAGE + "/" + id + "/revoke");

    Browser.Page confirm = browser.post(form.attr("action"), "authenticity_token", page.csrf());
    assertThat(confirm.status()).isEqualTo(200);
    assertThat(confirm.doc().selectFirst("h1").text()).isEqualTo("Revoke old laptop?");
    assertThat(world.auth.personalTokens().get(WebWorld.ALICE, id).active()).isTrue();

    Element confirmForm = confirm.doc().selectFirst("main form");
    Browser.Page done = browser.post(confirmForm.attr("action"), "authenticity_token", confirm.csrf(),
        "confirmed", "true");
    assertThat(done.status()).isEqualTo(303);
    assertThat(world.auth.personalTokens().get(WebWorld.ALICE, id).revoked()).isTrue();
    Browser.Page after = browser.get(PAGE);
    assertThat(after.doc().select("#inactive-heading + table tr[data-token-id=" + id + "]").text())
        .contains("old laptop").contains("Revoked");
    assertThat(after.doc().select("#active-heading ~ table tr[data-token-id=" + id + "]")).isEmpty();
  }

  @Test
  void nobodyRevokesAnotherUsersTokenFromTheProfilePage() {
    long alices = world.auth.personalTokens().create(WebWorld.ALICE, WebWorld.ALICE,
        io.wvs.auth.TokenSpec.of("alice's", Scope.READ_API)).token().id();
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    String csrf = bob.get(PAGE).csrf();

    Browser.Page refused = bob.post(PAGE + "/" + alices + "/revoke", "authenticity_token", csrf,
        "confirmed", "true");

    assertThat(refused.status()).isEqualTo(404);
    assertThat(world.auth.personalTokens().get(WebWorld.ALICE, alices).active()).isTrue();
  }

  @Test
  void theAvatarMenuLeadsToTheTokensPageAndSignsOutWithTheAuthenticityToken() {
    Browser.Page page = Browser.signedIn(world, WebWorld.BOB).get(PAGE);
    Element menu = page.doc().selectFirst("details.avatar-menu");
    assertThat(menu.selectFirst(".avatar").text()).isEqualTo("B");
    assertThat(menu.selectFirst("a:contains(Edit profile)").attr("href")).isEqualTo(PAGE);
    Element signOut = menu.selectFirst("form");
    assertThat(signOut.attr("action")).isEqualTo("/users/sign_out");
    assertThat(signOut.attr("method")).isEqualTo("post");
    assertThat(signOut.selectFirst("input[name=authenticity_token]").val()).isEqualTo(page.csrf());
    assertThat(page.doc().selectFirst("nav.sidebar a").text()).isEqualTo("Access Tokens");
    assertThat(page.doc().select("nav.links a").eachAttr("href"))
        .containsExactly("/acme/website/-/settings/access_tokens");
  }

  @Test
  void theAliasPathServesTheSamePage() {
    Browser.Page page = Browser.signedIn(world, WebWorld.BOB).get("/-/user_settings/personal_access_tokens");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.doc().selectFirst("h1").text()).isEqualTo("Personal access tokens");
  }

  @Test
  void theLastUsedColumnShowsATokensLastUse() {
    Browser browser = Browser.signedIn(world, WebWorld.CAROL);
    io.wvs.auth.CreatedToken created = world.auth.personalTokens().create(WebWorld.CAROL, WebWorld.CAROL,
        io.wvs.auth.TokenSpec.of("used", Scope.READ_API));
    String value = created.value();
    String row = "tr[data-token-id=" + created.token().id() + "]";
    assertThat(browser.get(PAGE).doc().selectFirst(row).text()).contains("Never");

    world.auth.authenticator().authenticate(AuthRequest.api(value, "GET"));

    assertThat(browser.get(PAGE).doc().selectFirst(row).text())
        .contains("2026-03-10 12:00 UTC").doesNotContain("Never");
  }
}
