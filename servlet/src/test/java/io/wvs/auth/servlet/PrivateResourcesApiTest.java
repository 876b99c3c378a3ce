package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.OTHER;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.TOOLS;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Projects and groups the caller cannot see are not there: every token route under
 * {@code /projects/:id} and {@code /groups/:id}, by numeric id and by URL-encoded full path, answers
 * an existing one the caller is no member of exactly as one that does not exist. A caller who can
 * see it (a member, directly or through a group above, or an administrator) gets the usual answers,
 * 403 included below Maintainer.
 */
class PrivateResourcesApiTest extends ApiTestSupport {
  /** Every token route of a resource, {@code %s} standing for the resource segment. */
  private static final String[] ROUTES = {
    "GET /api/v4/%s/access_tokens",
    "POST /api/v4/%s/access_tokens",
    "GET /api/v4/%s/access_tokens/%d",
    "DELETE /api/v4/%s/access_tokens/%d",
    "POST /api/v4/%s/access_tokens/%d/rotate",
    "GET /api/v4/%s/deploy_tokens",
    "POST /api/v4/%s/deploy_tokens",
    "GET /api/v4/%s/deploy_tokens/%d",
    "DELETE /api/v4/%s/deploy_tokens/%d",
  };

  @Test
  void anExistingProjectTheCallerIsNoMemberOfAnswersAsAMissingOne() {
    String stranger = apiToken(newUser().id());
    long accessToken = accessTokenOf(ResourceRef.project(TOOLS));
    long deployToken = deployTokenOf(ResourceRef.project(TOOLS));

    for (String existing : List.of("projects/" + TOOLS, "projects/other%2Ftools")) {
      for (String missing : List.of("projects/999999", "projects/other%2Fmissing")) {
        assertSameAnswers(stranger, existing, missing, accessToken, deployToken, "404 Project Not Found");
      }
    }
  }

  @Test
  void anExistingGroupTheCallerIsNoMemberOfAnswersAsAMissingOne() {
    String stranger = apiToken(newUser().id());
    long accessToken = accessTokenOf(ResourceRef.group(OTHER));
    long deployToken = deployTokenOf(ResourceRef.group(OTHER));

    for (String existing : List.of("groups/" + OTHER, "groups/other")) {
      for (String missing : List.of("groups/999999", "groups/missing-group")) {
        assertSameAnswers(stranger, existing, missing, accessToken, deployToken, "404 Group Not Found");
      }
    }
  }

  @Test
  void aMemberOfAProjectInAGroupIsNotThereforeAMemberOfTheGroup() {
    // Alice is a Developer of acme/platform/api, and no member of acme/platform.
    String alice = world.pat(ALICE, Scope.API);
    for (String group : List.of("groups/" + TestWorld.PLATFORM, "groups/acme%2Fplatform")) {
      assertError(world.get("/api/v4/" + group + "/access_tokens", privateToken(alice)),
          404, "message", "404 Group Not Found");
      assertError(world.get("/api/v4/" + group + "/deploy_tokens", privateToken(alice)),
          404, "message", "404 Group Not Found");
    }
  }

  @Test
  void aMemberBelowMaintainerSeesTheResourceAndIsForbidden() {
    User developer = newUser();
    world.directory.addMember(developer.id(), ResourceRef.group(OTHER), Role.DEVELOPER);
    String token = apiToken(developer.id());
    long accessToken = accessTokenOf(ResourceRef.project(TOOLS));
    long deployToken = deployTokenOf(ResourceRef.project(TOOLS));

    // Through the group above: other/tools by id and by path, and the group itself.
    for (String resource : List.of("projects/" + TOOLS, "projects/other%2Ftools", "groups/" + OTHER, "groups/other")) {
      for (String route : ROUTES) {
        Response r = call(route, resource, accessToken, deployToken, token);
        assertThat(r.status()).as("%s on %s", route, resource).isEqualTo(403);
        assertThat(r.json().get("message").asText()).isEqualTo("403 Forbidden");
      }
    }
  }

