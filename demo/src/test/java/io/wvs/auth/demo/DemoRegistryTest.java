package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.basic;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.demo.DemoHarness.Answer;
import io.wvs.auth.demo.DemoHarness.MovableClock;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with {@code --registry}, a real Distribution registry started with the configuration
 * and the command the demo prints, and the real skopeo pushing and pulling an OCI image with
 * deploy tokens made through the REST API. Skipped only when docker-registry or skopeo is not
 * installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoRegistryTest {
  private static final String PROJECT = "acme/platform/api";

  @TempDir
  static Path tmp;

  private final MovableClock clock = new MovableClock();
  private DemoServer server;
  private Process registryProcess;
  private Path registryLog;
  private String registry;
  private String api;
  private String root;
  private Path image;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(onPath("docker-registry") && Files.isExecutable(Path.of(DemoRegistry.REGISTRY_BINARY)),
        "docker-registry (Debian's Distribution registry, " + DemoRegistry.REGISTRY_BINARY
            + ") is not installed: apt-get install docker-registry");
    Assumptions.assumeTrue(onPath("skopeo"), "skopeo is not installed: apt-get install skopeo");
    registry = "127.0.0.1:" + freePort();
    server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("data")).clock(clock)
        .registry(registry).build());
    api = server.baseUrl() + "/api/v4";
    root = server.rootToken().value();
    assertThat(server.startupText()).contains(server.registry().command())
        .contains("docker login -u <username> -p <token> " + registry)
        .contains("skopeo copy --dest-tls-verify=false --dest-creds <username>:<token>");
    registryLog = tmp.resolve("registry.log");
    // The command the demo prints, as a person would type it.
    registryProcess = new ProcessBuilder(server.registry().command().split(" "))
        .redirectErrorStream(true).redirectOutput(registryLog.toFile()).start();
    waitForRegistry();
    image = tmp.resolve("image");
    OciImageLayout.write(image, "hello.txt", "hello from wvs-auth\n");
  }

  @AfterAll
  void stop() throws Exception {
    if (registryProcess != null) {
      registryProcess.destroy();
      if (!registryProcess.waitFor(10, TimeUnit.SECONDS)) {
        registryProcess.destroyForcibly();
      }
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  @Order(1)
  void aWriteRegistryDeployTokenPushesAnImage() {
    JsonNode push = deployToken("projects/acme%2Fplatform%2Fapi", "push", "write_registry");
    Run run = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds(push),
        "oci:" + image + ":latest", "docker://" + registry + "/" + PROJECT + ":latest");
    assertThat(run.exit).as(run.output).isZero();
  }

  @Test
  @Order(2)
  void aReadRegistryDeployTokenPullsItButCannotPush() {
    JsonNode read = deployToken("projects/1", "pull", "read_registry");
    assertThat(pull(read, PROJECT + ":latest").exit).as("pull").isZero();
    Run push = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds(read),
        "oci:" + image + ":latest", "docker://" + registry + "/" + PROJECT + ":from-read-token");
    assertThat(push.exit).as(push.output).isNotZero();
    assertThat(pull(read, PROJECT + ":from-read-token").exit).as("the refused push left no tag").isNotZero();
  }

  @Test
  @Order(2)
  void anotherProjectsDeployTokenIsRefused() {
    JsonNode other = deployToken("projects/3", "other", "read_registry", "write_registry");
    assertThat(pull(other, PROJECT + ":latest").exit).isNotZero();
    Run push = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds(other),
        "oci:" + image + ":latest", "docker://" + registry + "/" + PROJECT + ":from-other-project");
    assertThat(push.exit).as(push.output).isNotZero();
    assertThat(pull(other, "other/tools:latest").exit).as("its own project has no such image").isNotZero();
  }

  @Test
  @Order(2)
  void aGroupDeployTokenPullsFromASubgroupProject() {
    JsonNode group = deployToken("groups/acme", "group", "read_registry");
    Run run = pull(group, PROJECT + ":latest");
    assertThat(run.exit).as(run.output).isZero();
  }

  @Test
  @Order(3)
  void aRevokedDeployTokenIsRefusedAtTheNextTokenRequest() {
    JsonNode token = deployToken("projects/1", "soon revoked", "read_registry");
    assertThat(pull(token, PROJECT + ":latest").exit).isZero();
    Answer revoked = send("DELETE", api + "/projects/1/deploy_tokens/" + token.get("id").asLong(), null,
        "PRIVATE-TOKEN", root);
    assertThat(revoked.status()).isEqualTo(204);
    Answer direct = send("GET", server.baseUrl() + "/jwt/auth?service=container_registry&scope=repository:"
        + PROJECT + ":pull", null, "Authorization", basic(token.get("username").asText(), token.get("token").asText()));
    assertThat(direct.status()).isEqualTo(401);
    assertThat(direct.json().get("errors").get(0).get("code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(pull(token, PROJECT + ":latest").exit).isNotZero();
  }

  @Test
  @Order(2)
  void theTokenServiceAnswersAShortLivedTokenAndAnEmptyGrantForWhatItMayNotDo() {
    JsonNode read = deployToken("projects/1", "direct", "read_registry");
    Answer answer = send("GET", server.baseUrl() + "/jwt/auth?service=container_registry&scope=repository:"
        + PROJECT + ":pull,push", null, "Authorization",
        basic(read.get("username").asText(), read.get("token").asText()));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("token").asText()).isEqualTo(answer.json().get("access_token").asText());
    assertThat(answer.json().get("expires_in").asInt()).isEqualTo(300);
    assertThat(answer.body()).doesNotContain(read.get("token").asText());
    String payload = new String(java.util.Base64.getUrlDecoder().decode(
        answer.json().get("token").asText().split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(payload).contains("\"access\":[{\"type\":\"repository\",\"name\":\"" + PROJECT
        + "\",\"actions\":[\"pull\"]}]");
  }

  @Test
  @Order(2)
  void passwordsAndMissingCredentialsAreRefusedInTheRegistrysErrorJson() {
    String url = server.baseUrl() + "/jwt/auth?service=container_registry&scope=repository:" + PROJECT + ":pull";
    for (String[] user : new String[][] {{"alice", "alice-password"}, {"bob", "bob-password"}}) {
      Answer answer = send("GET", url, null, "Authorization", basic(user[0], user[1]));
      assertThat(answer.status()).as(user[0]).isEqualTo(401);
      assertThat(answer.json().get("errors").get(0).get("code").asText()).isEqualTo("UNAUTHORIZED");
      assertThat(answer.body()).doesNotContain(user[1]);
    }
    Answer anonymous = send("GET", url, null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic realm=");
    assertThat(anonymous.json().get("errors").get(0).get("code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(anonymous.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  @Order(2)
  void onlyGetIsServedAndAMalformedScopeIsAnInvalidRequest() {
    JsonNode read = deployToken("projects/1", "shapes", "read_registry");
    String auth = basic(read.get("username").asText(), read.get("token").asText());
    Answer post = send("POST", server.baseUrl() + "/jwt/auth?service=container_registry", "", "Authorization", auth);
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.json().get("errors").get(0).get("code").asText()).isEqualTo("UNSUPPORTED");
    Answer malformed = send("GET", server.baseUrl() + "/jwt/auth?service=container_registry&scope=repository:Acme/API:pull",
        null, "Authorization", auth);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("errors").get(0).get("code").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(malformed.body()).doesNotContain(read.get("token").asText());
  }

  // ------------------------------------------------------------ helpers

  private JsonNode deployToken(String owner, String name, String... scopes) {
    Answer created = postJson(api + "/" + owner + "/deploy_tokens", root,
        "{\"name\":\"" + name + "\",\"scopes\":[\"" + String.join("\",\"", scopes) + "\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  private static String creds(JsonNode token) {
    return token.get("username").asText() + ":" + token.get("token").asText();
  }

  private Run pull(JsonNode token, String reference) {
    Path target = tmp.resolve("pulled-" + System.nanoTime());
    return skopeo("copy", "--src-tls-verify=false", "--src-creds", creds(token),
        "docker://" + registry + "/" + reference, "dir:" + target);
  }

  private record Run(int exit, String output) {}

  /** Runs skopeo without any policy, registries or auth file of the machine. */
  private Run skopeo(String... args) {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "--command-timeout", "60s"));
    command.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("HOME", tmp.toString());
      pb.environment().put("XDG_RUNTIME_DIR", tmp.toString());
      pb.environment().put("REGISTRY_AUTH_FILE", tmp.resolve("auth.json").toString());
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("skopeo did not finish: " + output);
      }
      return new Run(p.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("skopeo could not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void waitForRegistry() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!registryProcess.isAlive()) {
        throw new AssertionError("docker-registry exited: " + Files.readString(registryLog));
      }
      try {
        if (send("GET", "http://" + registry + "/v2/", null).status() == 401) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("docker-registry did not start: " + Files.readString(registryLog));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }
}
