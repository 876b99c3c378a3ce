package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.basic;
import static io.wvs.auth.demo.DemoHarness.cloneUrl;
import static io.wvs.auth.demo.DemoHarness.git;
import static io.wvs.auth.demo.DemoHarness.newDir;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.demo.DemoHarness.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory calls of a git fetch with a project access token, counted by a wrapping directory that
 * both the library and the demo's git servlets see: the route decision resolves the project once,
 * the authenticator loads the bot once and hands it on, and the git servlets reuse both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitFetchDirectoryCallsTest {
  private static final String PROJECT = "acme/platform/api";
  private static final Pattern FIRST_REF = Pattern.compile("([0-9a-f]{40}) refs/heads/main");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path tmp;

  /** Calls by method name: re-pointing it at other directory interfaces needs no change. */
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private DemoServer server;
  private String projectToken;

  @BeforeAll
  void start() throws Exception {
    DemoHarness.requireGit();
    AtomicReference<HostDirectory> counted = new AtomicReference<>();
    server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("data")).build(),
        directory -> counted.updateAndGet(c -> c != null ? c : counting(directory)));
    Answer created = postJson(server.baseUrl() + "/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens",
        server.rootToken().value(), "{\"name\":\"ci\",\"scopes\":[\"read_repository\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    projectToken = created.json().path("token").asText();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aValidGitFetchWithAProjectAccessTokenMakesAtMostThreeDirectoryCallsPerRequest() throws Exception {
    String repo = server.baseUrl() + "/" + PROJECT + ".git";
    String authorization = basic("ci", projectToken);

    calls.clear();
    HttpResponse<byte[]> refs = send(HttpRequest.newBuilder(
        URI.create(repo + "/info/refs?service=git-upload-pack")).GET(), authorization);
    assertThat(refs.statusCode()).isEqualTo(200);
    Map<String, Integer> advertise = snapshot();
    System.out.println("directory calls for GET info/refs?service=git-upload-pack: " + advertise);

    Matcher head = FIRST_REF.matcher(new String(refs.body(), StandardCharsets.ISO_8859_1));
    assertThat(head.find()).as("the advertisement names main").isTrue();
    calls.clear();
    HttpResponse<byte[]> pack = send(HttpRequest.newBuilder(URI.create(repo + "/git-upload-pack"))
        .header("Content-Type", "application/x-git-upload-pack-request")
        .POST(HttpRequest.BodyPublishers.ofByteArray(wantAndDone(head.group(1)))), authorization);
    assertThat(pack.statusCode()).isEqualTo(200);
    assertThat(new String(pack.body(), StandardCharsets.ISO_8859_1)).contains("PACK");
    Map<String, Integer> upload = snapshot();
    System.out.println("directory calls for POST git-upload-pack: " + upload);

    assertThat(total(advertise)).isLessThanOrEqualTo(3);
    assertThat(total(upload)).isLessThanOrEqualTo(3);

    // The same fetch by the real git command, all of its requests together (one unauthenticated).
    calls.clear();
    git(tmp, newDir(tmp, "clone"), "clone", cloneUrl(server, "ci", projectToken, PROJECT), "repo").ok();
    System.out.println("directory calls for a whole `git clone` (every request): " + snapshot());
  }

  @Test
  void anAuthenticatedApiCallAsksTheDirectoryForItsUserOnce() throws Exception {
    calls.clear();
    HttpResponse<String> user = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v4/user"))
        .header("PRIVATE-TOKEN", server.rootToken().value()).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
    assertThat(user.body()).contains("\"username\":\"root\"");
    // The authenticator loads the user; the token API answers with that user, the route rules
    // need no resource for /user, and the decision log reads the result on the request.
    assertThat(snapshot()).isEqualTo(Map.of("findUser", 1));
  }

  private static byte[] wantAndDone(String sha) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(pktLine("want " + sha + "\n"));
    body.write("0000".getBytes(StandardCharsets.US_ASCII));
    body.write(pktLine("done\n"));
    return body.toByteArray();
  }

  private static byte[] pktLine(String text) {
    return (String.format("%04x", text.length() + 4) + text).getBytes(StandardCharsets.US_ASCII);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request, String authorization)
      throws IOException, InterruptedException {
    return HTTP.send(request.header("Authorization", authorization).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private Map<String, Integer> snapshot() {
    Map<String, Integer> copy = new TreeMap<>();
    calls.forEach((method, n) -> copy.put(method, n.get()));
    return copy;
  }

  private static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  private HostDirectory counting(HostDirectory directory) {
    return (HostDirectory) Proxy.newProxyInstance(HostDirectory.class.getClassLoader(),
        new Class<?>[] {HostDirectory.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(directory, args);
          }
          calls.computeIfAbsent(method.getName(), m -> new AtomicInteger()).incrementAndGet();
          try {
            return method.invoke(directory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
