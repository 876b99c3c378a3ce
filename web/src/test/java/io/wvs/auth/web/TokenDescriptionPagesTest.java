package io.wvs.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenView;
import java.util.List;
import java.util.function.Supplier;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The create forms of personal, impersonation, project and group access tokens take an optional
 * {@code description} (the platform's field name), kept by the token service under its rules (one
 * line, at most 255 characters) and shown, escaped, in the active tokens table.
 */
class TokenDescriptionPagesTest {
  private static final String PERSONAL = "/-/profile/personal_access_tokens";
  private static final String IMPERSONATION = "/admin/users/alice/impersonation_tokens";
  private static final String PROJECT_TOKENS = "/acme/website/-/settings/access_tokens";
  private static final String GROUP_TOKENS = "/groups/acme/platform/-/settings/access_tokens";
  private static final String PROJECT_DEPLOY = "/acme/website/-/settings/repository";
  private static WebWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new WebWorld();
  }

  @AfterAll
  static void stop() throws Exception {
    world.close();
  }

  /** A page with a description field, who may use it, and the tokens it lists (seen by root). */
  private record Form(String path, long viewer, Supplier<List<TokenView>> tokens) {}

  private static final List<Form> FORMS = List.of(
      new Form(PERSONAL, WebWorld.BOB, () -> world.auth.personalTokens().list(WebWorld.BOB, WebWorld.BOB)),
      new Form(IMPERSONATION, WebWorld.ROOT,
          () -> world.auth.personalTokens().listImpersonation(WebWorld.ROOT, WebWorld.ALICE)),
      new Form(PROJECT_TOKENS, WebWorld.BOB,
          () -> world.auth.resourceTokens().list(WebWorld.ROOT, ResourceRef.project(WebWorld.WEBSITE))),
      new Form(GROUP_TOKENS, WebWorld.CAROL,
          () -> world.auth.resourceTokens().list(WebWorld.ROOT, ResourceRef.group(WebWorld.PLATFORM))));

  private static TokenView named(Form form, String name) {
    return form.tokens().get().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theCreateFormsOfUserAndAccessTokensTakeADescriptionShownInTheActiveTable() {
    for (Form form : FORMS) {
      Browser browser = Browser.signedIn(world, form.viewer());
      Browser.Page page = browser.get(form.path());
      Element field = page.doc().selectFirst("form input[name=description]");
      assertThat(field).as(form.path()).isNotNull();
      assertThat(page.doc().selectFirst("label[for=" + field.id() + "]").text()).contains("Description");

      String name = "described " + form.path().length();
      assertThat(browser.post(form.path(), "authenticity_token", page.csrf(), "name", name,
          "description", "Nightly backups of the wiki", "scopes[]", "read_repository").status())
          .as(form.path()).isEqualTo(303);

      assertThat(named(form, name).description()).isEqualTo("Nightly backups of the wiki");
      Element row = browser.get(form.path()).doc().selectFirst("#active-heading ~ table tr:contains(" + name + ")");
      assertThat(row.selectFirst("td.description").text()).as(form.path()).isEqualTo("Nightly backups of the wiki");
    }
  }

  @Test
  void anEmptyDescriptionIsNone() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    String csrf = bob.get(PERSONAL).csrf();
    assertThat(bob.post(PERSONAL, "authenticity_token", csrf, "name", "undescribed", "description", "",
        "scopes[]", "read_api").status()).isEqualTo(303);
    assertThat(named(FORMS.get(0), "undescribed").description()).isNull();
  }

  @Test
  void aDescriptionWithScriptIsRenderedEscaped() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    String csrf = bob.get(PROJECT_TOKENS).csrf();
    String description = "<script>alert(1)</script>";
    assertThat(bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "scripted",
        "description", description, "scopes[]", "read_api").status()).isEqualTo(303);
    // Refused for another reason, the form keeps the description: escaped in the value too.
    Browser.Page refusedForm = bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "no scope",
        "description", description);
    assertThat(refusedForm.status()).isEqualTo(400);
    assertThat(refusedForm.doc().selectFirst("input[name=description]").val()).isEqualTo(description);

    for (Browser.Page page : List.of(bob.get(PROJECT_TOKENS), bob.get(PROJECT_TOKENS), refusedForm)) {
      assertThat(page.response().body()).doesNotContain(description).contains("&lt;script&gt;");
      assertThat(page.doc().select("script")).allSatisfy(s -> assertThat(s.attr("src")).endsWith("/copy.js"));
    }
    assertThat(bob.get(PROJECT_TOKENS).doc().select("td.description").eachText()).contains(description);
  }

  @Test
  void aDescriptionOver255CharactersOrOfTwoLinesIsRefusedOnTheFormAndNothingIsCreated() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    String csrf = bob.get(PERSONAL).csrf();
    int before = FORMS.get(0).tokens().get().size();

    Browser.Page tooLong = bob.post(PERSONAL, "authenticity_token", csrf, "name", "long",
        "description", "d".repeat(256), "scopes[]", "read_api");
    Browser.Page twoLines = bob.post(PERSONAL, "authenticity_token", csrf, "name", "two lines",
        "description", "first\nsecond", "scopes[]", "read_api");

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.doc().selectFirst(".alert.error").text()).contains("at most 255 characters");
    assertThat(tooLong.doc().selectFirst("input[name=description]").val()).isEqualTo("d".repeat(256));
    assertThat(twoLines.status()).isEqualTo(400);
    assertThat(twoLines.doc().selectFirst(".alert.error").text()).startsWith("Description");
    assertThat(FORMS.get(0).tokens().get()).hasSize(before);
    // 255 characters exactly are accepted.
    assertThat(bob.post(PERSONAL, "authenticity_token", csrf, "name", "longest",
        "description", "d".repeat(255), "scopes[]", "read_api").status()).isEqualTo(303);
  }

  @Test
  void theDeployTokenFormHasNoDescriptionField() {
    Browser.Page page = Browser.signedIn(world, WebWorld.BOB).get(PROJECT_DEPLOY);
    assertThat(page.doc().select("input[name=description]")).isEmpty();
    assertThat(page.doc().select("th:contains(Description)")).isEmpty();
  }
}
