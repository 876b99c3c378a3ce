package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.Scope;
import io.wvs.auth.servlet.TestWorld.Response;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** /projects/:id/deploy_tokens, /groups/:id/deploy_tokens and /deploy_tokens. */
class DeployTokensApiTest extends ApiTestSupport {

  @Test
  void maintainerCreatesProjectDeployTokenThenFieldByField() {
    String bob = apiToken(BOB);
    Response r = world.postJson("/api/v4/projects/1/deploy_tokens",
        "{\"name\":\"My deploy token\",\"expires_at\":\"2025-06-01\",\"username\":\"custom-user\","
            + "\"scopes\":[\"read_repository\",\"read_package_registry\"]}", privateToken(bob));
    assertStatus(r, 201);
    JsonNode t = r.json();
    assertThat(fieldNames(t)).containsExactly("id", "name", "username", "expires_at", "scopes", "revoked",
        "expired", "last_used_ips", "token");
    assertThat(t.get("id").isIntegralNumber()).isTrue();
    assertThat(t.get("name").asText()).isEqualTo("My deploy token");
    assertThat(t.get("username").asText()).isEqualTo("custom-user");
    assertThat(t.get("expires_at").asText()).isEqualTo("2025-06-01T00:00:00.000Z");
    assertThat(t.get("scopes")).extracting(JsonNode::asText).containsExactly("read_repository", "read_package_registry");
    assertThat(t.get("revoked").asBoolean()).isFalse();
    assertThat(t.get("expired").asBoolean()).isFalse();
    assertThat(t.get("token").asText()).startsWith("wvsdt-");
    String value = t.get("token").asText();
    assertStatus(world.get("/acme/platform/api.git/info/refs", "Authorization",
        TestWorld.basic("custom-user", value)), 200);

    Response list = world.get("/api/v4/projects/1/deploy_tokens", privateToken(bob));
    assertStatus(list, 200);
    JsonNode listed = byId(list.json(), t.get("id").asLong());
    assertThat(fieldNames(listed)).containsExactlyElementsOf(DEPLOY_FIELDS);
    assertThat(list.body()).doesNotContain(value);
    Response one = world.get("/api/v4/projects/1/deploy_tokens/" + t.get("id").asLong(), privateToken(bob));
    assertThat(fieldNames(one.json())).containsExactlyElementsOf(DEPLOY_FIELDS);
  }

  @Test
  void defaultUsernameNoExpiryAndDatetimeExpiry() {
    String bob = apiToken(BOB);
    Response r = world.postForm("/api/v4/projects/acme%2Fwebsite/deploy_tokens",
        "name=plain&scopes[]=read_registry", privateToken(bob));
    assertStatus(r, 201);
    assertThat(r.json().get("username").asText()).startsWith("wvs+deploy-token-");
    assertThat(r.json().get("expires_at").isNull()).isTrue();
    Response dt = world.postJson("/api/v4/projects/2/deploy_tokens",
        "{\"name\":\"dt\",\"scopes\":[\"read_repository\"],\"expires_at\":\"2025-07-01T00:00:00Z\"}", privateToken(bob));
    assertThat(dt.json().get("expires_at").asText()).isEqualTo("2025-07-01T00:00:00.000Z");
  }

  @Test
  void deleteThenNoContentAndActiveFilter() {
    String bob = apiToken(BOB);
    long id = world.postJson("/api/v4/projects/2/deploy_tokens", "{\"name\":\"gone\",\"scopes\":[\"read_repository\"]}",
        privateToken(bob)).json().get("id").asLong();
    assertStatus(world.delete("/api/v4/projects/2/deploy_tokens/" + id, privateToken(bob)), 204);
    JsonNode revoked = byId(world.get("/api/v4/projects/2/deploy_tokens", privateToken(bob)).json(), id);
    assertThat(revoked.get("revoked").asBoolean()).isTrue();
    assertThat(ids(world.get("/api/v4/projects/2/deploy_tokens?active=true", privateToken(bob)).json())).doesNotContain(id);
    assertThat(ids(world.get("/api/v4/projects/2/deploy_tokens?active=false", privateToken(bob)).json())).contains(id);
  }

  @Test
  void expiredFlagFollowsTheClock() {
    String bob = apiToken(BOB);
    long id = world.postJson("/api/v4/projects/2/deploy_tokens",
        "{\"name\":\"short\",\"scopes\":[\"read_repository\"],\"expires_at\":\"2025-03-12\"}", privateToken(bob))
        .json().get("id").asLong();
    String admin = world.adminToken();
    try {
      world.clock.set(Instant.parse("2025-03-12T00:00:00Z"));
      JsonNode t = world.get("/api/v4/projects/2/deploy_tokens/" + id, privateToken(admin)).json();
      assertThat(t.get("expired").asBoolean()).isTrue();
      assertThat(t.get("revoked").asBoolean()).isFalse();
    } finally {
      world.clock.set(TestWorld.START);
    }
  }

