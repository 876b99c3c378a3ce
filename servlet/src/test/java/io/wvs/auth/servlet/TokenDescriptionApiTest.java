package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

/**
 * {@code description} over HTTP: accepted by every create endpoint, returned by create, list and
 * get, matched by {@code search} like the name, and refused when it is not one line of at most
 * 255 characters.
 */
class TokenDescriptionApiTest extends ApiTestSupport {

  @Test
  void aPersonalTokensDescriptionIsReturnedByCreateGetAndList() {
    User u = newUser();
    Response created = world.postJson("/api/v4/users/" + u.id() + "/personal_access_tokens",
        "{\"name\":\"laptop\",\"scopes\":[\"read_api\"],\"description\":\"Backups – 東京 🚀\"}",
        privateToken(world.adminToken()));
    assertStatus(created, 201);
    assertThat(created.json().get("description").asText()).isEqualTo("Backups – 東京 🚀");
    long id = created.json().get("id").asLong();
    String own = created.json().get("token").asText();

    Response one = world.get("/api/v4/personal_access_tokens/" + id, privateToken(own));
    assertStatus(one, 200);
    assertPersonalShape(one.json());
    assertThat(one.json().get("description").asText()).isEqualTo("Backups – 東京 🚀");
    Response list = world.get("/api/v4/personal_access_tokens", privateToken(own));
    assertThat(byId(list.json(), id).get("description").asText()).isEqualTo("Backups – 東京 🚀");
  }

  @Test
  void searchMatchesTheNameOrTheDescription() {
    User u = newUser();
    String auth = apiToken(u.id());
    long byDescription = createPersonal(u, "laptop", "Nightly BACKUPS");
    long byName = createPersonal(u, "backups-ci", null);
    createPersonal(u, "desk", "editor plugin");

    assertThat(ids(world.get("/api/v4/personal_access_tokens?search=backups", privateToken(auth)).json()))
        .containsExactly(byDescription, byName);
    assertThat(ids(world.get("/api/v4/personal_access_tokens?search=nightly", privateToken(auth)).json()))
        .containsExactly(byDescription);
  }

  @Test
  void aProjectAccessTokensDescriptionIsListedAndSearchable() {
    String bob = apiToken(BOB);
    Response r = world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"bot\",\"scopes\":[\"read_api\"],\"description\":\"Release tagging\"}", privateToken(bob));
    assertStatus(r, 201);
    assertPersonalShape(r.json(), "access_level", "token");
    assertThat(r.json().get("description").asText()).isEqualTo("Release tagging");
    long id = r.json().get("id").asLong();

    Response found = world.get("/api/v4/projects/1/access_tokens?search=tagging", privateToken(bob));
    assertThat(ids(found.json())).containsExactly(id);
    Response one = world.get("/api/v4/projects/1/access_tokens/" + id, privateToken(bob));
    assertThat(one.json().get("description").asText()).isEqualTo("Release tagging");
  }

  @Test
  void aDeployTokenShowsADescriptionOnlyWhenItHasOne() {
    String bob = apiToken(BOB);
    Response described = world.postJson("/api/v4/projects/1/deploy_tokens",
        "{\"name\":\"mirror\",\"scopes\":[\"read_repository\"],\"description\":\"Read-only mirror\"}",
        privateToken(bob));
    assertStatus(described, 201);
    assertThat(described.json().get("description").asText()).isEqualTo("Read-only mirror");
    long id = described.json().get("id").asLong();
    Response one = world.get("/api/v4/projects/1/deploy_tokens/" + id, privateToken(bob));
    assertThat(fieldNames(one.json())).containsExactly("id", "name", "username", "expires_at", "scopes",
        "revoked", "expired", "description", "last_used_ips");

    Response plain = world.postJson("/api/v4/projects/1/deploy_tokens",
        "{\"name\":\"plain\",\"scopes\":[\"read_repository\"]}", privateToken(bob));
    assertThat(fieldNames(world.get("/api/v4/projects/1/deploy_tokens/" + plain.json().get("id").asLong(),
        privateToken(bob)).json())).containsExactlyElementsOf(DEPLOY_FIELDS);
  }

  @Test
  void aDescriptionOnTwoLinesOrLongerThan255CharactersIsA400() {
    User u = newUser();
    String path = "/api/v4/users/" + u.id() + "/personal_access_tokens";
    Response twoLines = world.postJson(path,
        "{\"name\":\"x\",\"scopes\":[\"api\"],\"description\":\"line\\nX-Injected: 1\"}",
        privateToken(world.adminToken()));
    assertError(twoLines, 400, "message", "400 Bad request - description must be one line of text: no"
        + " control characters, line breaks or unpaired surrogates");
    Response tooLong = world.postJson(path,
        "{\"name\":\"x\",\"scopes\":[\"api\"],\"description\":\"" + "d".repeat(256) + "\"}",
        privateToken(world.adminToken()));
    assertError(tooLong, 400, "message",
        "400 Bad request - description must be at most 255 characters (Unicode code points)");
    Response longest = world.postJson(path,
        "{\"name\":\"x\",\"scopes\":[\"api\"],\"description\":\"" + "🔑".repeat(255) + "\"}",
        privateToken(world.adminToken()));
    assertStatus(longest, 201);
    assertThat(world.auth.personalTokens().list(u.id(), u.id())).hasSize(1);
  }

  private static long createPersonal(User u, String name, String description) {
    Response r = world.postJson("/api/v4/users/" + u.id() + "/personal_access_tokens",
        "{\"name\":\"" + name + "\",\"scopes\":[\"read_api\"]"
            + (description == null ? "" : ",\"description\":\"" + description + "\"") + "}",
        privateToken(world.adminToken()));
    assertStatus(r, 201);
    JsonNode t = r.json();
    return t.get("id").asLong();
  }
}
