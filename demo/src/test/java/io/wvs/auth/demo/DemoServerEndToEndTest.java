package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.basic;
import static io.wvs.auth.demo.DemoHarness.cloneUrl;
import static io.wvs.auth.demo.DemoHarness.get;
import static io.wvs.auth.demo.DemoHarness.git;
import static io.wvs.auth.demo.DemoHarness.newDir;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.demo.DemoHarness.Answer;
import io.wvs.auth.demo.DemoHarness.GitRun;
import io.wvs.auth.demo.DemoHarness.MovableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo server started in-process on a free port with the built-in fixture, driven over real
 * HTTP (java.net.http) and with the real git command: the checks of the demo's issue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoServerEndToEndTest {
  private static final String API_PROJECT = "acme/platform/api";

  @TempDir
  static Path tmp;

  private final MovableClock clock = new MovableClock();
  private DemoServer server;
  private String api;
  private String root;
  private Path home;

  @BeforeAll
  void start() throws Exception {
    DemoHarness.requireGit();
    server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("data")).clock(clock).build());
    api = server.baseUrl() + "/api/v4";
    root = server.rootToken().value();
    home = newDir(tmp, "home");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  /** Creates a personal access token for {@code userId} with root's token; returns the JSON answer. */
  private JsonNode personalToken(long userId, String name, String scopes, LocalDate expiresAt) {
    String expiry = expiresAt == null ? "" : ",\"expires_at\":\"" + expiresAt + "\"";
    Answer a = postJson(api + "/users/" + userId + "/personal_access_tokens", root,
        "{\"name\":\"" + name + "\",\"scopes\":" + scopes + expiry + "}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json();
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  @Test
  void aTokenNameOf255EmojiIsStoredWholeAndOneMoreIsRefused() {
    String key = "\ud83d\udd11";
    JsonNode created = personalToken(2, key.repeat(255), "[\"read_api\"]", null);
    Answer read = get(api + "/personal_access_tokens/" + created.path("id").asLong(), root);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().path("name").asText()).isEqualTo(key.repeat(255)).hasSize(510);

    Answer tooLong = postJson(api + "/users/2/personal_access_tokens", root,
        "{\"name\":\"" + key.repeat(256) + "\",\"scopes\":[\"read_api\"]}");
    assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
    Answer nul = postJson(api + "/users/2/personal_access_tokens", root,
        "{\"name\":\"n\",\"scopes\":[\"api\\u0000\"]}");
    assertThat(nul.status()).as(nul.body()).isEqualTo(400);
    assertThat(nul.json().path("error").asText()).isEqualTo("scopes is invalid");
  }

  @Test
  void sudoInADeleteFormBodyOrAJsonBodyActsAsThatUser() {
    long alices = personalToken(2, "alice-sudo", "[\"read_api\"]", null).path("id").asLong();
    String path = api + "/personal_access_tokens/" + alices;
    // As bob, root's DELETE of alice's token is bob's, who may not revoke it.
    Answer asBob = DemoHarness.send("DELETE", path, "sudo=bob", "PRIVATE-TOKEN", root,
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(asBob.status()).as(asBob.body()).isEqualTo(401);
    assertThat(get(path, root).json().path("revoked").asBoolean()).isFalse();
    Answer conflict = DemoHarness.send("DELETE", path, "{\"sudo\":\"alice\"}", "PRIVATE-TOKEN", root,
        "Content-Type", "application/json", "Sudo", "bob");
    assertThat(conflict.status()).as(conflict.body()).isEqualTo(400);
    assertThat(get(path, root).json().path("revoked").asBoolean()).isFalse();
    Answer asAlice = DemoHarness.send("DELETE", path, "{\"sudo\":\"alice\"}", "PRIVATE-TOKEN", root,
        "Content-Type", "application/json");
    assertThat(asAlice.status()).as(asAlice.body()).isEqualTo(204);
    assertThat(get(path, root).json().path("revoked").asBoolean()).isTrue();
  }

  @Test
  void aProjectOrGroupTheCallerCannotSeeAnswersAsAMissingOne() {
    String bob = personalToken(3, "bob-enumerate", "[\"api\"]", null).path("token").asText();
    for (String[] pair : new String[][] {{"projects/3", "projects/999"}, {"projects/other%2Ftools", "projects/other%2Fnone"},
        {"groups/3", "groups/999"}, {"groups/other", "groups/none"}}) {
      for (String route : new String[] {"/access_tokens", "/deploy_tokens"}) {
        Answer existing = get(api + "/" + pair[0] + route, bob);
        Answer missing = get(api + "/" + pair[1] + route, bob);
        assertThat(existing.status()).as(pair[0] + route).isEqualTo(404);
        assertThat(existing.body()).isEqualTo(missing.body());
      }
    }
    // Alice is a Developer of acme/platform/api: she sees it, and lacks the role.
    String alice = personalToken(2, "alice-enumerate", "[\"api\"]", null).path("token").asText();
    assertThat(get(api + "/projects/acme%2Fplatform%2Fapi/access_tokens", alice).status()).isEqualTo(403);
  }

  @Test
  void rootTokenReadsItsUserAndTheStartupTextShowsWhereToStart() {
    Answer me = get(api + "/user", root);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().path("username").asText()).isEqualTo("root");
    assertThat(me.json().path("id").asLong()).isEqualTo(1);

    String text = server.startupText();
    assertThat(text).contains(server.baseUrl() + "/api/v4", server.gitUrl(API_PROJECT),
        server.gitUrl("acme/website"), server.gitUrl("other/tools"),
        "curl -H \"PRIVATE-TOKEN: $TOKEN\" " + server.baseUrl() + "/api/v4/user",
        "/api/v4/users/2/personal_access_tokens");
    assertThat(text.split(java.util.regex.Pattern.quote(root), -1)).as("the root token is printed once").hasSize(2);

    Answer welcome = send("GET", server.baseUrl() + "/", null);
    assertThat(welcome.status()).isEqualTo(200);
    assertThat(welcome.body()).contains(server.gitUrl(API_PROJECT)).doesNotContain(root);
  }

  @Test
  void cloneWithPersonalTokenAndAnyUsername() throws Exception {
    String token = personalToken(2, "alice-clone", "[\"read_repository\"]", null).path("token").asText();
    Path work = newDir(tmp, "clone-any-username");
    git(home, work, "clone", cloneUrl(server, "anything-at-all", token, API_PROJECT), "repo").ok();
    assertThat(Files.readString(work.resolve("repo/README.md"))).contains("# " + API_PROJECT);

    // alice is no member of other/tools: the platform answers as if it did not exist
    GitRun hidden = git(home, work, "clone", cloneUrl(server, "alice", token, "other/tools"), "hidden");
    assertThat(hidden.exitCode()).isNotZero();
    assertThat(hidden.output()).contains("not found");
  }

  @Test
  void pushRefusedWithReadRepositoryAndAllowedWithWriteRepository() throws Exception {
    String read = personalToken(2, "alice-read", "[\"read_repository\"]", null).path("token").asText();
    String write = personalToken(2, "alice-write", "[\"write_repository\"]", null).path("token").asText();
    Path work = newDir(tmp, "push");
    git(home, work, "clone", cloneUrl(server, "alice", write, API_PROJECT), "repo").ok();
    Path repo = work.resolve("repo");
    Files.writeString(repo.resolve("CHANGES.md"), "pushed by the end-to-end test\n");
    git(home, repo, "add", "CHANGES.md").ok();
    git(home, repo, "commit", "-m", "Add CHANGES.md").ok();

    GitRun refused = git(home, repo, "push", cloneUrl(server, "alice", read, API_PROJECT), "HEAD:main");
    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output()).doesNotContain(read);

    git(home, repo, "push", cloneUrl(server, "alice", write, API_PROJECT), "HEAD:main").ok();
    String head = git(home, repo, "rev-parse", "HEAD").ok().output().strip();
    GitRun remote = git(home, repo, "ls-remote", cloneUrl(server, "alice", read, API_PROJECT), "refs/heads/main").ok();
    assertThat(remote.output()).startsWith(head);
  }

  @Test
  void deployTokenClonesWithItsUsernameAndIsRefusedWithAnother() {
    String bob = personalToken(3, "bob-api", "[\"api\"]", null).path("token").asText();
    Answer created = postJson(api + "/projects/1/deploy_tokens", bob,
        "{\"name\":\"ci\",\"scopes\":[\"read_repository\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String username = created.json().path("username").asText();
    String token = created.json().path("token").asText();
    assertThat(username).startsWith("wvs+deploy-token-");

    Path work = newDir(tmp, "deploy");
    git(home, work, "clone", cloneUrl(server, username, token, API_PROJECT), "ok").ok();
    assertThat(work.resolve("ok/README.md")).exists();

    GitRun wrong = git(home, work, "clone", cloneUrl(server, "someone-else", token, API_PROJECT), "refused");
    assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();
    // and not on the API
    assertThat(get(api + "/projects/1", token).status()).isEqualTo(401);
  }

  @Test
  void projectsAreAddressedByUrlEncodedFullPathAsClientsDo() {
    Answer list = get(api + "/projects/acme%2Fplatform%2Fapi/deploy_tokens", root);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().isArray()).isTrue();
    // an encoded slash anywhere else gets no route and so no authentication: it fails closed
    Answer git = send("GET", server.baseUrl() + "/acme%2Fplatform%2Fapi.git/info/refs?service=git-upload-pack",
        null, "Authorization", basic("root", root));
    assertThat(git.status()).isEqualTo(401);
  }

  @Test
  void groupDeployTokenClonesASubgroupsProjectAndReachesItsLfs() {
    Answer created = postJson(api + "/groups/1/deploy_tokens", root,
        "{\"name\":\"group-ci\",\"username\":\"acme-deployer\",\"scopes\":[\"read_repository\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String token = created.json().path("token").asText();

    Path work = newDir(tmp, "group-deploy");
    git(home, work, "clone", cloneUrl(server, "acme-deployer", token, API_PROJECT), "api").ok();
    assertThat(work.resolve("api/README.md")).exists();

    Answer batch = send("POST", server.gitUrl(API_PROJECT) + "/info/lfs/objects/batch",
        "{\"operation\":\"download\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\""
            + "a".repeat(64) + "\",\"size\":3}]}",
        "Authorization", basic("acme-deployer", token),
        "Accept", "application/vnd.git-lfs+json", "Content-Type", "application/vnd.git-lfs+json");
    assertThat(batch.status()).as(batch.body()).isEqualTo(200);
    assertThat(batch.json().path("objects").get(0).path("error").path("code").asInt()).isEqualTo(404);

    GitRun otherGroup = git(home, work, "clone", cloneUrl(server, "acme-deployer", token, "other/tools"), "x");
    assertThat(otherGroup.exitCode()).as(otherGroup.output()).isNotZero();
  }

  @Test
  void lfsObjectsUploadWithWriteRepositoryAndDownloadWithReadRepository() throws Exception {
    String write = personalToken(3, "bob-lfs-write", "[\"write_repository\"]", null).path("token").asText();
    String read = personalToken(2, "alice-lfs-read", "[\"read_repository\"]", null).path("token").asText();
    byte[] content = "large file content\n".getBytes(StandardCharsets.UTF_8);
    String oid = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(content));
    String objects = "\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + content.length + "}]";
    String batchUrl = server.gitUrl("acme/website") + "/info/lfs/objects/batch";
    String lfsType = "application/vnd.git-lfs+json";

    Answer upload = send("POST", batchUrl, "{\"operation\":\"upload\"," + objects + "}",
        "Authorization", basic("bob", write), "Accept", lfsType, "Content-Type", lfsType);
    assertThat(upload.status()).as(upload.body()).isEqualTo(200);
    JsonNode action = upload.json().path("objects").get(0).path("actions").path("upload");
    assertThat(action.path("href").asText()).isEqualTo(server.gitUrl("acme/website") + "/info/lfs/objects/" + oid);
    // The action carries no credentials (no token repeated in an answer): the client sends its own.
    assertThat(upload.json().path("objects").get(0).has("authenticated")).isFalse();
    assertThat(action.has("header")).isFalse();
    Answer put = send("PUT", action.path("href").asText(), new String(content, StandardCharsets.UTF_8),
        "Authorization", basic("bob", write), "Content-Type", "application/octet-stream");
    assertThat(put.status()).as(put.body()).isEqualTo(200);

    // alice is no member of acme/website: as for a private project, it does not exist for her
    Answer hidden = send("POST", batchUrl, "{\"operation\":\"download\"," + objects + "}",
        "Authorization", basic("alice", read), "Accept", lfsType, "Content-Type", lfsType);
    assertThat(hidden.status()).isEqualTo(404);
    String bobRead = personalToken(3, "bob-lfs-read", "[\"read_repository\"]", null).path("token").asText();
    Answer download = send("POST", batchUrl, "{\"operation\":\"download\"," + objects + "}",
        "Authorization", basic("bob", bobRead), "Accept", lfsType, "Content-Type", lfsType);
    assertThat(download.status()).as(download.body()).isEqualTo(200);
    String href = download.json().path("objects").get(0).path("actions").path("download").path("href").asText();
    Answer object = send("GET", href, null, "Authorization", basic("bob", bobRead));
    assertThat(object.status()).isEqualTo(200);
    assertThat(object.body()).isEqualTo("large file content\n");
    // a read token cannot upload
    Answer readOnlyPut = send("PUT", href, "x", "Authorization", basic("bob", bobRead));
    assertThat(readOnlyPut.status()).isIn(403, 404);
  }

  @Test
  void gitLfsPushesAndAGroupDeployTokenFetchesTheObjects() throws Exception {
    Path lfsHome = newDir(tmp, "lfs-home");
    org.junit.jupiter.api.Assumptions.assumeTrue(git(lfsHome, lfsHome, "lfs", "install").exitCode() == 0,
        "git-lfs is not installed; the LFS API itself is covered by the test above");
    String write = personalToken(3, "bob-git-lfs", "[\"write_repository\"]", null).path("token").asText();
    Answer created = postJson(api + "/groups/1/deploy_tokens", root,
        "{\"name\":\"lfs-ci\",\"username\":\"acme-lfs\",\"scopes\":[\"read_repository\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String deploy = created.json().path("token").asText();

    Path work = newDir(tmp, "git-lfs");
    git(lfsHome, work, "clone", cloneUrl(server, "bob", write, "acme/website"), "push").ok();
    Path repo = work.resolve("push");
    git(lfsHome, repo, "lfs", "track", "*.bin").ok();
    byte[] content = new byte[50_000];
    new java.util.Random(7).nextBytes(content);
    Files.write(repo.resolve("blob.bin"), content);
    git(lfsHome, repo, "add", ".gitattributes", "blob.bin").ok();
    git(lfsHome, repo, "commit", "-m", "Add an LFS object").ok();
    git(lfsHome, repo, "push", "origin", "HEAD:main").ok();

    git(lfsHome, work, "clone", cloneUrl(server, "acme-lfs", deploy, "acme/website"), "fetch").ok();
    assertThat(Files.readAllBytes(work.resolve("fetch/blob.bin"))).isEqualTo(content);
  }

  @Test
  void twoFactorUsersPasswordIsRefusedWithTheMessage() {
    Answer refused = send("GET", server.gitUrl(API_PROJECT) + "/info/refs?service=git-upload-pack", null,
        "Authorization", basic("alice", "alice-password"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body()).contains("two-factor", "personal access token");

    Path work = newDir(tmp, "two-factor");
    GitRun clone = git(home, work, "clone", cloneUrl(server, "alice", "alice-password", API_PROJECT), "x");
    assertThat(clone.exitCode()).isNotZero();
    assertThat(clone.output()).contains("two-factor");

    // bob has no two-factor: his password clones
    git(home, work, "clone", cloneUrl(server, "bob", "bob-password", API_PROJECT), "bob").ok();
  }

  @Test
  void expiredTokenGetsThePlatformsErrorBody() {
    String token = personalToken(2, "short-lived", "[\"read_api\"]", today().plusDays(1)).path("token").asText();
    assertThat(get(api + "/user", token).status()).isEqualTo(200);
    clock.advance(Duration.ofDays(2));
    try {
      Answer expired = get(api + "/user", token);
      assertThat(expired.status()).isEqualTo(401);
      assertThat(expired.json().path("error").asText()).isEqualTo("invalid_token");
      assertThat(expired.json().path("error_description").asText()).containsIgnoringCase("expired");
      assertThat(expired.header("WWW-Authenticate")).contains("invalid_token");
    } finally {
      clock.reset();
    }
  }

  @Test
  void revokedTokenGetsThePlatformsErrorBody() {
    JsonNode created = personalToken(2, "to-revoke", "[\"read_api\"]", null);
    String token = created.path("token").asText();
    assertThat(get(api + "/user", token).status()).isEqualTo(200);
    Answer revoke = send("DELETE", api + "/personal_access_tokens/" + created.path("id").asLong(), null,
        "PRIVATE-TOKEN", root);
    assertThat(revoke.status()).as(revoke.body()).isEqualTo(204);

    Answer revoked = get(api + "/user", token);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.json().path("error").asText()).isEqualTo("invalid_token");
    assertThat(revoked.json().path("error_description").asText()).containsIgnoringCase("revoked");
  }

  @Test
  void projectTokensBotShowsUpAsProject1Bot() {
    String bob = personalToken(3, "bob-maintainer", "[\"api\"]", null).path("token").asText();
    Answer created = postJson(api + "/projects/1/access_tokens", bob,
        "{\"name\":\"project bot\",\"scopes\":[\"api\",\"write_repository\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String token = created.json().path("token").asText();

    Answer me = get(api + "/user", token);
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().path("username").asText()).isEqualTo("project_1_bot");

    Path work = newDir(tmp, "project-token");
    git(home, work, "clone", cloneUrl(server, "whoever", token, API_PROJECT), "api").ok();
    GitRun elsewhere = git(home, work, "clone", cloneUrl(server, "whoever", token, "acme/website"), "x");
    assertThat(elsewhere.exitCode()).as(elsewhere.output()).isNotZero();
  }

  @Test
  void eachDecisionIsLoggedWithoutTheToken() throws InterruptedException {
    String token = personalToken(2, "logged", "[\"read_api\"]", null).path("token").asText();
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      get(api + "/user", token);
      send("GET", api + "/user?private_token=" + token, null);
      send("POST", api + "/user/personal_access_tokens", "{}", "PRIVATE-TOKEN", token);
      // The line is written when the request is done, which may be just after the client has
      // the response.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!captured.toString(StandardCharsets.UTF_8).contains("INSUFFICIENT_SCOPE")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      System.setOut(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    original.print(log);
    assertThat(log).contains("GET /api/v4/user channel=API status=200 authenticated user=alice")
        .contains("INSUFFICIENT_SCOPE")
        .doesNotContain(token)
        .doesNotContain(token.substring(7, 20));
  }
}
