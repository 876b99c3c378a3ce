package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.Scope;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

/**
 * A feature whose host capability the instance was built without is a typed, documented answer:
 * 501 JSON for creating a project token without bot accounts, 404 for every project and group
 * without a resource directory; never a 500.
 */
class MissingCapabilityApiTest {
  private static final String CREATE = "{\"name\":\"ci\",\"scopes\":[\"api\"],\"expires_at\":\"2025-12-31\"}";

  @Test
  void postingAProjectAccessTokenWithoutBotAccountsIsA501NotA500() throws Exception {
    try (TestWorld world = TestWorld.startWithoutBotAccounts()) {
      String bob = world.pat(BOB, Scope.API);

      for (String path : new String[] {"/api/v4/projects/1/access_tokens",
          "/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens"}) {
        Response r = world.postJson(path, CREATE, privateToken(bob));
        assertThat(r.status()).as(path).isEqualTo(501);
        assertThat(r.header("Content-Type")).as(path).startsWith("application/json");
        assertThat(r.json().get("message").asText()).as(path)
            .isEqualTo("501 Not Implemented - This server is not configured for this feature.");
      }
      // Everything that needs no bot accounts works as before.
      assertThat(world.get("/api/v4/projects/1/access_tokens", privateToken(bob)).status()).isEqualTo(200);
      assertThat(world.directory.findUserByUsername("project_1_bot")).isEmpty();
    }
  }

  @Test
  void withoutAResourceDirectoryEveryProjectAndGroupIsA404() throws Exception {
    try (TestWorld world = TestWorld.startWithUsersOnly()) {
      String root = world.adminToken();

      for (String path : new String[] {"/api/v4/projects/1/access_tokens",
          "/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens", "/api/v4/groups/1/access_tokens",
          "/api/v4/projects/1/deploy_tokens"}) {
        Response r = world.get(path, privateToken(root));
        assertThat(r.status()).as(path).isEqualTo(404);
        assertThat(r.json().get("message").asText()).as(path).endsWith("Not Found");
      }
      Response created = world.postJson("/api/v4/projects/1/access_tokens", CREATE, privateToken(root));
      assertThat(created.status()).isEqualTo(404);
      // Users are served as before.
      Response me = world.get("/api/v4/user", privateToken(root));
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json().get("username").asText()).isEqualTo(world.directory.findUser(TestWorld.ROOT)
          .map(User::username).orElseThrow());
    }
  }
}
