package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.API_PROJECT;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /user/personal_access_tokens}: users create their own personal tokens with a personal
 * token holding {@code api}, under the policy every creation follows; impersonation tokens, bots and
 * deploy tokens cannot.
 */
class OwnPersonalTokensApiTest extends ApiTestSupport {
  private static final String PATH = "/api/v4/user/personal_access_tokens";

  @Test
  void aUserCreatesTheirOwnPersonalTokenWithAPersonalApiToken() {
    User u = newUser();
    Response r = world.postJson(PATH, "{\"name\":\"laptop\",\"scopes\":[\"read_api\",\"read_repository\"],"
        + "\"expires_at\":\"2025-12-31\",\"description\":\"Home laptop\"}", privateToken(apiToken(u.id())));

    assertStatus(r, 201);
    JsonNode t = r.json();
    assertPersonalShape(t, "token");
    assertThat(t.get("user_id").asLong()).isEqualTo(u.id());
    assertThat(t.get("name").asText()).isEqualTo("laptop");
    assertThat(t.get("description").asText()).isEqualTo("Home laptop");
    assertThat(t.get("scopes")).extracting(JsonNode::asText).containsExactly("read_api", "read_repository");
    assertThat(t.get("expires_at").asText()).isEqualTo("2025-12-31");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    Response me = world.get("/api/v4/user", privateToken(t.get("token").asText()));
    assertThat(me.json().get("id").asLong()).isEqualTo(u.id());
  }

  @Test
  void creatingOnesOwnTokenNeedsTheApiScope() {
    User u = newUser();
    for (Scope weaker : new Scope[] {Scope.READ_API, Scope.READ_USER, Scope.WRITE_REPOSITORY}) {
      Response r = world.postJson(PATH, "{\"name\":\"x\",\"scopes\":[\"read_api\"]}",
          privateToken(world.pat(u.id(), weaker)));
      assertError(r, 403, "error", "insufficient_scope");
    }
    assertThat(world.auth.personalTokens().list(u.id(), u.id())).hasSize(3);
  }

  @Test
  void anImpersonationTokenCannotCreateTheUsersOwnTokens() {
    User u = newUser();
    String impersonation = world.auth.personalTokens().createImpersonation(ROOT, u.id(),
        TokenSpec.of("support", Scope.API)).value();

    Response r = world.postJson(PATH, "{\"name\":\"x\",\"scopes\":[\"api\"]}", privateToken(impersonation));

    assertError(r, 403, "message", "403 Forbidden");
    assertThat(world.auth.personalTokens().list(u.id(), u.id())).isEmpty();
  }

  @Test
  void aBotCannotCreateAPersonalTokenForItself() {
    String projectToken = world.auth.resourceTokens().create(ROOT, ResourceRef.project(API_PROJECT),
        TokenSpec.of("bot", Scope.API), Role.DEVELOPER).value();

    Response r = world.postJson(PATH, "{\"name\":\"x\",\"scopes\":[\"api\"]}", privateToken(projectToken));

    assertError(r, 403, "message", "403 Forbidden");
  }

  @Test
  void aDeployTokenIsNoUserHere() {
    String deploy = world.deployToken(ResourceRef.project(API_PROJECT), Scope.READ_REPOSITORY);

    Response r = world.postJson(PATH, "{\"name\":\"x\",\"scopes\":[\"api\"]}", "Deploy-Token", deploy);

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void ownTokensFollowThePolicyOfEveryCreation() {
    User u = newUser();
    String auth = apiToken(u.id());

    assertError(world.postJson(PATH, "{\"scopes\":[\"api\"]}", privateToken(auth)), 400, "error", "name is missing");
    assertThat(world.postJson(PATH, "{\"name\":\"x\",\"scopes\":[\"sudo\"]}", privateToken(auth)).status())
        .isEqualTo(400);
    assertThat(world.postJson(PATH, "{\"name\":\"x\",\"scopes\":[\"api\"],\"expires_at\":\"2027-01-01\"}",
        privateToken(auth)).status()).isEqualTo(400);
    assertError(world.postJson(PATH, "{\"name\":\"x\",\"scopes\":[\"read_package_registry\"]}", privateToken(auth)),
        400, "error", "scopes does not have a valid value");
    assertThat(world.auth.personalTokens().list(u.id(), u.id())).hasSize(1);
    Response noExpiry = world.postJson(PATH, "{\"name\":\"x\",\"scopes\":[\"api\"]}", privateToken(auth));
    assertThat(noExpiry.json().get("expires_at").asText()).isEqualTo("2026-03-10");
  }
}
