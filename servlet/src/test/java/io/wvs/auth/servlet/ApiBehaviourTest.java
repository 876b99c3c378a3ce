package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.Scope;
import io.wvs.auth.servlet.TestWorld.Response;
import org.junit.jupiter.api.Test;

/** /user, routing, input limits and the servlet's own error mapping. */
class ApiBehaviourTest extends ApiTestSupport {

  @Test
  void currentUserFieldByField() {
    Response r = world.get("/api/v4/user", privateToken(world.pat(ALICE, Scope.READ_USER)));
    assertStatus(r, 200);
    JsonNode u = r.json();
    assertThat(fieldNames(u)).containsExactly("id", "username", "name", "state", "bot", "is_admin",
        "two_factor_enabled");
    assertThat(u.get("id").asLong()).isEqualTo(ALICE);
    assertThat(u.get("username").asText()).isEqualTo("alice");
    assertThat(u.get("state").asText()).isEqualTo("active");
    assertThat(u.get("bot").asBoolean()).isFalse();
    assertThat(u.get("is_admin").asBoolean()).isFalse();
    assertThat(u.get("two_factor_enabled").asBoolean()).isTrue();
  }

  @Test
  void currentUserUnderSudoIsTheTarget() {
    Response r = world.get("/api/v4/user", "PRIVATE-TOKEN", world.pat(ROOT, Scope.API, Scope.SUDO), "Sudo", "bob");
    assertThat(r.json().get("username").asText()).isEqualTo("bob");
    Response admin = world.get("/api/v4/user", privateToken(world.adminToken()));
    assertThat(admin.json().get("is_admin").asBoolean()).isTrue();
  }

  @Test
  void sudoTargetManagesTheirOwnTokens() {
    String sudo = world.pat(ROOT, Scope.API, Scope.SUDO);
    Response r = world.send("GET", "/api/v4/personal_access_tokens", null, null, "PRIVATE-TOKEN", sudo, "Sudo", "bob");
    assertStatus(r, 200);
    r.json().forEach(t -> assertThat(t.get("user_id").asLong()).isEqualTo(BOB));
  }

  @Test
  void withoutTheFilterResultThenUnauthorized() {
    assertError(world.get("/api/v4/personal_access_tokens"), 401, "message", "401 Unauthorized");
    assertError(world.postJson("/api/v4/projects/1/access_tokens", "{}"), 401, "message", "401 Unauthorized");
  }

  @Test
  void unknownRouteThenNotFoundAndWrongMethodThenNotAllowed() {
    String token = apiToken(BOB);
    assertError(world.get("/api/v4/nothing/here", privateToken(token)), 404, "error", "404 Not Found");
    assertError(world.get("/api/v4/personal_access_tokens/1/rotate/x", privateToken(token)), 404, "error", "404 Not Found");
    Response r = world.send("PUT", "/api/v4/personal_access_tokens", "application/json", "{}", privateToken(token));
    assertError(r, 405, "message", "405 Method Not Allowed");
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
    assertStatus(world.get("/api/v4/personal_access_tokens/1/rotate", privateToken(token)), 405);
  }

  @Test
  void trailingSlashIsAccepted() {
    Response r = world.postJson("/api/v4/projects/2/deploy_tokens/", "{\"name\":\"s\",\"scopes\":[\"read_repository\"]}",
        privateToken(apiToken(BOB)));
    assertStatus(r, 201);
  }

