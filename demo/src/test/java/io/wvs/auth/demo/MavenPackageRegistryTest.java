package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.basic;
import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.demo.DemoHarness.Answer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's Maven repositories over real HTTP: who may upload and download, with which credential,
 * on which project, and which paths are refused. The real {@code mvn} drives them in
 * {@link MavenDeployTest}; these are the cheaper checks of each rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MavenPackageRegistryTest {
  private static final String FILE = "/io/wvs/sample/lib/1.0/lib-1.0.jar";

  @RegisterExtension
  static final SharedMavenRegistry REGISTRY = new SharedMavenRegistry();

  private DemoServer server;
  private Path data;
  private String api;
  private String root;

  @BeforeAll
  void start() {
    server = REGISTRY.server();
    data = REGISTRY.dataDir();
    api = server.baseUrl() + "/api/v4";
    root = server.rootToken().value();
  }

  private String maven(String project) {
    return api + "/projects/" + project + "/packages/maven";
  }

  private Answer put(String url, String body, String header, String value) {
    return send("PUT", url, body, header, value);
  }

  @Test
  void aWritePackageRegistryDeployTokenUploadsAndAReadPackageRegistryOneDownloads() throws IOException {
    String writer = REGISTRY.deployToken("projects", 1, "write_package_registry").path("token").asText();
    String reader = REGISTRY.deployToken("projects", 1, "read_package_registry").path("token").asText();
    Answer up = put(maven("1") + FILE, "jar bytes", "Deploy-Token", writer);
    assertThat(up.status()).as(up.body()).isEqualTo(201);

    Answer down = send("GET", maven("1") + FILE, null, "Deploy-Token", reader);
    assertThat(down.status()).isEqualTo(200);
    assertThat(down.body()).isEqualTo("jar bytes");
    assertThat(down.header("Content-Type")).isEqualTo("application/octet-stream");
    Answer head = send("HEAD", maven("1") + FILE, null, "Deploy-Token", reader);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("9");
    assertThat(head.body()).isEmpty();

    Path stored = data.resolve("packages/maven/1" + FILE);
    assertThat(stored).hasContent("jar bytes");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
    try (Stream<Path> siblings = Files.list(stored.getParent())) {
      assertThat(siblings).as("no temporary file is left behind").containsExactly(stored);
    }
  }

  @Test
  void aFileUploadedAgainReplacesTheOldOneAsMavenMetadataIs() {
    String writer = REGISTRY.deployToken("projects", 1, "write_package_registry").path("token").asText();
    String metadata = "/io/wvs/sample/lib/maven-metadata.xml";
    assertThat(put(maven("1") + metadata, "<metadata>1</metadata>", "Deploy-Token", writer).status()).isEqualTo(201);
    assertThat(put(maven("1") + metadata, "<metadata>2</metadata>", "Deploy-Token", writer).status()).isEqualTo(201);
    Answer down = send("GET", maven("1") + metadata, null, "Deploy-Token", writer);
    assertThat(down.body()).isEqualTo("<metadata>2</metadata>");
    assertThat(down.header("Content-Type")).isEqualTo("application/xml");
  }

  @Test
  void aReadPackageRegistryTokenCannotUpload() {
    String reader = REGISTRY.deployToken("projects", 1, "read_package_registry").path("token").asText();
    Answer a = put(maven("1") + "/io/wvs/sample/ro/1.0/ro-1.0.pom", "<project/>", "Deploy-Token", reader);
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().path("error").asText()).isEqualTo("insufficient_scope");
    assertThat(a.json().path("scope").asText()).isEqualTo("write_package_registry");
    assertThat(data.resolve("packages/maven/1/io/wvs/sample/ro")).doesNotExist();
  }

  @Test
  void aDeployTokenOfAnotherProjectSeesNothing() {
    String writer = REGISTRY.deployToken("projects", 1, "write_package_registry").path("token").asText();
    assertThat(put(maven("1") + "/io/wvs/sample/other/1.0/other-1.0.pom", "<project/>", "Deploy-Token", writer)
        .status()).isEqualTo(201);
    String website = REGISTRY.deployToken("projects", 2, "write_package_registry").path("token").asText();
    Answer read = send("GET", maven("1") + "/io/wvs/sample/other/1.0/other-1.0.pom", null, "Deploy-Token", website);
    assertThat(read.status()).isEqualTo(404);
    assertThat(read.json().path("message").asText()).isEqualTo("404 Project Not Found");
    Answer write = put(maven("1") + "/io/wvs/sample/other/1.0/other-1.0.pom", "<x/>", "Deploy-Token", website);
    assertThat(write.status()).isEqualTo(404);
    assertThat(send("GET", maven("1") + "/io/wvs/sample/other/1.0/other-1.0.pom", null, "Deploy-Token", writer)
        .body()).isEqualTo("<project/>");
  }

  @Test
  void aRevokedDeployTokenIsRefused() {
    JsonNode token = REGISTRY.deployToken("projects", 1, "read_package_registry");
    String value = token.path("token").asText();
    assertThat(send("GET", maven("1") + "/io/wvs/none/maven-metadata.xml", null, "Deploy-Token", value).status())
        .isEqualTo(404);
    Answer revoke = send("DELETE", api + "/projects/1/deploy_tokens/" + token.path("id").asLong(), null,
        "PRIVATE-TOKEN", root);
    assertThat(revoke.status()).as(revoke.body()).isEqualTo(204);
    Answer refused = send("GET", maven("1") + "/io/wvs/none/maven-metadata.xml", null, "Deploy-Token", value);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().path("error").asText()).isEqualTo("invalid_token");
  }

  @Test
  void aGroupDeployTokenReachesTheProjectsOfItsSubgroups() {
    // acme (group 1) > acme/platform (group 2) > acme/platform/api (project 1)
    String group = REGISTRY.deployToken("groups", 1, "write_package_registry").path("token").asText();
    Answer up = put(maven("1") + "/io/wvs/sample/grp/1.0/grp-1.0.pom", "<grp/>", "Deploy-Token", group);
    assertThat(up.status()).as(up.body()).isEqualTo(201);
    String other = REGISTRY.deployToken("groups", 3, "read_package_registry").path("token").asText();
    assertThat(send("GET", maven("1") + "/io/wvs/sample/grp/1.0/grp-1.0.pom", null, "Deploy-Token", other)
        .status()).isEqualTo(404);
  }

  @Test
  void basicAuthCarriesADeployTokenWithItsOwnUsernameOnly() {
    JsonNode token = REGISTRY.deployToken("projects", 1, "write_package_registry");
    String value = token.path("token").asText();
    String username = token.path("username").asText();
    Answer ok = put(maven("1") + "/io/wvs/sample/basic/1.0/basic-1.0.pom", "<b/>", "Authorization",
        basic(username, value));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    Answer wrongName = send("GET", maven("1") + "/io/wvs/sample/basic/1.0/basic-1.0.pom", null, "Authorization",
        basic("someone-else", value));
    assertThat(wrongName.status()).isEqualTo(401);
  }

  @Test
  void aUsersPasswordIsNoCredentialForThePackageRegistry() {
    Answer a = send("GET", maven("2") + "/io/wvs/x/maven-metadata.xml", null, "Authorization",
        basic("bob", "bob-password"));
    assertThat(a.status()).isEqualTo(401);
  }

  @Test
  void aPersonalTokenNeedsReadApiAndTheReporterRoleToReadAndApiAndTheDeveloperRoleToWrite() {
    String bobApi = REGISTRY.personalToken(3, "api");           // bob: maintainer of projects 1 and 2
    String aliceRead = REGISTRY.personalToken(2, "read_api");   // alice: developer of project 1 only
    String aliceRepo = REGISTRY.personalToken(2, "read_repository");
    String path = "/io/wvs/sample/pat/1.0/pat-1.0.pom";
    assertThat(put(maven("acme%2Fplatform%2Fapi") + path, "<pat/>", "PRIVATE-TOKEN", bobApi).status())
        .isEqualTo(201);
    assertThat(send("GET", maven("1") + path, null, "Private-Token", aliceRead).body()).isEqualTo("<pat/>");
    assertThat(send("GET", maven("1") + path, null, "Authorization", "Bearer " + aliceRead).status())
        .isEqualTo(200);
    assertThat(put(maven("1") + path, "<x/>", "PRIVATE-TOKEN", aliceRead).status()).isEqualTo(403);
    assertThat(send("GET", maven("1") + path, null, "PRIVATE-TOKEN", aliceRepo).status()).isEqualTo(403);
    // alice holds no role on acme/website: it does not exist for her
    assertThat(put(maven("2") + path, "<pat/>", "PRIVATE-TOKEN", bobApi).status()).isEqualTo(201);
    Answer hidden = send("GET", maven("2") + path, null, "PRIVATE-TOKEN", aliceRead);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.json().path("message").asText()).isEqualTo("404 Project Not Found");
  }

  @Test
  void withoutACredentialTheRepositoryAsksForBasicCredentials() {
    Answer a = send("GET", maven("1") + FILE, null);
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.header("WWW-Authenticate")).startsWith("Basic ");
    assertThat(a.json().path("message").asText()).isEqualTo("401 Unauthorized");
  }

  @Test
  void theGroupEndpointServesTheFilesOfTheGroupsProjectsAndTakesNoUploads() {
    String writer = REGISTRY.deployToken("projects", 1, "write_package_registry").path("token").asText();
    String path = "/io/wvs/sample/viagroup/1.0/viagroup-1.0.pom";
    assertThat(put(maven("1") + path, "<g/>", "Deploy-Token", writer).status()).isEqualTo(201);
    String group = REGISTRY.deployToken("groups", 1, "write_package_registry").path("token").asText();
    Answer a = send("GET", api + "/groups/1/-/packages/maven" + path, null, "Deploy-Token", group);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.body()).isEqualTo("<g/>");
    assertThat(send("GET", api + "/groups/acme%2Fplatform/-/packages/maven" + path, null, "Deploy-Token", group)
        .body()).isEqualTo("<g/>");
    Answer upload = send("PUT", api + "/groups/1/-/packages/maven" + path, "<x/>", "Deploy-Token", group);
    assertThat(upload.status()).isEqualTo(405);
    assertThat(upload.header("Allow")).isEqualTo("GET, HEAD");
    // A group token of another group does not reach acme; a group with no such file has none.
    String other = REGISTRY.deployToken("groups", 3, "read_package_registry").path("token").asText();
    assertThat(send("GET", api + "/groups/1/-/packages/maven" + path, null, "Deploy-Token", other).status())
        .isEqualTo(404);
    assertThat(send("GET", api + "/groups/3/-/packages/maven" + path, null, "Deploy-Token", other).status())
        .isEqualTo(404);
  }

  @Test
  void aPathThatCouldLeaveTheProjectFolderIsRefusedWith400() throws IOException {
    String writer = REGISTRY.deployToken("projects", 1, "write_package_registry").path("token").asText();
    String[] hostile = {"/io/../../../../escape.txt", "/io/%2e%2e/escape.txt", "/io%2Fescape.txt",
        "/io%5Cescape.txt", "//escape.txt", "/io//escape.txt", "/io/.hidden", "/io/escape.txt/",
        "/io/a%00b", "/io\\escape.txt", "/io/;x=1/escape.txt", "/" + "a".repeat(201)};
    for (String h : hostile) {
      String raw = "PUT /api/v4/projects/1/packages/maven" + h + " HTTP/1.1";
      String answer = rawRequest(raw, writer);
      assertThat(answer).as(raw).startsWith("HTTP/1.1 400 ").doesNotContain("escape").doesNotContain(writer);
      // Ours is the platform's JSON; Jetty's parser refuses an encoded dot segment itself, bodiless.
      assertThat(answer.contains("application/json") || answer.contains("Content-Length: 0")).as(answer).isTrue();
    }
    try (Stream<Path> all = Files.walk(data)) {
      assertThat(all.filter(p -> p.getFileName().toString().contains("escape"))).isEmpty();
    }
    assertThat(data.resolveSibling("escape.txt")).doesNotExist();
  }

  @Test
  void anUploadAboveTheLimitIsRefusedWith413BeforeItsBodyIsRead() throws IOException {
    String writer = REGISTRY.deployToken("projects", 1, "write_package_registry").path("token").asText();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      String request = "PUT /api/v4/projects/1/packages/maven/io/wvs/sample/big/1.0/big-1.0.jar HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nDeploy-Token: " + writer + "\r\nContent-Length: " + (MavenStore.MAX_FILE_BYTES + 1)
          + "\r\nConnection: close\r\n\r\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 413 ").contains("{\"message\":\"413 Request Entity Too Large\"}");
    }
    assertThat(data.resolve("packages/maven/1/io/wvs/sample/big")).doesNotExist();
  }

  @Test
  void anUploadBelowAStoredFileIsRefusedWith400() {
    String writer = REGISTRY.deployToken("projects", 1, "write_package_registry").path("token").asText();
    String file = "/io/wvs/sample/nested/1.0/nested-1.0.jar";
    assertThat(put(maven("1") + file, "jar", "Deploy-Token", writer).status()).isEqualTo(201);
    Answer below = put(maven("1") + file + "/x.pom", "<x/>", "Deploy-Token", writer);
    assertThat(below.status()).isEqualTo(400);
    assertThat(below.json().path("message").asText()).startsWith("400 Bad request");
    Answer over = put(maven("1") + "/io/wvs/sample/nested/1.0", "<x/>", "Deploy-Token", writer);
    assertThat(over.status()).isEqualTo(400);
    assertThat(send("GET", maven("1") + file, null, "Deploy-Token", writer).body()).isEqualTo("jar");
  }

  /** Sends {@code requestLine} as it is (no client normalises it), with a small body. */
  private String rawRequest(String requestLine, String token) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      String request = requestLine + "\r\nHost: 127.0.0.1\r\nDeploy-Token: " + token
          + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx";
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
