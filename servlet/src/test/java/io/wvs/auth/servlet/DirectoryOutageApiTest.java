package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.basic;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.servlet.TestWorld.Response;
import org.junit.jupiter.api.Test;

/**
 * Every host SPI is guarded once, inside the library: one outage of the resource directory is the
 * same 503 wherever it is met (the route rules resolving a path, the API resolving an id, a
 * creation, git over HTTP), never a 500 and never the host's exception.
 */
class DirectoryOutageApiTest extends ApiTestSupport {

  @Test
  void aFailingResourceDirectoryIsA503OnEveryRoute() {
    String bob = apiToken(BOB);
    world.resourcesDown.set(true);
    try {
      for (String path : new String[] {"/api/v4/projects/1/access_tokens",
          "/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens", "/api/v4/groups/1/deploy_tokens",
          "/api/v4/groups/acme/deploy_tokens", "/api/v4/projects/1/deploy_tokens",
          "/api/v4/groups/acme%2Fplatform/access_tokens"}) {
        assertUnavailable(path, world.get(path, privateToken(bob)));
      }
      for (String path : new String[] {"/api/v4/projects/1/access_tokens",
          "/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens"}) {
        assertUnavailable("POST " + path, world.postJson(path,
            "{\"name\":\"ci\",\"scopes\":[\"api\"],\"expires_at\":\"2025-12-31\"}", privateToken(bob)));
      }
      String git = "/acme/platform/api.git/info/refs?service=git-upload-pack";
      Response refs = world.get(git, "Authorization", basic("bob", bob));
      assertThat(refs.status()).as(git).isEqualTo(503);
      assertThat(refs.body()).as(git).doesNotContain("Exception").doesNotContain("directory is down");
    } finally {
      world.resourcesDown.set(false);
    }
    assertThat(world.get("/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens", privateToken(bob))
        .status()).isEqualTo(200);
  }

  private static void assertUnavailable(String what, Response r) {
    assertThat(r.status()).as(what).isEqualTo(503);
    assertThat(r.json().get("message").asText()).as(what).isEqualTo("503 Service Unavailable");
    assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("directory is down");
  }
}
