package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.cloneUrl;
import static io.wvs.auth.demo.DemoHarness.get;
import static io.wvs.auth.demo.DemoHarness.git;
import static io.wvs.auth.demo.DemoHarness.newDir;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.demo.DemoHarness.Answer;
import io.wvs.auth.demo.DemoHarness.MovableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what to whose tokens, against the demo server as the README starts it (in-process,
 * built-in fixture, real HTTP and the real git): no one rotates or revokes above their own role,
 * deploy usernames name no user, bots get no personal or impersonation tokens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTokenAuthorityTest {
  private static final String API_PROJECT = "acme/platform/api";

  @TempDir
  static Path tmp;

  private DemoServer server;
  private String api;
  private String root;
  private String bob;

  @BeforeAll
  void start() throws Exception {
    DemoHarness.requireGit();
    server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("data"))
        .clock(new MovableClock()).build());
    api = server.baseUrl() + "/api/v4";
    root = server.rootToken().value();
    Answer pat = postJson(api + "/users/3/personal_access_tokens", root,
        "{\"name\":\"bob-api\",\"scopes\":[\"api\"]}");
    assertThat(pat.status()).as(pat.body()).isEqualTo(201);
    bob = pat.json().path("token").asText();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aMaintainerCannotRotateOrRevokeAnOwnerLevelProjectToken() {
    Answer owner = postJson(api + "/projects/1/access_tokens", root,
        "{\"name\":\"owner\",\"scopes\":[\"api\"],\"access_level\":50}");
    assertThat(owner.status()).as(owner.body()).isEqualTo(201);
    long id = owner.json().path("id").asLong();
    String value = owner.json().path("token").asText();

    Answer rotate = postJson(api + "/projects/1/access_tokens/" + id + "/rotate", bob, "{}");
    assertThat(rotate.status()).as(rotate.body()).isEqualTo(400);
    assertThat(rotate.json().path("message").asText())
        .isEqualTo("400 Bad request - Not eligible to rotate tokens with permissions not held by the user");
    Answer revoke = send("DELETE", api + "/projects/1/access_tokens/" + id, null, "PRIVATE-TOKEN", bob);
    assertThat(revoke.status()).as(revoke.body()).isEqualTo(400);
    assertThat(get(api + "/user", value).status()).isEqualTo(200);

    Answer byAdmin = postJson(api + "/projects/1/access_tokens/" + id + "/rotate", root, "{}");
    assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
    assertThat(byAdmin.json().path("access_level").asInt()).isEqualTo(50);
    assertThat(get(api + "/user", value).status()).isEqualTo(401);
  }

  @Test
  void aDeployTokenCannotTakeAUsersOrBotsUsernameAndClonesWithItsOwn() {
    for (String username : new String[] {"root", "bob", "Alice", "project_1_bot"}) {
      Answer refused = postJson(api + "/projects/1/deploy_tokens", bob,
          "{\"name\":\"x\",\"username\":\"" + username + "\",\"scopes\":[\"read_repository\"]}");
      assertThat(refused.status()).as(username + ": " + refused.body()).isEqualTo(400);
    }
    Answer created = postJson(api + "/projects/1/deploy_tokens", bob,
        "{\"name\":\"release\",\"username\":\"release-puller\",\"scopes\":[\"read_repository\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String token = created.json().path("token").asText();
    Path work = newDir(tmp, "deploy");
    git(newDir(tmp, "home"), work, "clone", cloneUrl(server, "release-puller", token, API_PROJECT), "ok").ok();
    assertThat(work.resolve("ok/README.md")).exists();
  }

  @Test
  void anAdministratorCannotCreatePersonalOrImpersonationTokensForABot() {
    Answer project = postJson(api + "/projects/1/access_tokens", bob,
        "{\"name\":\"bot\",\"scopes\":[\"read_api\"]}");
    assertThat(project.status()).as(project.body()).isEqualTo(201);
    long bot = project.json().path("user_id").asLong();
    Answer pat = postJson(api + "/users/" + bot + "/personal_access_tokens", root,
        "{\"name\":\"pat\",\"scopes\":[\"api\"]}");
    assertThat(pat.status()).as(pat.body()).isEqualTo(403);
    Answer imp = postJson(api + "/users/" + bot + "/impersonation_tokens", root,
        "{\"name\":\"imp\",\"scopes\":[\"api\"]}");
    assertThat(imp.status()).as(imp.body()).isEqualTo(403);
    assertThat(pat.body() + imp.body()).doesNotContain("\"token\"");
  }
}