  @Test
  void aMaintainerThroughAnAncestorGroupAndAnAdministratorSeeAndManage() {
    User maintainer = newUser();
    world.directory.addMember(maintainer.id(), ResourceRef.group(OTHER), Role.MAINTAINER);
    for (String token : List.of(apiToken(maintainer.id()), world.adminToken())) {
      for (String resource : List.of("projects/other%2Ftools", "groups/other")) {
        assertStatus(world.get("/api/v4/" + resource + "/access_tokens", privateToken(token)), 200);
        assertStatus(world.get("/api/v4/" + resource + "/deploy_tokens", privateToken(token)), 200);
      }
    }
  }

  @Test
  void aProjectBotSeesItsOwnProjectOnlyAndNoOtherOne() {
    String bot = world.auth.resourceTokens().create(ROOT, ResourceRef.project(TOOLS),
        TokenSpec.of("bot", Scope.API), Role.MAINTAINER).value();
    // A bot may not manage tokens (403) on its project; another project is not there for it.
    assertError(world.get("/api/v4/projects/" + TOOLS + "/access_tokens", privateToken(bot)),
        403, "message", "403 Forbidden");
    assertError(world.get("/api/v4/projects/" + TestWorld.WEBSITE + "/access_tokens", privateToken(bot)),
        404, "message", "404 Project Not Found");
    for (String[] pair : new String[][] {{"projects/" + TestWorld.WEBSITE, "projects/999999"},
        {"projects/acme%2Fwebsite", "projects/acme%2Fmissing"}, {"groups/acme", "groups/missing-group"}}) {
      for (String route : ROUTES) {
        Response onExisting = call(route, pair[0], 1, 1, bot);
        Response onMissing = call(route, pair[1], 1, 1, bot);
        assertThat(onExisting.status()).as("%s on %s", route, pair[0]).isEqualTo(404);
        assertThat(onExisting.body()).as("%s on %s", route, pair[0]).isEqualTo(onMissing.body());
        assertThat(headerNames(onExisting)).as("%s on %s", route, pair[0]).isEqualTo(headerNames(onMissing));
      }
    }
  }

  private void assertSameAnswers(String token, String existing, String missing, long accessToken,
      long deployToken, String message) {
    for (String route : ROUTES) {
      Response onExisting = call(route, existing, accessToken, deployToken, token);
      Response onMissing = call(route, missing, accessToken, deployToken, token);
      assertThat(onExisting.status()).as("%s on %s", route, existing).isEqualTo(404);
      assertThat(onExisting.json().get("message").asText()).as("%s on %s", route, existing).isEqualTo(message);
      assertThat(onExisting.status()).isEqualTo(onMissing.status());
      assertThat(onExisting.body()).as("%s: %s vs %s", route, existing, missing).isEqualTo(onMissing.body());
      assertThat(headerNames(onExisting)).isEqualTo(headerNames(onMissing));
    }
  }

  private static List<String> headerNames(Response r) {
    List<String> names = new ArrayList<>(r.headers().map().keySet());
    names.remove("date");
    names.sort(null);
    return names;
  }

  private static Response call(String route, String resource, long accessToken, long deployToken, String token) {
    String method = route.substring(0, route.indexOf(' '));
    String template = route.substring(route.indexOf(' ') + 1);
    String path = template.contains("%d")
        ? String.format(template, resource, template.contains("deploy_tokens") ? deployToken : accessToken)
        : String.format(template, resource);
    String body = !method.equals("POST") ? null : template.contains("deploy_tokens")
        ? "{\"name\":\"x\",\"scopes\":[\"read_repository\"]}"
        : path.endsWith("/rotate") ? "{}" : "{\"name\":\"x\",\"scopes\":[\"api\"]}";
    return world.send(method, path, body == null ? null : "application/json", body, privateToken(token));
  }

  private static long accessTokenOf(ResourceRef resource) {
    return world.auth.resourceTokens().create(ROOT, resource, TokenSpec.of("t", Scope.READ_API), Role.GUEST)
        .token().id();
  }

  private static long deployTokenOf(ResourceRef resource) {
    return world.auth.deployTokens().create(ROOT, resource, DeployTokenSpec.of("d", Scope.READ_REPOSITORY))
        .token().id();
  }
}
