package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.servlet.TestWorld.Response;
import org.junit.jupiter.api.Test;

/**
 * The host's directory is guarded once, inside the library: one outage is the same 503 wherever it
 * is met (the route rules resolving a path, the API resolving an id), never a 500.
 */
class DirectoryOutageApiTest extends ApiTestSupport {

  @Test
  void aDirectoryOutageIsTheSame503ByIdAndByPath() {
    String bob = apiToken(BOB);
    world.resourcesDown.set(true);
    try {
      for (String path : new String[] {"/api/v4/projects/1/access_tokens",
          "/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens", "/api/v4/groups/1/deploy_tokens",
          "/api/v4/groups/acme/deploy_tokens"}) {
        Response r = world.get(path, privateToken(bob));
        assertThat(r.status()).as(path).isEqualTo(503);
        assertThat(r.body()).as(path).doesNotContain("Exception").doesNotContain("directory is down");
      }
    } finally {
      world.resourcesDown.set(false);
    }
    assertThat(world.get("/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens", privateToken(bob))
        .status()).isEqualTo(200);
  }
}
