package io.wvs.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import java.util.List;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Project and group access tokens, deploy tokens and impersonation tokens in real Jetty: who may
 * see and do what is what the core services (and so the REST API) allow.
 */
class ResourceTokenPagesTest {
  private static final String PROJECT_TOKENS = "/acme/website/-/settings/access_tokens";
  private static final String PROJECT_DEPLOY = "/acme/website/-/settings/repository";
  private static final String GROUP_TOKENS = "/groups/acme/platform/-/settings/access_tokens";
  private static final String GROUP_DEPLOY = "/groups/acme/platform/-/settings/repository";
  private static WebWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new WebWorld();
  }

  @AfterAll
  static void stop() throws Exception {
    world.close();
  }

  private static List<TokenView> projectTokens() {
    return world.auth.resourceTokens().list(WebWorld.ROOT, ResourceRef.project(WebWorld.WEBSITE));
  }

  private static List<TokenView> projectDeployTokens() {
    return world.auth.deployTokens().list(WebWorld.ROOT, ResourceRef.project(WebWorld.WEBSITE));
  }

  @Test
  void aDeveloperIsRefusedProjectAndDeployTokensWhileAMaintainerSucceeds() {
    Browser alice = Browser.signedIn(world, WebWorld.ALICE);
    String csrf = alice.get("/-/profile/personal_access_tokens").csrf();
    int tokens = projectTokens().size();
    int deployTokens = projectDeployTokens().size();

    Browser.Page page = alice.get(PROJECT_TOKENS);
    Browser.Page create = alice.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "by a developer",
        "scopes[]", "read_api");
    Browser.Page deployPage = alice.get(PROJECT_DEPLOY);
    Browser.Page deploy = alice.post(PROJECT_DEPLOY, "authenticity_token", csrf, "name", "by a developer",
        "scopes[]", "read_repository");

    for (Browser.Page refused : List.of(page, create, deployPage, deploy)) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.doc().selectFirst("p.message").text()).contains("needs the maintainer role");
    }
    assertThat(projectTokens()).hasSize(tokens);
    assertThat(projectDeployTokens()).hasSize(deployTokens);

    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    Browser.Page bobs = bob.get(PROJECT_TOKENS);
    assertThat(bobs.status()).isEqualTo(200);
    Browser.Page created = bob.post(PROJECT_TOKENS, "authenticity_token", bobs.csrf(), "name", "ci bot",
        "access_level", "30", "scopes[]", "read_api", "scopes[]", "read_repository");
    assertThat(created.status()).isEqualTo(303);
    assertThat(created.header("Location")).isEqualTo(PROJECT_TOKENS);
    Browser.Page shown = bob.get(PROJECT_TOKENS);
    String value = shown.doc().getElementById("created-token").val();
    AuthResult result = world.auth.authenticator().authenticate(AuthRequest.api(value, "GET"));
    assertThat(result).isInstanceOf(AuthResult.Success.class);
    assertThat(((AuthResult.Success) result).principal().username()).startsWith("project_1_bot");
    Element row = shown.doc().selectFirst("tr:contains(ci bot)");
    assertThat(row.text()).contains("project_1_bot").contains("Developer").contains("read_api, read_repository");
    assertThat(bob.get(PROJECT_TOKENS).doc().getElementById("created-token")).isNull();
    assertThat(projectTokens()).hasSize(tokens + 1);
  }

  @Test
  void theRoleOfferedIsNeverAboveTheViewersOwnAndRegistryScopesOnlyWithARegistry() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    Browser.Page page = bob.get(PROJECT_TOKENS);
    assertThat(page.doc().select("select[name=access_level] option").eachText())
        .containsExactly("Guest", "Reporter", "Developer", "Maintainer");
    assertThat(page.doc().selectFirst("select[name=access_level] option[selected]").val()).isEqualTo("40");
    // This world has no container registry: its scopes are not offered.
    assertThat(page.doc().select("input[name=scopes[]]").eachAttr("value"))
        .contains("api", "read_api", "read_repository", "write_repository", "self_rotate")
        .doesNotContain("read_registry", "write_registry", "sudo");
    int before = projectTokens().size();

    // A maintainer's hand-made post for an Owner token: the service's refusal, on a page.
    Browser.Page refused = bob.post(PROJECT_TOKENS, "authenticity_token", page.csrf(), "name", "owner bot",
        "access_level", "50", "scopes[]", "api");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.doc().selectFirst("p.message").text()).contains("permissions not held by the user");
    assertThat(projectTokens()).hasSize(before);
    // An owner of the group is offered Owner.
    assertThat(Browser.signedIn(world, WebWorld.CAROL).get(GROUP_TOKENS).doc()
        .select("select[name=access_level] option").eachText()).contains("Owner");
  }

  @Test
  void aGroupAccessTokenNamesItsBotUserOnItsRowAndRevokingMovesItToInactive() {
    Browser carol = Browser.signedIn(world, WebWorld.CAROL);
    Browser.Page page = carol.get(GROUP_TOKENS);
    assertThat(page.doc().selectFirst("h1").text()).isEqualTo("Group access tokens");
    assertThat(carol.post(GROUP_TOKENS, "authenticity_token", page.csrf(), "name", "release",
        "scopes[]", "read_repository").status()).isEqualTo(303);
    Browser.Page shown = carol.get(GROUP_TOKENS);
    Element row = shown.doc().selectFirst("#active-heading ~ table tr:contains(release)");
    assertThat(row.text()).contains("group_2_bot").contains("Maintainer");
    String revoke = row.selectFirst("form").attr("action");
    assertThat(revoke).matches("/groups/acme/platform/-/settings/access_tokens/[0-9]+/revoke");

    Browser.Page confirm = carol.post(revoke, "authenticity_token", page.csrf());
    assertThat(confirm.doc().selectFirst("h1").text()).isEqualTo("Revoke release?");
    assertThat(carol.post(revoke, "authenticity_token", page.csrf(), "confirmed", "true").status())
        .isEqualTo(303);

    Browser.Page after = carol.get(GROUP_TOKENS);
    assertThat(after.doc().select("#active-heading ~ table tr:contains(release)")).isEmpty();
    assertThat(after.doc().selectFirst("#inactive-heading ~ table tr:contains(release)").text())
        .contains("Revoked");
  }

  @Test
  void aDeployTokenShowsItsUsernameAndTokenOnce() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    Browser.Page page = bob.get(PROJECT_DEPLOY);
    assertThat(page.doc().select("h2.section").text()).isEqualTo("Deploy tokens");
    assertThat(page.doc().selectFirst("#token-username-hint").text()).contains("wvs+deploy-token-{n}");
    assertThat(page.doc().select("input[name=scopes[]]").eachAttr("value"))
        .containsExactly("read_repository", "read_package_registry", "write_package_registry");
    assertThat(page.doc().selectFirst("input[name=expires_at]").val()).isEmpty();

    assertThat(bob.post(PROJECT_DEPLOY, "authenticity_token", page.csrf(), "name", "deployer",
        "scopes[]", "read_repository").status()).isEqualTo(303);
    Browser.Page shown = bob.get(PROJECT_DEPLOY);
    String username = shown.doc().getElementById("created-username").val();
    assertThat(username).startsWith("wvs+deploy-token-");
    assertThat(shown.doc().getElementById("created-token").val()).isNotBlank();
    assertThat(shown.doc().selectFirst("tr:contains(deployer)").text()).contains(username).contains("Never");

    assertThat(bob.post(PROJECT_DEPLOY, "authenticity_token", page.csrf(), "name", "custom",
        "username", "website-ci", "scopes[]", "read_repository").status()).isEqualTo(303);
    Browser.Page custom = bob.get(PROJECT_DEPLOY);
    assertThat(custom.doc().getElementById("created-username").val()).isEqualTo("website-ci");
    Browser.Page reloaded = bob.get(PROJECT_DEPLOY);
    assertThat(reloaded.doc().getElementById("created-username")).isNull();
    assertThat(reloaded.doc().getElementById("created-token")).isNull();

    // A taken username: the service's refusal on the form, nothing created.
    int before = projectDeployTokens().size();
    Browser.Page taken = bob.post(PROJECT_DEPLOY, "authenticity_token", page.csrf(), "name", "again",
        "username", "alice", "scopes[]", "read_repository");
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.doc().selectFirst(".alert.error").text()).contains("taken by a user");
    assertThat(projectDeployTokens()).hasSize(before);
  }

  @Test
  void aGroupDeployTokenIsRevokedFromItsOwnPath() {
    long id = world.auth.deployTokens().create(WebWorld.ROOT, ResourceRef.group(WebWorld.PLATFORM),
        DeployTokenSpec.of("group deploy", Scope.READ_REPOSITORY)).token().id();
    Browser carol = Browser.signedIn(world, WebWorld.CAROL);
    Browser.Page page = carol.get(GROUP_DEPLOY);
    String action = page.doc().selectFirst("tr[data-token-id=" + id + "] form").attr("action");
    assertThat(action).isEqualTo(GROUP_DEPLOY + "/deploy_tokens/" + id + "/revoke");
    assertThat(carol.post(action, "authenticity_token", page.csrf(), "confirmed", "true").status())
        .isEqualTo(303);
    assertThat(world.auth.deployTokens().get(WebWorld.ROOT, ResourceRef.group(WebWorld.PLATFORM), id)
        .revoked()).isTrue();
  }

  @Test
  void aProjectTheViewerIsNoMemberOfIsNotFound() {
    Browser.Page page = Browser.signedIn(world, WebWorld.CAROL).get(PROJECT_TOKENS);
    assertThat(page.status()).isEqualTo(404);
    assertThat(Browser.signedIn(world, WebWorld.BOB).get("/acme/nothing/-/settings/access_tokens").status())
        .isEqualTo(404);
  }

  @Test
  void theImpersonationPageIsRefusedToNonAdministrators() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    String csrf = bob.get("/-/profile/personal_access_tokens").csrf();
    Browser.Page page = bob.get("/admin/users/alice/impersonation_tokens");
    Browser.Page create = bob.post("/admin/users/alice/impersonation_tokens", "authenticity_token", csrf,
        "name", "as alice", "scopes[]", "api");
    assertThat(page.status()).isEqualTo(403);
    assertThat(create.status()).isEqualTo(403);
    assertThat(world.auth.personalTokens().listImpersonation(WebWorld.ROOT, WebWorld.ALICE)).isEmpty();

    Browser root = Browser.signedIn(world, WebWorld.ROOT);
    Browser.Page admin = root.get("/admin/users/alice/impersonation_tokens");
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.doc().select("input[name=scopes[]]").eachAttr("value")).doesNotContain("sudo");
    assertThat(root.post("/admin/users/alice/impersonation_tokens", "authenticity_token", admin.csrf(),
        "name", "as alice", "scopes[]", "read_api").status()).isEqualTo(303);
    String value = root.get("/admin/users/alice/impersonation_tokens").doc().getElementById("created-token").val();
    AuthResult result = world.auth.authenticator().authenticate(AuthRequest.api(value, "GET"));
    assertThat(((AuthResult.Success) result).principal().username()).isEqualTo("alice");
    assertThat(root.get("/admin/users/nobody/impersonation_tokens").status()).isEqualTo(404);
  }

  @Test
  void aTokenOfAnotherProjectCannotBeRevokedThroughThisOne() {
    long other = world.auth.resourceTokens().create(WebWorld.ROOT, ResourceRef.group(WebWorld.PLATFORM),
        TokenSpec.of("platform", Scope.READ_API), Role.REPORTER).token().id();
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    String csrf = bob.get(PROJECT_TOKENS).csrf();
    Browser.Page refused = bob.post(PROJECT_TOKENS + "/" + other + "/revoke", "authenticity_token", csrf,
        "confirmed", "true");
    assertThat(refused.status()).isEqualTo(404);
    assertThat(world.auth.resourceTokens().get(WebWorld.ROOT, ResourceRef.group(WebWorld.PLATFORM), other)
        .active()).isTrue();
  }

  @Test
  void malformedFormValuesAreRefusedOnTheFormNeverWithA500() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    String csrf = bob.get(PROJECT_TOKENS).csrf();
    int before = projectTokens().size();
    List<Browser.Page> refused = List.of(
        bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "bad date", "expires_at", "2026-13-45",
            "scopes[]", "api"),
        bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "bad level", "access_level", "owner",
            "scopes[]", "api"),
        bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "bad level", "access_level", "45",
            "scopes[]", "api"),
        bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "no scope"),
        bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "unknown scope", "scopes[]", "make_coffee"),
        bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "", "scopes[]", "api"),
        bob.post(PROJECT_TOKENS, "authenticity_token", csrf, "name", "yesterday", "expires_at", "2026-03-10",
            "scopes[]", "api"),
        bob.post(PROJECT_DEPLOY, "authenticity_token", csrf, "name", "bad user", "username", "a b",
            "scopes[]", "read_repository"),
        bob.post(PROJECT_DEPLOY, "authenticity_token", csrf, "name", "api deploy", "scopes[]", "api"));
    for (Browser.Page page : refused) {
      assertThat(page.status()).isEqualTo(400);
      assertThat(page.doc().selectFirst(".alert.error").text()).isNotBlank();
      assertThat(page.doc().selectFirst("form input[name=name]")).isNotNull();
    }
    assertThat(projectTokens()).hasSize(before);
  }

  @Test
  void aGroupMaintainerCreatesAGroupAccessTokenAndSeesItsBotUserOnItsRow() {
    Browser dave = Browser.signedIn(world, WebWorld.DAVE);
    Browser.Page page = dave.get(GROUP_TOKENS);
    assertThat(page.status()).isEqualTo(200);
    // A maintainer is offered roles up to Maintainer, never Owner.
    assertThat(page.doc().select("select[name=access_level] option").eachText())
        .containsExactly("Guest", "Reporter", "Developer", "Maintainer");

    assertThat(dave.post(GROUP_TOKENS, "authenticity_token", page.csrf(), "name", "group ci",
        "access_level", "20", "scopes[]", "read_api").status()).isEqualTo(303);
    Browser.Page shown = dave.get(GROUP_TOKENS);
    String value = shown.doc().getElementById("created-token").val();
    AuthResult result = world.auth.authenticator().authenticate(AuthRequest.api(value, "GET"));
    assertThat(result).isInstanceOf(AuthResult.Success.class);
    String bot = ((AuthResult.Success) result).principal().username();
    assertThat(bot).startsWith("group_" + WebWorld.PLATFORM + "_bot");

    Element row = shown.doc().selectFirst("#active-heading ~ table tr:contains(group ci)");
    List<String> headers = shown.doc().select("#active-heading ~ table th").eachText();
    // Every cell, empty ones too (eachText() leaves those out).
    List<String> cells = row.select("td").stream().map(Element::text).toList();
    assertThat(cells.get(headers.indexOf("Bot user"))).isEqualTo(bot);
    assertThat(cells.get(headers.indexOf("Role"))).isEqualTo("Reporter");
    assertThat(world.auth.resourceTokens().list(WebWorld.ROOT, ResourceRef.group(WebWorld.PLATFORM)))
        .filteredOn(t -> t.name().equals("group ci")).singleElement()
        .satisfies(t -> assertThat(world.directory.findUser(t.userId()).orElseThrow().username()).isEqualTo(bot));
  }

  @Test
  void aDeployTokensDefaultUsernameIsTheFormatWithItsIdShownOnceAndOnItsRow() {
    Browser bob = Browser.signedIn(world, WebWorld.BOB);
    Browser.Page page = bob.get(PROJECT_DEPLOY);
    Element username = page.doc().selectFirst("input[name=username]");
    assertThat(username.val()).as("empty: the default applies").isEmpty();
    assertThat(page.doc().getElementById(username.attr("aria-describedby")).selectFirst("code").text())
        .isEqualTo("wvs+deploy-token-{n}");

    assertThat(bob.post(PROJECT_DEPLOY, "authenticity_token", page.csrf(), "name", "default user",
        "scopes[]", "read_repository").status()).isEqualTo(303);
    Browser.Page shown = bob.get(PROJECT_DEPLOY);
    TokenView token = projectDeployTokens().stream().filter(t -> t.name().equals("default user"))
        .findFirst().orElseThrow();
    // {n} is the token's id, as the platform numbers them.
    String expected = "wvs+deploy-token-" + token.id();
    assertThat(token.username()).isEqualTo(expected);
    assertThat(shown.doc().getElementById("created-username").val()).isEqualTo(expected);
    Element row = shown.doc().selectFirst("tr[data-token-id=" + token.id() + "]");
    List<String> headers = shown.doc().select("#active-heading ~ table th").eachText();
    assertThat(row.select("td").stream().map(Element::text).toList().get(headers.indexOf("Username")))
        .isEqualTo(expected);
  }
}
