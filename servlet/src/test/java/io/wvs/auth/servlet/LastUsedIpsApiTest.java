package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code last_used_ips} over HTTP, on an instance whose policy records client addresses: the
 * filter hands the connection's peer address to the authenticator, and every token's JSON shows
 * the addresses right after {@code last_used_at}.
 */
class LastUsedIpsApiTest extends ApiTestSupport {

  @BeforeAll
  static void startWorld() throws Exception {
    world = TestWorld.startWith(TokenPolicy.builder().registryEnabled(true).lastUsedIpsRecorded(true)
        .build());
  }

  private static List<String> ips(JsonNode token) {
    List<String> ips = new ArrayList<>();
    token.get("last_used_ips").forEach(n -> ips.add(n.asText()));
    return ips;
  }

  @Test
  void aPersonalTokensJsonShowsTheClientAddressOfItsUseAfterLastUsedAt() {
    User u = newUser();
    Response created = world.postJson("/api/v4/users/" + u.id() + "/personal_access_tokens",
        "{\"name\":\"laptop\",\"scopes\":[\"api\"]}", privateToken(world.adminToken()));
    assertStatus(created, 201);
    assertThat(ips(created.json())).as("never used: none").isEmpty();
    String own = created.json().get("token").asText();

    Response self = world.get("/api/v4/personal_access_tokens/self", privateToken(own));

    assertStatus(self, 200);
    assertThat(fieldNames(self.json())).containsExactly("id", "name", "revoked", "created_at",
        "description", "scopes", "user_id", "last_used_at", "last_used_ips", "active", "expires_at");
    assertThat(ips(self.json())).containsExactly("127.0.0.1");
    Response listed = world.get("/api/v4/personal_access_tokens", privateToken(own));
    assertThat(ips(byId(listed.json(), created.json().get("id").asLong()))).containsExactly("127.0.0.1");
  }

  @Test
  void aDeployTokensJsonShowsTheClientAddressOfItsGitUse() {
    String bob = apiToken(BOB);
    Response created = world.postJson("/api/v4/projects/1/deploy_tokens",
        "{\"name\":\"ci\",\"scopes\":[\"read_repository\"]}", privateToken(bob));
    assertStatus(created, 201);
    String value = created.json().get("token").asText();
    String username = created.json().get("username").asText();

    assertStatus(world.get("/acme/platform/api.git/info/refs", "Authorization",
        TestWorld.basic(username, value)), 200);

    Response one = world.get("/api/v4/projects/1/deploy_tokens/" + created.json().get("id").asLong(),
        privateToken(bob));
    assertThat(fieldNames(one.json())).containsExactly("id", "name", "username", "expires_at", "scopes",
        "revoked", "expired", "last_used_ips");
    assertThat(ips(one.json())).containsExactly("127.0.0.1");
  }

  @Test
  void aProjectAccessTokensJsonShowsItsAddresses() {
    String bob = apiToken(BOB);
    Response created = world.postJson("/api/v4/projects/1/access_tokens",
        "{\"name\":\"bot\",\"scopes\":[\"read_api\"]}", privateToken(bob));
    assertStatus(created, 201);
    String value = created.json().get("token").asText();
    assertStatus(world.get("/api/v4/user", privateToken(value)), 200);

    Response one = world.get("/api/v4/projects/1/access_tokens/" + created.json().get("id").asLong(),
        privateToken(bob));

    assertThat(ips(one.json())).containsExactly("127.0.0.1");
    assertThat(world.auth.resourceTokens().get(BOB, ResourceRef.project(1),
        created.json().get("id").asLong()).lastUsedIps()).containsExactly("127.0.0.1");
  }
}
