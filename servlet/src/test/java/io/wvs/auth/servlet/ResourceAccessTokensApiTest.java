package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.Scope;
import io.wvs.auth.servlet.TestWorld.Response;
import org.junit.jupiter.api.Test;

/** /projects/:id/access_tokens and /groups/:id/access_tokens. */
class ResourceAccessTokensApiTest extends ApiTestSupport {

  @Test
  void maintainerCreatesProjectTokenThenFieldByField() {
    String bob = apiToken(BOB);
    Response r = world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"test_token\",\"scopes\":[\"api\",\"read_repository\"],\"expires_at\":\"2025-12-31\","
            + "\"access_level\":30}", privateToken(bob));
    assertStatus(r, 201);
    JsonNode t = r.json();
    assertPersonalShape(t, "access_level", "token");
    assertThat(t.get("access_level").asInt()).isEqualTo(30);
    assertThat(t.get("name").asText()).isEqualTo("test_token");
    assertThat(t.get("scopes")).extracting(JsonNode::asText).containsExactly("api", "read_repository");
    assertThat(t.get("expires_at").asText()).isEqualTo("2025-12-31");
    long botId = t.get("user_id").asLong();
    assertThat(world.directory.findUser(botId).orElseThrow().bot()).isTrue();
    String value = t.get("token").asText();
    Response me = world.get("/api/v4/user", privateToken(value));
    assertThat(me.json().get("bot").asBoolean()).isTrue();
    assertThat(me.json().get("username").asText()).startsWith("project_1_bot");

    Response list = world.get("/api/v4/projects/1/access_tokens", privateToken(bob));
    assertStatus(list, 200);
    JsonNode listed = byId(list.json(), t.get("id").asLong());
    assertPersonalShape(listed, "access_level");
    assertThat(listed.get("access_level").asInt()).isEqualTo(30);
    assertThat(listed.get("last_used_at").asText()).matches(TIMESTAMP);
    assertThat(list.body()).doesNotContain(value);