  @Test
  void headAnswersHeadersOnly() {
    Response r = world.send("HEAD", "/api/v4/user", null, null, privateToken(apiToken(BOB)));
    assertStatus(r, 200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void malformedJsonThenBadRequest() {
    String admin = world.adminToken();
    String path = "/api/v4/users/" + BOB + "/personal_access_tokens";
    assertError(world.postJson(path, "{\"name\": ", privateToken(admin)), 400, "message",
        "400 Bad request - the body is not valid JSON");
    assertError(world.postJson(path, "[\"api\"]", privateToken(admin)), 400, "message",
        "400 Bad request - the body must be a JSON object");
    assertError(world.postJson(path, "{\"name\":\"a\",\"name\":\"b\",\"scopes\":[\"api\"]}", privateToken(admin)),
        400, "message", "400 Bad request - the body is not valid JSON");
    assertError(world.postJson(path, "{\"name\":{\"x\":1},\"scopes\":[\"api\"]}", privateToken(admin)),
        400, "error", "name is invalid");
    assertError(world.postJson(path, "{\"name\":\"x\",\"scopes\":[1]}", privateToken(admin)),
        400, "error", "scopes is invalid");
    assertError(world.postJson(path, "{\"name\":\"x\"} trailing", privateToken(admin)), 400, "message",
        "400 Bad request - the body is not valid JSON");
  }

  @Test
  void nonUtf8BodyThenBadRequest() {
    String admin = world.adminToken();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(world.base + "/api/v4/users/" + BOB + "/personal_access_tokens"))
        .header("PRIVATE-TOKEN", admin).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
            new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))
        .build();
    try {
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
          .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("UTF-8");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void oversizedBodyThenRequestEntityTooLarge() {
    String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"scopes\":[\"api\"]}";
    Response r = world.postJson("/api/v4/users/" + BOB + "/personal_access_tokens", big, privateToken(world.adminToken()));
    assertError(r, 413, "message", "413 Request Entity Too Large");
  }

  @Test
  void overlongNameThenBadRequestFromTheCore() {
    Response r = world.postJson("/api/v4/users/" + BOB + "/personal_access_tokens",
        "{\"name\":\"" + "n".repeat(300) + "\",\"scopes\":[\"api\"]}", privateToken(world.adminToken()));
    assertStatus(r, 400);
    assertThat(r.json().get("message").asText()).startsWith("400 Bad request - name must be at most 255");
  }

  @Test
  void nameLengthCountsCodePointsNotUtf16Units() {
    String key = "\ud83d\udd11";
    String longest = key.repeat(255);
    String admin = world.adminToken();
    String path = "/api/v4/users/" + BOB + "/personal_access_tokens";

    Response ok = world.postJson(path, "{\"name\":\"" + longest + "\",\"scopes\":[\"api\"]}", privateToken(admin));
    assertStatus(ok, 201);
    assertThat(ok.json().get("name").asText()).isEqualTo(longest).hasSize(510);
    Response deploy = world.postJson("/api/v4/projects/" + TestWorld.API_PROJECT + "/deploy_tokens",
        "{\"name\":\"" + longest + "\",\"scopes\":[\"read_repository\"]}", privateToken(admin));
    assertStatus(deploy, 201);
    assertThat(deploy.json().get("name").asText()).isEqualTo(longest);

    Response tooLong = world.postJson(path, "{\"name\":\"" + longest + key + "\",\"scopes\":[\"api\"]}",
        privateToken(admin));
    assertStatus(tooLong, 400);
    assertThat(tooLong.json().get("message").asText()).startsWith("400 Bad request - name must be at most 255");
  }

  @Test
  void scopesWithNulOrControlCharactersAreRefusedNamingTheParameter() {
    String admin = world.adminToken();
    String path = "/api/v4/users/" + BOB + "/personal_access_tokens";
    for (String json : new String[] {"[\"api\\u0000\"]", "[\"\\u0000api\"]", "[\"api\\u001f\"]", "[\"api\\n\"]",
        "[\"api\\t\"]", "\"api,read_user\\u0000\"", "[\"read_user\",\"api\\u007f\"]"}) {
      Response r = world.postJson(path, "{\"name\":\"n\",\"scopes\":" + json + "}", privateToken(admin));
      assertError(r, 400, "error", "scopes is invalid");
    }
    for (String form : new String[] {"scopes=api%00", "scopes[]=api%00", "scopes=api,read_user%0D", "scopes[]=%01api"}) {
      Response r = world.postForm(path, "name=n&" + form, privateToken(admin));
      assertError(r, 400, "error", "scopes is invalid");
      Response q = world.postForm(path + "?" + form, "name=n", privateToken(admin));
      assertError(q, 400, "error", "scopes is invalid");
    }
    assertStatus(world.postJson(path, "{\"name\":\"n\",\"scopes\":[\" api \", \"read_user\"]}", privateToken(admin)), 201);
  }

  @Test
  void malformedQueryStringThenBadRequest() {
    assertError(world.get("/api/v4/personal_access_tokens?search=%C3%28", privateToken(apiToken(BOB))), 400,
        "message", "400 Bad request - the query string is malformed");
  }

  @Test
  void everyAnswerIsNoStore() {
    Response r = world.get("/api/v4/user", privateToken(apiToken(BOB)));
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void storeDownDuringManagementThenServiceUnavailable() {
    // Authentication still works (lookups by digest), listing fails in the servlet.
    String bob = apiToken(BOB);
    world.store.queriesDown(true);
    try {
      Response r = world.get("/api/v4/personal_access_tokens", privateToken(bob));
      assertError(r, 503, "message", "503 Service Unavailable");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("timed out");
    } finally {
      world.store.queriesDown(false);
    }
  }
}
