package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.Scope;
import io.wvs.auth.spi.User;
import io.wvs.auth.servlet.TestWorld.Response;
import org.junit.jupiter.api.Test;

/** /users/:id/impersonation_tokens: administrators only. */
class ImpersonationTokensApiTest extends ApiTestSupport {

  @Test
  void adminCreatesListsGetsAndRevokes() {
    User u = newUser();
    String admin = world.adminToken();
    String path = "/api/v4/users/" + u.id() + "/impersonation_tokens";
    Response created = world.postForm(path, "name=mytoken&expires_at=2025-04-04&scopes%5B%5D=api", privateToken(admin));
    assertStatus(created, 201);
    JsonNode t = created.json();
    assertPersonalShape(t, "impersonation", "token");
    assertThat(t.get("impersonation").asBoolean()).isTrue();
    assertThat(t.get("user_id").asLong()).isEqualTo(u.id());
    assertThat(t.get("expires_at").asText()).isEqualTo("2025-04-04");
    assertThat(t.get("scopes")).extracting(JsonNode::asText).containsExactly("api");
    String value = t.get("token").asText();
    long id = t.get("id").asLong();

    Response me = world.get("/api/v4/user", privateToken(value));
    assertThat(me.json().get("username").asText()).isEqualTo(u.username());

    Response list = world.get(path, privateToken(admin));
    assertStatus(list, 200);
    JsonNode listed = byId(list.json(), id);
    assertPersonalShape(listed, "impersonation");
    assertThat(listed.get("last_used_at").asText()).matches(TIMESTAMP);
    assertThat(list.body()).doesNotContain(value);

    Response one = world.get(path + "/" + id, privateToken(admin));
    assertStatus(one, 200);
    assertPersonalShape(one.json(), "impersonation");

    assertStatus(world.delete(path + "/" + id, privateToken(admin)), 204);
    assertStatus(world.get("/api/v4/user", privateToken(value)), 401);
    assertThat(ids(world.get(path + "?state=active", privateToken(admin)).json())).doesNotContain(id);
    assertThat(ids(world.get(path + "?state=inactive", privateToken(admin)).json())).containsExactly(id);
    assertThat(ids(world.get(path + "?state=all", privateToken(admin)).json())).containsExactly(id);
  }

  @Test
  void hiddenFromTheUsersOwnListing() {
    User u = newUser();
    String own = apiToken(u.id());
    Response created = world.postJson("/api/v4/users/" + u.id() + "/impersonation_tokens",
        "{\"name\":\"hidden\",\"scopes\":[\"read_api\"]}", privateToken(world.adminToken()));
    assertStatus(created, 201);
    assertThat(ids(world.get("/api/v4/personal_access_tokens", privateToken(own)).json()))
        .doesNotContain(created.json().get("id").asLong());
  }

  @Test
  void nonAdminCannotCreateOrListImpersonationTokens() {
    User u = newUser();
    String token = apiToken(u.id());
    assertError(world.postJson("/api/v4/users/" + u.id() + "/impersonation_tokens",
        "{\"name\":\"x\",\"scopes\":[\"api\"]}", privateToken(token)), 403, "message", "403 Forbidden");
    assertError(world.get("/api/v4/users/" + BOB + "/impersonation_tokens", privateToken(token)),
        403, "message", "403 Forbidden");
  }

  /** The administrator check comes first: a non-admin cannot tell which user ids exist (404 vs 403). */
  @Test
  void nonAdminLearnsNothingAboutUnknownUsers() {
    String token = apiToken(newUser().id());
    String path = "/api/v4/users/424242/impersonation_tokens";
    assertError(world.get(path, privateToken(token)), 403, "message", "403 Forbidden");
    assertError(world.postJson(path, "{\"name\":\"x\",\"scopes\":[\"api\"]}", privateToken(token)),
        403, "message", "403 Forbidden");
    assertError(world.get(path + "/1", privateToken(token)), 403, "message", "403 Forbidden");
    assertError(world.delete(path + "/1", privateToken(token)), 403, "message", "403 Forbidden");
  }

  @Test
  void personalTokenOrAnotherUsersTokenIsNoImpersonationToken() {
    User u = newUser();
    String admin = world.adminToken();
    String personal = world.pat(u.id(), Scope.API);
    long personalId = world.auth.personalTokens().list(u.id(), u.id()).get(0).id();
    assertError(world.get("/api/v4/users/" + u.id() + "/impersonation_tokens/" + personalId, privateToken(admin)),
        404, "message", "404 Impersonation Token Not Found");
    Response created = world.postJson("/api/v4/users/" + u.id() + "/impersonation_tokens",
        "{\"name\":\"x\",\"scopes\":[\"api\"]}", privateToken(admin));
    long id = created.json().get("id").asLong();
    assertError(world.get("/api/v4/users/" + BOB + "/impersonation_tokens/" + id, privateToken(admin)),
        404, "message", "404 Impersonation Token Not Found");
    assertError(world.delete("/api/v4/users/" + BOB + "/impersonation_tokens/" + id, privateToken(admin)),
        404, "message", "404 Impersonation Token Not Found");
    assertStatus(world.get("/api/v4/user", privateToken(personal)), 200);
  }

  @Test
  void unknownUserThenNotFound() {
    assertError(world.get("/api/v4/users/424242/impersonation_tokens", privateToken(world.adminToken())),
        404, "message", "404 User Not Found");
  }

  @Test
  void invalidInputThenPlatformErrors() {
    User u = newUser();
    String path = "/api/v4/users/" + u.id() + "/impersonation_tokens";
    assertError(world.postJson(path, "{\"name\":\"x\",\"scopes\":[\"write_package_registry\"]}",
        privateToken(world.adminToken())), 400, "error", "scopes does not have a valid value");
    assertError(world.get(path + "?state=maybe", privateToken(world.adminToken())),
        400, "error", "state does not have a valid value");
  }
}