    Response one = world.get("/api/v4/projects/1/access_tokens/" + t.get("id").asLong(), privateToken(bob));
    assertStatus(one, 200);
    assertThat(one.json().get("access_level").asInt()).isEqualTo(30);
  }

  @Test
  void projectByUrlEncodedPathAndDefaultRoleMaintainer() {
    String bob = apiToken(BOB);
    Response r = world.postForm("/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens",
        "name=by-path&scopes[]=read_api", privateToken(bob));
    assertStatus(r, 201);
    assertThat(r.json().get("access_level").asInt()).isEqualTo(40);
    assertThat(r.json().get("expires_at").asText()).isEqualTo("2026-03-10");
    assertThat(ids(world.get("/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens", privateToken(bob)).json()))
        .contains(r.json().get("id").asLong());
  }

  @Test
  void rotateThenOkKeepsAccessLevelAndRevokeThenNoContent() {
    String bob = apiToken(BOB);
    Response created = world.postJson("/api/v4/projects/2/access_tokens",
        "{\"name\":\"rot\",\"scopes\":[\"read_api\"],\"access_level\":20}", privateToken(bob));
    long id = created.json().get("id").asLong();
    Response rotated = world.postJson("/api/v4/projects/2/access_tokens/" + id + "/rotate",
        "{\"expires_at\":\"2025-04-01\"}", privateToken(bob));
    assertStatus(rotated, 200);
    assertPersonalShape(rotated.json(), "access_level", "token");
    assertThat(rotated.json().get("access_level").asInt()).isEqualTo(20);
    assertThat(rotated.json().get("expires_at").asText()).isEqualTo("2025-04-01");
    assertThat(rotated.json().get("user_id").asLong()).isEqualTo(created.json().get("user_id").asLong());
    assertStatus(world.get("/api/v4/user", privateToken(created.json().get("token").asText())), 401);
    String fresh = rotated.json().get("token").asText();
    assertStatus(world.get("/api/v4/projects/2/echo", privateToken(fresh)), 200);

    long newId = rotated.json().get("id").asLong();
    assertStatus(world.delete("/api/v4/projects/2/access_tokens/" + newId, privateToken(bob)), 204);
    assertStatus(world.get("/api/v4/projects/2/echo", privateToken(fresh)), 401);
    JsonNode after = byId(world.get("/api/v4/projects/2/access_tokens", privateToken(bob)).json(), newId);
    assertThat(after.get("revoked").asBoolean()).isTrue();
    assertThat(after.get("active").asBoolean()).isFalse();
    assertThat(after.get("access_level").isNull()).isTrue();
    assertThat(ids(world.get("/api/v4/projects/2/access_tokens?state=active", privateToken(bob)).json()))
        .doesNotContain(id, newId);
  }

  @Test
  void developerCannotCreateOrListProjectAccessTokens() {
    String alice = world.pat(ALICE, Scope.API);
    assertError(world.postJson("/api/v4/projects/1/access_tokens", "{\"name\":\"x\",\"scopes\":[\"api\"]}",
        privateToken(alice)), 403, "message", "403 Forbidden");
    assertError(world.get("/api/v4/projects/1/access_tokens", privateToken(alice)), 403, "message", "403 Forbidden");
  }

  @Test
  void aMaintainerCannotCreateAnOwnerLevelToken() {
    assertError(world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"x\",\"scopes\":[\"api\"],\"access_level\":50}", privateToken(apiToken(BOB))),
        400, "message", "400 Bad request - Not eligible to create tokens with permissions not held by the user");
  }

  /** An Owner-level token of {@code collection/id}, made by the administrator; its JSON. */
  private static JsonNode ownerLevelToken(String collection, long id, String name) {
    Response r = world.postJson("/api/v4/" + collection + "/" + id + "/access_tokens",
        "{\"name\":\"" + name + "\",\"scopes\":[\"api\"],\"expires_at\":\"2025-04-01\","
            + "\"access_level\":50}", privateToken(world.adminToken()));
    assertStatus(r, 201);
    assertThat(r.json().get("access_level").asInt()).isEqualTo(50);
    return r.json();
  }

  /** That the token is exactly as before a refused rotation or revocation, and has no successor. */
  private static void assertUnchanged(String collection, long id, JsonNode token) {
    String value = token.get("token").asText();
    assertStatus(world.get("/api/v4/" + collection + "/" + id + "/echo", privateToken(value)), 200);
    JsonNode all = world.get("/api/v4/" + collection + "/" + id + "/access_tokens",
        privateToken(world.adminToken())).json();
    JsonNode now = byId(all, token.get("id").asLong());
    assertThat(now.get("active").asBoolean()).isTrue();
    assertThat(now.get("revoked").asBoolean()).isFalse();
    assertThat(now.get("expires_at").asText()).isEqualTo("2025-04-01");
    assertThat(now.get("access_level").asInt()).isEqualTo(50);
    int named = 0;
    for (JsonNode t : all) {
      named += t.get("name").asText().equals(token.get("name").asText()) ? 1 : 0;
    }
    assertThat(named).as("no successor was issued").isEqualTo(1);
  }

  @Test
  void aMaintainerCannotRotateAnOwnerLevelProjectToken() {
    JsonNode owner = ownerLevelToken("projects", 1, "owner-rotate");
    Response r = world.postJson("/api/v4/projects/1/access_tokens/" + owner.get("id").asLong() + "/rotate",
        "{\"expires_at\":\"2026-03-01\"}", privateToken(apiToken(BOB)));
    assertError(r, 400, "message",
        "400 Bad request - Not eligible to rotate tokens with permissions not held by the user");
    assertThat(r.body()).doesNotContain("token\"");
    assertUnchanged("projects", 1, owner);
  }

  @Test
  void aMaintainerCannotRevokeAnOwnerLevelProjectToken() {
    JsonNode owner = ownerLevelToken("projects", 1, "owner-revoke");
    assertError(world.delete("/api/v4/projects/1/access_tokens/" + owner.get("id").asLong(),
        privateToken(apiToken(BOB))), 400, "message",
        "400 Bad request - Not eligible to revoke tokens with permissions not held by the user");
    assertUnchanged("projects", 1, owner);
    assertThat(world.directory.findUser(owner.get("user_id").asLong())).isPresent();
  }

  @Test
  void aMaintainerCannotRotateOrRevokeAnOwnerLevelGroupToken() {
    long maintainer = newUser().id();
    world.directory.addMember(maintainer, io.wvs.auth.ResourceRef.group(TestWorld.PLATFORM),
        io.wvs.auth.Role.MAINTAINER);
    String token = apiToken(maintainer);
    JsonNode owner = ownerLevelToken("groups", TestWorld.PLATFORM, "group-owner");
    long id = owner.get("id").asLong();
    assertError(world.postJson("/api/v4/groups/2/access_tokens/" + id + "/rotate", null, privateToken(token)),
        400, "message", "400 Bad request - Not eligible to rotate tokens with permissions not held by the user");
    assertError(world.delete("/api/v4/groups/2/access_tokens/" + id, privateToken(token)),
        400, "message", "400 Bad request - Not eligible to revoke tokens with permissions not held by the user");
    assertUnchanged("groups", TestWorld.PLATFORM, owner);
    // The same maintainer still manages a Maintainer-level token of the group.
    Response own = world.postJson("/api/v4/groups/2/access_tokens",
        "{\"name\":\"group-maintainer\",\"scopes\":[\"read_api\"]}", privateToken(token));
    assertStatus(own, 201);
    assertStatus(world.postJson("/api/v4/groups/2/access_tokens/" + own.json().get("id").asLong() + "/rotate",
        null, privateToken(token)), 200);
  }

  @Test
  void anAdministratorMayRotateAnOwnerLevelToken() {
    JsonNode owner = ownerLevelToken("projects", 1, "owner-by-admin");
    Response rotated = world.postJson("/api/v4/projects/1/access_tokens/" + owner.get("id").asLong() + "/rotate",
        null, privateToken(world.adminToken()));
    assertStatus(rotated, 200);
    assertThat(rotated.json().get("access_level").asInt()).isEqualTo(50);
    assertStatus(world.get("/api/v4/projects/1/echo", privateToken(rotated.json().get("token").asText())), 200);
    assertStatus(world.delete("/api/v4/projects/1/access_tokens/" + rotated.json().get("id").asLong(),
        privateToken(world.adminToken())), 204);
  }

  @Test
  void groupAccessTokensByAdministrator() {
    String admin = world.adminToken();
    Response r = world.postJson("/api/v4/groups/acme/access_tokens",
        "{\"name\":\"group-bot\",\"scopes\":[\"read_repository\"]}", privateToken(admin));
    assertStatus(r, 201);
    assertThat(r.json().get("access_level").asInt()).isEqualTo(40);
    long id = r.json().get("id").asLong();
    assertThat(ids(world.get("/api/v4/groups/1/access_tokens", privateToken(admin)).json())).contains(id);
    assertStatus(world.get("/api/v4/groups/1/access_tokens/" + id, privateToken(admin)), 200);
    assertError(world.get("/api/v4/projects/1/access_tokens/" + id, privateToken(admin)),
        404, "message", "404 Token Not Found");
    assertStatus(world.postJson("/api/v4/groups/1/access_tokens/" + id + "/rotate", null, privateToken(admin)), 200);
  }

  @Test
  void unknownResourcesAndTokensThenNotFound() {
    String admin = world.adminToken();
    assertError(world.get("/api/v4/projects/999/access_tokens", privateToken(admin)), 404, "message", "404 Project Not Found");
    assertError(world.get("/api/v4/projects/acme%2Fnope/access_tokens", privateToken(admin)),
        404, "message", "404 Project Not Found");
    assertError(world.get("/api/v4/groups/999/access_tokens", privateToken(admin)), 404, "message", "404 Group Not Found");
    assertError(world.get("/api/v4/groups/acme%2Fplatform%2Fapi/access_tokens", privateToken(admin)),
        404, "message", "404 Group Not Found");
    assertError(world.get("/api/v4/projects/1/access_tokens/777777", privateToken(admin)),
        404, "message", "404 Token Not Found");
  }

  @Test
  void invalidInputThenPlatformErrors() {
    String bob = apiToken(BOB);
    assertError(world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"x\",\"scopes\":[\"read_user\"]}", privateToken(bob)), 400, "error", "scopes does not have a valid value");
    assertError(world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"x\",\"scopes\":[\"api\"],\"access_level\":45}", privateToken(bob)),
        400, "error", "access_level does not have a valid value");
  }

  @Test
  void projectBotActsAsItselfAndCannotManageTokens() {
    String bob = apiToken(BOB);
    Response created = world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"bot\",\"scopes\":[\"api\"]}", privateToken(bob));
    String botToken = created.json().get("token").asText();
    assertError(world.get("/api/v4/projects/1/access_tokens", privateToken(botToken)), 403, "message", "403 Forbidden");
  }
}
