package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.demo.DemoHarness.Answer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download endpoints that look through several projects, over real HTTP: the instance-level
 * {@code /api/v4/packages/maven/...} and the group-level {@code /api/v4/groups/:id/-/packages/maven/...},
 * each answering from the projects the credential may read only, and merging an artifact's
 * {@code maven-metadata.xml}. Fixture: acme (group 1) holds acme/website (project 2) and the
 * subgroup acme/platform (group 2) with acme/platform/api (project 1); other (group 3) holds
 * other/tools (project 3). Bob is maintainer of projects 1 and 2, alice developer of project 1,
 * root an administrator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MavenSharedEndpointsTest {
  private static final Pattern VERSION = Pattern.compile("<version>([^<]*)</version>");

  @RegisterExtension
  static final SharedMavenRegistry REGISTRY = new SharedMavenRegistry();

  @TempDir
  static Path tmp;

  private DemoServer server;
  private Path data;
  private String api;
  /** Upload tokens of projects 1, 2 and 3. */
  private final Map<Long, String> writers = new java.util.HashMap<>();

  @BeforeAll
  void start() {
    server = REGISTRY.server();
    data = REGISTRY.dataDir();
    api = server.baseUrl() + "/api/v4";
    for (long p = 1; p <= 3; p++) {
      writers.put(p, REGISTRY.deployToken("projects", p, "write_package_registry").path("token").asText());
    }
  }

  private void upload(long project, String path, String body) {
    Answer a = send("PUT", api + "/projects/" + project + "/packages/maven" + path, body,
        "Deploy-Token", writers.get(project));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
  }

  private Answer instance(String method, String path, String header, String value) {
    return send(method, api + "/packages/maven" + path, null, header, value);
  }

  private Answer group(String group, String path, String token) {
    return send("GET", api + "/groups/" + group + "/-/packages/maven" + path, null, "Deploy-Token", token);
  }

  private static String metadata(String groupId, String artifactId, String lastUpdated, String... versions) {
    StringBuilder v = new StringBuilder();
    for (String s : versions) {
      v.append("      <version>").append(s).append("</version>\n");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n  <groupId>" + groupId + "</groupId>\n"
        + "  <artifactId>" + artifactId + "</artifactId>\n  <versioning>\n    <latest>" + versions[versions.length - 1]
        + "</latest>\n    <versions>\n" + v + "    </versions>\n    <lastUpdated>" + lastUpdated
        + "</lastUpdated>\n  </versioning>\n</metadata>\n";
  }

  private static List<String> versions(String xml) {
    List<String> out = new ArrayList<>();
    Matcher m = VERSION.matcher(xml);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String hex(String algorithm, String body) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theInstanceLevelEndpointAnswersAFileFromAProjectTheTokenMayRead() {
    String file = "/io/wvs/inst/found/1.0/found-1.0.jar";
    upload(2, file, "found jar");
    String reader = REGISTRY.deployToken("projects", 2, "read_package_registry").path("token").asText();
    Answer get = instance("GET", file, "Deploy-Token", reader);
    assertThat(get.status()).as(get.body()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("found jar");
    assertThat(get.header("Content-Type")).isEqualTo("application/octet-stream");
    Answer head = instance("HEAD", file, "Deploy-Token", reader);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("9");
    assertThat(head.body()).isEmpty();
    // A group deploy token of acme reaches acme/website; bob reads it as its maintainer.
    assertThat(instance("GET", file, "Deploy-Token", REGISTRY.deployToken("groups", 1, "read_package_registry").path("token").asText()).body())
        .isEqualTo("found jar");
    assertThat(instance("GET", file, "Private-Token", REGISTRY.personalToken(3, "read_api")).body()).isEqualTo("found jar");
    Answer anonymous = send("GET", api + "/packages/maven" + file, null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic ");
  }

  @Test
  void theInstanceLevelEndpointGives404ForAPackageOnlyInAProjectTheTokenCannotRead() {
    String file = "/io/wvs/inst/hidden/1.0/hidden-1.0.jar";
    upload(3, file, "in other/tools");
    Answer nowhere = instance("GET", "/io/wvs/inst/nowhere/1.0/nowhere-1.0.jar", "Deploy-Token",
        REGISTRY.deployToken("projects", 1, "read_package_registry").path("token").asText());
    assertThat(nowhere.status()).isEqualTo(404);
    List<String[]> cannot = List.of(
        new String[] {"Deploy-Token", REGISTRY.deployToken("projects", 1, "read_package_registry").path("token").asText()},
        new String[] {"Deploy-Token", REGISTRY.deployToken("groups", 1, "read_package_registry").path("token").asText()},
        new String[] {"Private-Token", REGISTRY.personalToken(2, "read_api")},   // alice: no role on other/tools
        new String[] {"Private-Token", REGISTRY.personalToken(3, "api")});       // bob: none either
    for (String[] c : cannot) {
      Answer a = instance("GET", file, c[0], c[1]);
      assertThat(a.status()).isEqualTo(404);
      // The same answer as for a package that exists nowhere: no hint that it exists.
      assertThat(a.body()).isEqualTo(nowhere.body()).doesNotContain("hidden").doesNotContain("tools");
      assertThat(instance("HEAD", file, c[0], c[1]).status()).isEqualTo(404);
    }
    assertThat(instance("GET", file, "Deploy-Token", REGISTRY.deployToken("projects", 3, "read_package_registry").path("token").asText()).body())
        .isEqualTo("in other/tools");
    assertThat(instance("GET", file, "Private-Token", REGISTRY.personalToken(1, "read_api")).body())
        .isEqualTo("in other/tools");
    // Where two projects hold the path, each credential gets the one it may read.
    upload(1, file, "in acme/platform/api");
    assertThat(instance("GET", file, "Deploy-Token", REGISTRY.deployToken("projects", 1, "read_package_registry").path("token").asText()).body())
        .isEqualTo("in acme/platform/api");
    assertThat(instance("GET", file, "Deploy-Token", REGISTRY.deployToken("projects", 3, "read_package_registry").path("token").asText()).body())
        .isEqualTo("in other/tools");
  }

  @Test
  void uploadsAtTheInstanceLevelAreRefused() throws IOException {
    String path = "/io/wvs/inst/upload/1.0/upload-1.0.jar";
    for (String[] c : List.of(new String[] {"Deploy-Token", writers.get(1L)},
        new String[] {"Private-Token", REGISTRY.personalToken(1, "api")})) {
      Answer a = send("PUT", api + "/packages/maven" + path, "jar", c[0], c[1]);
      assertThat(a.status()).isEqualTo(405);
      assertThat(a.header("Allow")).isEqualTo("GET, HEAD");
      assertThat(a.json().path("message").asText()).isEqualTo("405 Method Not Allowed");
    }
    // A token that may not write is refused by the filter before that, as on every package route.
    Answer reader = send("PUT", api + "/packages/maven" + path, "jar", "Deploy-Token",
        REGISTRY.deployToken("projects", 1, "read_package_registry").path("token").asText());
    assertThat(reader.status()).isEqualTo(403);
    assertThat(reader.json().path("error").asText()).isEqualTo("insufficient_scope");
    try (Stream<Path> all = Files.walk(data)) {
      assertThat(all.filter(p -> p.toString().contains("upload-1.0"))).isEmpty();
    }
  }

  @Test
  void theInstanceLevelEndpointRefusesHostilePathsAsTheProjectEndpointDoes() throws IOException {
    String reader = REGISTRY.deployToken("projects", 1, "read_package_registry").path("token").asText();
    for (String h : new String[] {"/io/../escape.txt", "/io/%2e%2e/escape.txt", "/io%2Fescape.txt", "//escape.txt",
        "/io/.hidden", "/io/a%00b", "/io/;x=1/escape.txt"}) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(10_000);
        String request = "GET /api/v4/packages/maven" + h + " HTTP/1.1\r\nHost: 127.0.0.1\r\nDeploy-Token: "
            + reader + "\r\nConnection: close\r\n\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answer).as(h).startsWith("HTTP/1.1 400 ").doesNotContain("escape").doesNotContain(reader);
      }
    }
  }

  @Test
  void groupMetadataListsTheVersionsOfEveryReadableProject() {
    String path = "/io/wvs/merge/lib/maven-metadata.xml";
    String inApi = metadata("io.wvs.merge", "lib", "20260101000000", "1.0", "1.2");
    upload(1, path, inApi);
    upload(2, path, metadata("io.wvs.merge", "lib", "20260301000000", "1.2", "1.10", "2.0-SNAPSHOT"));
    upload(3, path, metadata("io.wvs.merge", "lib", "20260401000000", "9.0"));
    Answer acme = group("1", path, REGISTRY.deployToken("groups", 1, "read_package_registry").path("token").asText());
    assertThat(acme.status()).as(acme.body()).isEqualTo(200);
    assertThat(acme.header("Content-Type")).isEqualTo("application/xml");
    // Maven's order (1.10 after 1.2), each version once; other/tools' 9.0 is not acme's.
    assertThat(versions(acme.body())).containsExactly("1.0", "1.2", "1.10", "2.0-SNAPSHOT");
    assertThat(acme.body()).contains("<groupId>io.wvs.merge</groupId>", "<artifactId>lib</artifactId>",
        "<latest>2.0-SNAPSHOT</latest>", "<release>1.10</release>", "<lastUpdated>20260301000000</lastUpdated>");
    // Through acme/platform only acme/platform/api's file counts: it is answered as uploaded.
    assertThat(group("2", path, REGISTRY.deployToken("groups", 2, "read_package_registry").path("token").asText()).body()).isEqualTo(inApi);
    // A user merges what the role lets them read: alice reads project 1 only, bob 1 and 2.
    Answer alice = send("GET", api + "/groups/1/-/packages/maven" + path, null, "Private-Token",
        REGISTRY.personalToken(2, "read_api"));
    assertThat(alice.body()).isEqualTo(inApi);
    Answer bob = send("GET", api + "/groups/1/-/packages/maven" + path, null, "Private-Token",
        REGISTRY.personalToken(3, "read_api"));
    assertThat(bob.body()).isEqualTo(acme.body());
  }

  @Test
  void instanceMetadataListsTheVersionsOfEveryProjectTheCredentialMayRead() {
    String path = "/io/wvs/everywhere/app/maven-metadata.xml";
    upload(1, path, metadata("io.wvs.everywhere", "app", "20250101000000", "1.0"));
    upload(3, path, metadata("io.wvs.everywhere", "app", "20250101000000", "3.0-beta", "3.0"));
    Answer admin = instance("GET", path, "Private-Token", REGISTRY.personalToken(1, "read_api"));
    assertThat(versions(admin.body())).containsExactly("1.0", "3.0-beta", "3.0");
    assertThat(admin.body()).contains("<latest>3.0</latest>", "<release>3.0</release>");
    Answer acme = instance("GET", path, "Deploy-Token", REGISTRY.deployToken("groups", 1, "read_package_registry").path("token").asText());
    assertThat(versions(acme.body())).containsExactly("1.0");
  }

  @Test
  void aMergedMetadataFilesChecksumMatchesItsContent() throws NoSuchAlgorithmException {
    String path = "/io/wvs/sums/lib/maven-metadata.xml";
    String inApi = metadata("io.wvs.sums", "lib", "20260101000000", "1.0");
    upload(1, path, inApi);
    upload(1, path + ".sha1", hex("SHA-1", inApi));  // the uploaded checksum of project 1's own file
    upload(2, path, metadata("io.wvs.sums", "lib", "20260102000000", "1.1"));
    String token = REGISTRY.deployToken("groups", 1, "read_package_registry").path("token").asText();
    Map<String, String> algorithms = Map.of(".md5", "MD5", ".sha1", "SHA-1", ".sha256", "SHA-256",
        ".sha512", "SHA-512");
    for (String base : List.of(api + "/groups/1/-/packages/maven" + path, api + "/packages/maven" + path)) {
      Answer merged = send("GET", base, null, "Deploy-Token", token);
      assertThat(versions(merged.body())).containsExactly("1.0", "1.1");
      assertThat(send("HEAD", base, null, "Deploy-Token", token).header("Content-Length"))
          .isEqualTo(Integer.toString(merged.body().getBytes(StandardCharsets.UTF_8).length));
      for (Map.Entry<String, String> a : algorithms.entrySet()) {
        Answer sum = send("GET", base + a.getKey(), null, "Deploy-Token", token);
        assertThat(sum.status()).isEqualTo(200);
        assertThat(sum.body()).as(a.getKey()).isEqualTo(hex(a.getValue(), merged.body()));
      }
    }
  }

  @Test
  void aMergedMetadataFileHasNoSignatureAndAProjectsOwnKeepsIts() {
    String path = "/io/wvs/signed/lib/maven-metadata.xml";
    upload(1, path, metadata("io.wvs.signed", "lib", "20260101000000", "1.0"));
    upload(1, path + ".asc", "signature of project 1's file");
    upload(2, path, metadata("io.wvs.signed", "lib", "20260101000000", "2.0"));
    Answer merged = group("1", path + ".asc", REGISTRY.deployToken("groups", 1, "read_package_registry").path("token").asText());
    assertThat(merged.status()).isEqualTo(404);
    Answer own = group("2", path + ".asc", REGISTRY.deployToken("groups", 2, "read_package_registry").path("token").asText());
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.body()).isEqualTo("signature of project 1's file");
  }

  @Test
  void metadataWithADoctypeIsNotMergedAndNoEntityOfItIsRead() throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "marker-of-a-local-file");
    String path = "/io/wvs/xxe/lib/maven-metadata.xml";
    upload(1, path, metadata("io.wvs.xxe", "lib", "20260101000000", "1.0"));
    upload(2, path, "<?xml version=\"1.0\"?>\n<!DOCTYPE metadata [<!ENTITY x SYSTEM \"" + secret.toUri()
        + "\">]>\n<metadata><groupId>io.wvs.xxe</groupId><artifactId>lib</artifactId><versioning><versions>"
        + "<version>&x;</version><version>6.6</version></versions></versioning></metadata>\n");
    upload(3, path, metadata("io.wvs.xxe", "lib", "20260101000000", "7.7"));
    Answer a = instance("GET", path, "Private-Token", REGISTRY.personalToken(1, "read_api"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(versions(a.body())).containsExactly("1.0", "7.7");
    assertThat(a.body()).doesNotContain("marker-of-a-local-file").doesNotContain("6.6");
  }
}