  @Test
  void groupDeployTokensAndAdminListing() {
    String admin = world.adminToken();
    Response r = world.postJson("/api/v4/groups/1/deploy_tokens",
        "{\"name\":\"group\",\"scopes\":[\"read_repository\"]}", privateToken(admin));
    assertStatus(r, 201);
    long id = r.json().get("id").asLong();
    assertThat(ids(world.get("/api/v4/groups/acme/deploy_tokens", privateToken(admin)).json())).contains(id);
    assertStatus(world.get("/api/v4/groups/1/deploy_tokens/" + id, privateToken(admin)), 200);
    assertError(world.get("/api/v4/projects/1/deploy_tokens/" + id, privateToken(admin)), 404, "message", "404 Token Not Found");
    Response all = world.get("/api/v4/deploy_tokens", privateToken(admin));
    assertStatus(all, 200);
    assertThat(ids(all.json())).contains(id);
    assertThat(fieldNames(byId(all.json(), id))).containsExactlyElementsOf(DEPLOY_FIELDS);
    assertStatus(world.delete("/api/v4/groups/1/deploy_tokens/" + id, privateToken(admin)), 204);
  }

  @Test
  void managementRulesAsTheCore() {
    String bob = apiToken(BOB);
    String alice = world.pat(ALICE, Scope.API);
    // Alice is a Developer of project 1: she sees it, and may not manage its deploy tokens.
    assertError(world.postJson("/api/v4/projects/1/deploy_tokens", "{\"name\":\"x\",\"scopes\":[\"read_repository\"]}",
        privateToken(alice)), 403, "message", "403 Forbidden");
    assertError(world.get("/api/v4/projects/1/deploy_tokens", privateToken(alice)), 403, "message", "403 Forbidden");
    // Bob is a member of neither group 1 nor project 3: for him they are not there.
    assertError(world.postJson("/api/v4/groups/1/deploy_tokens", "{\"name\":\"x\",\"scopes\":[\"read_repository\"]}",
        privateToken(bob)), 404, "message", "404 Group Not Found");
    assertError(world.get("/api/v4/projects/3/deploy_tokens", privateToken(bob)), 404, "message", "404 Project Not Found");
    assertError(world.get("/api/v4/deploy_tokens", privateToken(bob)), 403, "message", "403 Forbidden");
  }

  @Test
  void aDeployTokenCannotTakeAUserOrBotUsername() {
    String bob = apiToken(BOB);
    Response bot = world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"bot\",\"scopes\":[\"read_api\"]}", privateToken(bob));
    String botName = world.directory.findUser(bot.json().get("user_id").asLong()).orElseThrow().username();
    for (String username : new String[] {"root", "bob", botName, "project_1_bot99", "wvs+deploy-token-1"}) {
      Response r = world.postJson("/api/v4/projects/1/deploy_tokens",
          "{\"name\":\"x\",\"scopes\":[\"read_repository\"],\"username\":\"" + username + "\"}",
          privateToken(bob));
      assertStatus(r, 400);
      assertThat(r.json().get("message").asText()).as(username)
          .startsWith("400 Bad request - username '" + username + "' is ");
    }
    assertThat(world.get("/api/v4/projects/1/deploy_tokens", privateToken(bob)).json())
        .noneMatch(t -> t.get("name").asText().equals("x"));
  }

  @Test
  void aDeployTokenCannotTakeAnotherActiveDeployTokensUsername() {
    String bob = apiToken(BOB);
    String body = "{\"name\":\"y\",\"scopes\":[\"read_repository\"],\"username\":\"shared-puller\"}";
    Response first = world.postJson("/api/v4/projects/1/deploy_tokens", body, privateToken(bob));
    assertStatus(first, 201);
    Response second = world.postJson("/api/v4/projects/2/deploy_tokens", body, privateToken(bob));
    assertError(second, 400, "message",
        "400 Bad request - username 'shared-puller' is taken by another deploy token; choose another one");
    assertStatus(world.delete("/api/v4/projects/1/deploy_tokens/" + first.json().get("id").asLong(),
        privateToken(bob)), 204);
    assertStatus(world.postJson("/api/v4/projects/2/deploy_tokens", body, privateToken(bob)), 201);
  }

  @Test
  void invalidInputThenPlatformErrors() {
    String bob = apiToken(BOB);
    assertError(world.postJson("/api/v4/projects/1/deploy_tokens", "{\"name\":\"x\",\"scopes\":[\"api\"]}",
        privateToken(bob)), 400, "error", "scopes does not have a valid value");
    Response badUser = world.postJson("/api/v4/projects/1/deploy_tokens",
        "{\"name\":\"x\",\"scopes\":[\"read_repository\"],\"username\":\"bad user!\"}", privateToken(bob));
    assertStatus(badUser, 400);
    assertThat(badUser.json().get("message").asText()).startsWith("400 Bad request - ");
  }
}
