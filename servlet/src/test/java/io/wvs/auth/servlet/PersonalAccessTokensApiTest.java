package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.spi.User;
import io.wvs.auth.servlet.TestWorld.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /personal_access_tokens and POST /users/:id/personal_access_tokens. */
class PersonalAccessTokensApiTest extends ApiTestSupport {

  @Test
  void listWhenUserThenOwnTokensFieldByField() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken listed = world.auth.personalTokens().create(u.id(), u.id(),
        new TokenSpec("laptop", java.util.EnumSet.of(Scope.READ_API, Scope.READ_REPOSITORY),
            TestWorld.date("2025-06-01")));
    Response r = world.get("/api/v4/personal_access_tokens", privateToken(auth));
    assertStatus(r, 200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json()).hasSize(2);
    JsonNode t = byId(r.json(), listed.token().id());
    assertPersonalShape(t);
    assertThat(t.get("id").asLong()).isEqualTo(listed.token().id());
    assertThat(t.get("name").asText()).isEqualTo("laptop");
    assertThat(t.get("revoked").asBoolean()).isFalse();
    assertThat(t.get("created_at").asText()).isEqualTo("2025-03-10T12:00:00.123Z");
    assertThat(t.get("scopes")).extracting(JsonNode::asText).containsExactly("read_api", "read_repository");
    assertThat(t.get("user_id").asLong()).isEqualTo(u.id());
    assertThat(t.get("last_used_at").isNull()).isTrue();
    assertThat(t.get("active").asBoolean()).isTrue();
    assertThat(t.get("expires_at").asText()).isEqualTo("2025-06-01");
    assertThat(r.body()).doesNotContain(listed.value()).doesNotContain(auth);
    JsonNode self = byId(r.json(), world.auth.personalTokens().list(u.id(), u.id()).get(0).id());
    assertThat(self.get("last_used_at").asText()).isEqualTo("2025-03-10T12:00:00.123Z");
    assertThat(self.get("expires_at").asText()).isEqualTo("2026-03-10");
  }

  @Test
  void paginationLinksNeverStartWithTheRequestsHostHeader() throws Exception {
    User u = newUser();
    String auth = apiToken(u.id());
    world.pat(u.id(), Scope.READ_API);
    try (java.net.Socket socket = new java.net.Socket(world.base.getHost(), world.base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /api/v4/personal_access_tokens?per_page=1 HTTP/1.1\r\n"
          + "Host: evil.example\r\nPRIVATE-TOKEN: " + auth + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      String link = answer.lines().filter(l -> l.regionMatches(true, 0, "Link:", 0, 5)).findFirst()
          .orElseThrow(() -> new AssertionError(answer));
      assertThat(link).doesNotContain("evil.example")
          .contains("<" + world.base + "/api/v4/personal_access_tokens?");
    }
  }

  @Test
  void listPaginatesWithThePlatformsHeadersAndNeverEchoesTheToken() {
    User u = newUser();
    String auth = apiToken(u.id());
    for (int i = 0; i < 4; i++) {
      world.pat(u.id(), Scope.READ_API);
    }
    Response first = world.get("/api/v4/personal_access_tokens?per_page=2&private_token=" + auth);
    assertStatus(first, 200);
    assertThat(first.json()).hasSize(2);
    assertThat(first.header("X-Total")).isEqualTo("5");
    assertThat(first.header("X-Total-Pages")).isEqualTo("3");
    assertThat(first.header("X-Page")).isEqualTo("1");
    assertThat(first.header("X-Per-Page")).isEqualTo("2");
    assertThat(first.header("X-Next-Page")).isEqualTo("2");
    assertThat(first.header("X-Prev-Page")).isEmpty();
    assertThat(first.header("Link")).contains("rel=\"next\"").contains("page=2&per_page=2")
        .doesNotContain(auth).doesNotContain("private_token");
    Response last = world.get("/api/v4/personal_access_tokens?per_page=2&page=3", privateToken(auth));
    assertThat(last.json()).hasSize(1);
    assertThat(last.header("X-Next-Page")).isEmpty();
    assertThat(world.get("/api/v4/personal_access_tokens?per_page=2&page=9", privateToken(auth)).json()).isEmpty();
  }

  @Test
  void listFiltersAsThePlatform() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken revoked = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("old-ci", Scope.API));
    world.auth.personalTokens().revoke(u.id(), revoked.token().id());
    world.clock.advance(Duration.ofDays(2));
    CreatedToken later;
    try {
      later = world.auth.personalTokens().create(u.id(), u.id(),
          TokenSpec.of("deploy-bot", Scope.READ_API).expiringOn(TestWorld.date("2025-04-01")));
    } finally {
      world.clock.set(TestWorld.START);
    }
    String base = "/api/v4/personal_access_tokens?";
    assertThat(ids(world.get(base + "state=inactive", privateToken(auth)).json()))
        .containsExactly(revoked.token().id());
    assertThat(ids(world.get(base + "revoked=true", privateToken(auth)).json()))
        .containsExactly(revoked.token().id());
    assertThat(ids(world.get(base + "search=CI", privateToken(auth)).json())).containsExactly(revoked.token().id());
    assertThat(ids(world.get(base + "created_after=2025-03-11T00:00:00", privateToken(auth)).json()))
        .containsExactly(later.token().id());
    assertThat(ids(world.get(base + "created_before=2025-03-11", privateToken(auth)).json()))
        .doesNotContain(later.token().id()).hasSize(2);
    assertThat(ids(world.get(base + "expires_before=2025-05-01", privateToken(auth)).json()))
        .containsExactly(later.token().id());
    assertThat(ids(world.get(base + "last_used_after=2025-03-10T00:00:00Z", privateToken(auth)).json()))
        .hasSize(1).doesNotContain(later.token().id(), revoked.token().id());
    assertThat(ids(world.get(base + "sort=name_asc", privateToken(auth)).json()).get(0))
        .isEqualTo(later.token().id());
    assertError(world.get(base + "state=sleepy", privateToken(auth)), 400, "error", "state does not have a valid value");
    assertError(world.get(base + "created_after=yesterday", privateToken(auth)), 400, "error", "created_after is invalid");
  }

  @Test
  void listWithAnotherUsersIdThenUnauthorizedForNonAdmins() {
    User u = newUser();
    assertError(world.get("/api/v4/personal_access_tokens?user_id=" + BOB, privateToken(apiToken(u.id()))),
        401, "message", "401 Unauthorized");
    assertStatus(world.get("/api/v4/personal_access_tokens?user_id=" + u.id(), privateToken(apiToken(u.id()))), 200);
  }

  @Test
  void listWhenAdminWithoutUserIdThenEveryTokenOfTheInstance() {
    User u = newUser();
    world.pat(u.id(), Scope.READ_API);
    CreatedToken imp = world.auth.personalTokens().createImpersonation(ROOT, u.id(), TokenSpec.of("imp", Scope.API));
    Response all = world.get("/api/v4/personal_access_tokens?per_page=100", privateToken(world.adminToken()));
    assertStatus(all, 200);
    assertThat(all.json()).anySatisfy(t -> assertThat(t.get("user_id").asLong()).isEqualTo(u.id()));
    assertThat(ids(all.json())).contains(imp.token().id());
    Response mine = world.get("/api/v4/personal_access_tokens?per_page=100", privateToken(apiToken(u.id())));
    assertThat(ids(mine.json())).doesNotContain(imp.token().id());
  }

  @Test
  void listWhenAdminWithUserIdThenThatUsersTokensIncludingImpersonation() {
    User u = newUser();
    String own = world.pat(u.id(), Scope.READ_API);
    CreatedToken imp = world.auth.personalTokens().createImpersonation(ROOT, u.id(), TokenSpec.of("imp", Scope.API));
    Response r = world.get("/api/v4/personal_access_tokens?user_id=" + u.id(), privateToken(world.adminToken()));
    assertStatus(r, 200);
    assertThat(r.json()).hasSize(2);
    assertThat(ids(r.json())).contains(imp.token().id());
    assertThat(r.body()).doesNotContain(own);
    Response byName = world.get("/api/v4/personal_access_tokens?user_id=" + u.username(),
        privateToken(world.adminToken()));
    assertThat(byName.json()).hasSize(2);
    assertError(world.get("/api/v4/personal_access_tokens?user_id=99999", privateToken(world.adminToken())),
        404, "message", "404 User Not Found");
    Response userOwn = world.get("/api/v4/personal_access_tokens", privateToken(own));
    assertThat(ids(userOwn.json())).doesNotContain(imp.token().id());
  }

  @Test
  void getByIdAndSelf() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken other = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("other", Scope.READ_USER));
    Response byId = world.get("/api/v4/personal_access_tokens/" + other.token().id(), privateToken(auth));
    assertStatus(byId, 200);
    assertPersonalShape(byId.json());
    assertThat(byId.json().get("name").asText()).isEqualTo("other");
    Response self = world.get("/api/v4/personal_access_tokens/self", privateToken(auth));
    assertStatus(self, 200);
    assertPersonalShape(self.json());
    assertThat(self.json().get("scopes")).extracting(JsonNode::asText).containsExactly("api");
    assertThat(self.json().get("last_used_at").asText()).isEqualTo("2025-03-10T12:00:00.123Z");
  }

  @Test
  void getOfSomeoneElsesTokenThenUnauthorizedAndForAdminsNotFoundWhenMissing() {
    User u = newUser();
    CreatedToken bobs = world.auth.personalTokens().create(BOB, BOB, TokenSpec.of("bobs", Scope.API));
    assertError(world.get("/api/v4/personal_access_tokens/" + bobs.token().id(), privateToken(apiToken(u.id()))),
        401, "message", "401 Unauthorized");
    assertStatus(world.get("/api/v4/personal_access_tokens/" + bobs.token().id(), privateToken(world.adminToken())), 200);
    assertError(world.get("/api/v4/personal_access_tokens/987654", privateToken(world.adminToken())),
        404, "message", "404 Not found");
    assertError(world.get("/api/v4/personal_access_tokens/abc", privateToken(world.adminToken())),
        404, "message", "404 Not found");
  }

  @Test
  void revokeByIdAndSelfThenNoContentAndTheTokenStopsWorking() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken victim = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("v", Scope.API));
    Response revoke = world.delete("/api/v4/personal_access_tokens/" + victim.token().id(), privateToken(auth));
    assertStatus(revoke, 204);
    assertThat(revoke.body()).isEmpty();
    assertError(world.get("/api/v4/user", privateToken(victim.value())), 401, "error", "invalid_token");
    Response again = world.delete("/api/v4/personal_access_tokens/" + victim.token().id(), privateToken(auth));
    assertStatus(again, 204);
    assertStatus(world.delete("/api/v4/personal_access_tokens/self", privateToken(auth)), 204);
    assertStatus(world.get("/api/v4/user", privateToken(auth)), 401);
  }

  @Test
  void revokeOfSomeoneElsesTokenThenRefusedAndTokenStillWorks() {
    User u = newUser();
    String bobs = world.pat(BOB, Scope.API);
    long id = world.auth.personalTokens().list(BOB, BOB).stream().mapToLong(v -> v.id()).max().orElseThrow();
    assertStatus(world.delete("/api/v4/personal_access_tokens/" + id, privateToken(apiToken(u.id()))), 401);
    assertStatus(world.get("/api/v4/user", privateToken(bobs)), 200);
  }

  @Test
  void rotateByIdThenOkWithNewTokenExpiringInAWeek() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken old = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("rot", Scope.READ_API));
    Response r = world.postJson("/api/v4/personal_access_tokens/" + old.token().id() + "/rotate", "", privateToken(auth));
    assertStatus(r, 200);
    JsonNode t = r.json();
    assertPersonalShape(t, "token");
    assertThat(t.get("id").asLong()).isNotEqualTo(old.token().id());
    assertThat(t.get("name").asText()).isEqualTo("rot");
    assertThat(t.get("expires_at").asText()).isEqualTo("2025-03-17");
    assertThat(t.get("token").asText()).startsWith("wvspat-");
    assertStatus(world.get("/api/v4/user", privateToken(t.get("token").asText())), 200);
    assertStatus(world.get("/api/v4/user", privateToken(old.value())), 401);
    Response twice = world.postJson("/api/v4/personal_access_tokens/" + old.token().id() + "/rotate", "{}",
        privateToken(auth));
    assertStatus(twice, 400);
    assertThat(twice.json().get("message").asText()).startsWith("400 Bad request - ");
  }

  @Test
  void rotateWithExpiresAtInJsonOrQuery() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken a = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("a", Scope.API));
    Response json = world.postJson("/api/v4/personal_access_tokens/" + a.token().id() + "/rotate",
        "{\"expires_at\":\"2025-05-05\"}", privateToken(auth));
    assertThat(json.json().get("expires_at").asText()).isEqualTo("2025-05-05");
    CreatedToken b = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("b", Scope.API));
    Response query = world.postJson("/api/v4/personal_access_tokens/" + b.token().id() + "/rotate?expires_at=2025-05-06",
        null, privateToken(auth));
    assertThat(query.json().get("expires_at").asText()).isEqualTo("2025-05-06");
    Response past = world.postJson("/api/v4/personal_access_tokens/" + query.json().get("id").asLong() + "/rotate",
        "{\"expires_at\":\"2020-01-01\"}", privateToken(auth));
    assertStatus(past, 400);
    assertError(world.postJson("/api/v4/personal_access_tokens/self/rotate", "{\"expires_at\":\"soon\"}",
        privateToken(auth)), 400, "error", "expires_at is invalid");
  }

  @Test
  void selfRotateThenTheUsedTokenIsReplaced() {
    User u = newUser();
    String auth = apiToken(u.id());
    Response r = world.postJson("/api/v4/personal_access_tokens/self/rotate", null, privateToken(auth));
    assertStatus(r, 200);
    String fresh = r.json().get("token").asText();
    assertStatus(world.get("/api/v4/user", privateToken(auth)), 401);
    assertStatus(world.get("/api/v4/user", privateToken(fresh)), 200);
  }

  @Test
  void readApiTokenCannotRotateItself() {
    User u = newUser();
    Response r = world.postJson("/api/v4/personal_access_tokens/self/rotate", null,
        privateToken(world.pat(u.id(), Scope.READ_API)));
    assertError(r, 403, "error", "insufficient_scope");
  }

  @Test
  void adminCreatesForUserWithJsonThenCreatedFieldByField() {
    User u = newUser();
    Response r = world.postJson("/api/v4/users/" + u.id() + "/personal_access_tokens",
        "{\"name\":\"mytoken\",\"scopes\":[\"api\",\"read_user\"],\"expires_at\":\"2025-12-31\","
            + "\"description\":\"ignored\"}", privateToken(world.adminToken()));
    assertStatus(r, 201);
    JsonNode t = r.json();
    assertPersonalShape(t, "token");
    // The description is kept now (it used to be dropped), as the platform keeps it.
    assertThat(t.get("description").asText()).isEqualTo("ignored");
    assertThat(t.get("name").asText()).isEqualTo("mytoken");
    assertThat(t.get("user_id").asLong()).isEqualTo(u.id());
    assertThat(t.get("scopes")).extracting(JsonNode::asText).containsExactly("api", "read_user");
    assertThat(t.get("expires_at").asText()).isEqualTo("2025-12-31");
    assertThat(t.get("created_at").asText()).isEqualTo("2025-03-10T12:00:00.123Z");
    assertThat(t.get("active").asBoolean()).isTrue();
    assertThat(t.get("revoked").asBoolean()).isFalse();
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    Response me = world.get("/api/v4/user", privateToken(t.get("token").asText()));
    assertThat(me.json().get("username").asText()).isEqualTo(u.username());
  }

  @Test
  void adminCreatesForUserWithFormAndScopesArray() {
    User u = newUser();
    Response r = world.postForm("/api/v4/users/" + u.id() + "/personal_access_tokens",
        "name=form+token&scopes%5B%5D=read_api&scopes%5B%5D=read_repository", privateToken(world.adminToken()));
    assertStatus(r, 201);
    assertThat(r.json().get("name").asText()).isEqualTo("form token");
    assertThat(r.json().get("scopes")).extracting(JsonNode::asText).containsExactly("read_api", "read_repository");
    assertThat(r.json().get("expires_at").asText()).isEqualTo("2026-03-10");
  }

  @Test
  void createForUserValidatesAsThePlatform() {
    User u = newUser();
    String path = "/api/v4/users/" + u.id() + "/personal_access_tokens";
    String admin = world.adminToken();
    assertError(world.postJson(path, "{\"name\":\"x\",\"scopes\":[\"api\",\"bogus\"]}", privateToken(admin)),
        400, "error", "scopes does not have a valid value");
    assertError(world.postJson(path, "{\"name\":\"x\",\"scopes\":[\"read_package_registry\"]}", privateToken(admin)),
        400, "error", "scopes does not have a valid value");
    assertError(world.postJson(path, "{\"scopes\":[\"api\"]}", privateToken(admin)), 400, "error", "name is missing");
    assertError(world.postJson(path, "{}", privateToken(admin)), 400, "error", "name is missing, scopes is missing");
    assertError(world.postJson(path, "{\"name\":\"x\",\"scopes\":[]}", privateToken(admin)), 400, "error", "scopes is empty");
    Response past = world.postJson(path, "{\"name\":\"x\",\"scopes\":[\"api\"],\"expires_at\":\"2025-03-10\"}",
        privateToken(admin));
    assertStatus(past, 400);
    assertThat(past.json().get("message").asText()).startsWith("400 Bad request - expiry date 2025-03-10");
    Response sudo = world.postJson(path, "{\"name\":\"x\",\"scopes\":[\"sudo\"]}", privateToken(admin));
    assertStatus(sudo, 400);
    assertThat(sudo.json().get("message").asText()).contains("sudo");
    assertError(world.postJson("/api/v4/users/99999/personal_access_tokens", "{\"name\":\"x\",\"scopes\":[\"api\"]}",
        privateToken(admin)), 404, "message", "404 User Not Found");
  }

  @Test
  void nonAdminCannotCreateForAnyUserEvenThemselves() {
    User u = newUser();
    assertError(world.postJson("/api/v4/users/" + u.id() + "/personal_access_tokens",
        "{\"name\":\"x\",\"scopes\":[\"api\"]}", privateToken(apiToken(u.id()))), 403, "message", "403 Forbidden");
  }
}
