package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

/**
 * Bot users over HTTP: no personal or impersonation tokens for them, whoever asks; sudo into a bot
 * or another administrator acts as that user, with that user's rights.
 */
class BotUsersApiTest extends ApiTestSupport {

  /** A new project access token's bot user: its JSON from the access token API. */
  private static JsonNode newBot() {
    Response r = world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"bot-owner\",\"scopes\":[\"api\"]}", privateToken(apiToken(BOB)));
    assertStatus(r, 201);
    return r.json();
  }

  private static int userTokensOf(long userId) {
    return world.store.find(TokenQuery.ofUser(userId, TokenType.PERSONAL, TokenType.IMPERSONATION)).size();
  }

  @Test
  void anAdministratorCannotCreateAPersonalTokenForABot() {
    long bot = newBot().get("user_id").asLong();
    Response r = world.postJson("/api/v4/users/" + bot + "/personal_access_tokens",
        "{\"name\":\"pat\",\"scopes\":[\"api\"]}", privateToken(world.adminToken()));
    assertStatus(r, 403);
    assertThat(r.json().get("message").asText()).startsWith("403 Forbidden - user project_1_bot")
        .contains("bots get no personal tokens");
    assertThat(userTokensOf(bot)).isZero();
  }

  @Test
  void anAdministratorCannotCreateAnImpersonationTokenForABot() {
    long bot = newBot().get("user_id").asLong();
    Response r = world.postJson("/api/v4/users/" + bot + "/impersonation_tokens",
        "{\"name\":\"imp\",\"scopes\":[\"api\"]}", privateToken(world.adminToken()));
    assertStatus(r, 403);
    assertThat(r.json().get("message").asText()).contains("bots get no impersonation tokens");
    assertThat(userTokensOf(bot)).isZero();
  }

  @Test
  void sudoIntoABotActsAsTheBotWhichManagesNoTokens() {
    JsonNode token = newBot();
    String username = world.directory.findUser(token.get("user_id").asLong()).orElseThrow().username();
    String sudo = world.pat(ROOT, Scope.API, Scope.SUDO);
    Response me = world.get("/api/v4/user", "PRIVATE-TOKEN", sudo, "Sudo", username);
    assertStatus(me, 200);
    assertThat(me.json().get("username").asText()).isEqualTo(username);
    assertThat(me.json().get("bot").asBoolean()).isTrue();
    assertThat(me.json().get("is_admin").asBoolean()).isFalse();
    assertError(world.get("/api/v4/projects/1/access_tokens", "PRIVATE-TOKEN", sudo, "Sudo", username),
        403, "message", "403 Forbidden");
    assertError(world.postJson("/api/v4/users/" + token.get("user_id").asLong() + "/personal_access_tokens",
        "{\"name\":\"pat\",\"scopes\":[\"api\"]}", "PRIVATE-TOKEN", sudo, "Sudo", username),
        403, "message", "403 Forbidden");
  }

  @Test
  void sudoIntoAnotherAdministratorActsAsThatAdministrator() {
    User second = world.directory.put(User.admin(90, "second-admin"));
    String sudo = world.pat(ROOT, Scope.API, Scope.SUDO);
    Response me = world.get("/api/v4/user", "PRIVATE-TOKEN", sudo, "Sudo", "second-admin");
    assertStatus(me, 200);
    assertThat(me.json().get("id").asLong()).isEqualTo(second.id());
    assertThat(me.json().get("is_admin").asBoolean()).isTrue();
    // Acting as the other administrator: what it creates is made by (and for) that administrator.
    Response created = world.postJson("/api/v4/users/" + BOB + "/personal_access_tokens",
        "{\"name\":\"by-second\",\"scopes\":[\"read_api\"]}", "PRIVATE-TOKEN", sudo, "Sudo", "second-admin");
    assertStatus(created, 201);
    assertThat(world.store.findById(created.json().get("id").asLong()).orElseThrow().createdBy())
        .isEqualTo(second.id());
  }
}
