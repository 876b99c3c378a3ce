package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's HTTP hygiene over raw sockets (so the test, not a client library, chooses the method,
 * the Host header and when the body stops): odd methods are refused before anything echoes,
 * a stalled body gets the platform's answer, absolute links start with the external URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoHttpHygieneTest {
  private static final String EXTERNAL = "https://git.example.test/base";
  private static final String PROJECT = "acme/platform/api";

  @TempDir
  static Path tmp;

  private DemoServer server;
  private String root;

  @BeforeAll
  void start() throws Exception {
    server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("data"))
        .externalUrl(EXTERNAL + "/").build());
    server.idleTimeout(500);
    root = server.rootToken().value();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void traceAndUnusedMethodsAreRefusedWithoutEchoOnEveryPathFamily() throws IOException {
    String secret = "Basic " + java.util.Base64.getEncoder().encodeToString(
        ("alice:" + root).getBytes(StandardCharsets.UTF_8));
    List<String> paths = List.of("/api/v4/user", "/" + PROJECT + ".git/info/refs?service=git-upload-pack",
        "/" + PROJECT + ".git/git-upload-pack", "/" + PROJECT + ".git/info/lfs/objects/batch", "/",
        "/nowhere");
    for (String method : List.of("TRACE", "OPTIONS", "PROPFIND", "TRACK", "PATCH", "CONNECT")) {
      for (String path : paths) {
        String answer = exchange(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "PRIVATE-TOKEN: " + root + "\r\nAuthorization: " + secret + "\r\n"
            + "X-Echo: echo-marker\r\nConnection: close\r\n\r\n");
        assertThat(answer).as(method + " " + path).doesNotContain(root).doesNotContain(secret)
            .doesNotContain("echo-marker").doesNotContainIgnoringCase("<html");
        if (!method.equals("CONNECT")) {
          assertThat(answer).as(method + " " + path).startsWith("HTTP/1.1 405");
          assertThat(answer).contains(path.contains(".git/") && !path.contains("/lfs/")
              ? "405 Method Not Allowed\n" : "{\"message\":\"405 Method Not Allowed\"}");
        }
      }
    }
  }

  @Test
  void aBodyThatStallsGetsThePlatformsAnswerWithTheRealStatusAndNoEcho() throws IOException {
    for (String path : List.of("/api/v4/users/2/personal_access_tokens",
        "/" + PROJECT + ".git/info/lfs/objects/batch", "/" + PROJECT + ".git/git-receive-pack")) {
      String head = "POST " + path + " HTTP/1.1\r\nHost: evil.example\r\n"
          + "PRIVATE-TOKEN: " + root + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\nConnection: close\r\n\r\n{\"name\":";
      String answer = exchange(head);
      assertThat(answer).as(path).doesNotContain("evil.example").doesNotContainIgnoringCase("<html")
          .doesNotContain("Exception").doesNotContain(root);
      if (!answer.isEmpty()) {
        assertThat(answer).as(path).matches("(?s)HTTP/1.1 4\\d\\d .*");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).as(path).matches("\\{\"message\":\"[A-Za-z0-9 ]+\"}|4\\d\\d [A-Za-z ]+\n");
      }
    }
  }

  @Test
  void aStalledBodyIsLoggedWithTheStatusTheClientGot() throws Exception {
    // Authenticated first (git's basic auth), then the body stalls past the idle timeout.
    String path = "/" + PROJECT + ".git/info/lfs/objects/batch";
    java.io.PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String answer;
    String line = null;
    System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      answer = exchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
          + basic("root", root) + "\r\nContent-Type: application/vnd.git-lfs+json\r\n"
          + "Content-Length: 1000\r\nConnection: close\r\n\r\n{\"operation\":");
      // The line is written when the request is done, which may be just after the client's answer.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (line == null && System.nanoTime() < deadline) {
        line = captured.toString(StandardCharsets.UTF_8).lines()
            .filter(l -> l.contains("POST " + path + " ")).findFirst().orElse(null);
        Thread.sleep(20);
      }
    } finally {
      System.setOut(original);
    }
    assertThat(answer).matches("(?s)HTTP/1.1 4\\d\\d .*");
    String status = answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3);
    assertThat(line).as("the decision log's line for the stalled request").isNotNull()
        .contains(" status=" + status).doesNotContain("status=200").doesNotContain(root);
  }

  @Test
  void absoluteLinksStartWithTheExternalUrlNeverTheHostHeader() throws IOException {
    for (int i = 0; i < 2; i++) {
      DemoHarness.postJson(server.baseUrl() + "/api/v4/users/2/personal_access_tokens", root,
          "{\"name\":\"link-" + i + "\",\"scopes\":[\"read_api\"]}");
    }
    String list = exchange("GET /api/v4/personal_access_tokens?user_id=2&per_page=1 HTTP/1.1\r\n"
        + "Host: evil.example\r\nPRIVATE-TOKEN: " + root + "\r\nConnection: close\r\n\r\n");
    String link = list.lines().filter(l -> l.regionMatches(true, 0, "Link:", 0, 5)).findFirst().orElseThrow(() -> new AssertionError(list));
    assertThat(link).doesNotContain("evil.example").contains("<" + EXTERNAL + "/api/v4/personal_access_tokens?");
    String lfsBody = "{\"operation\":\"download\",\"objects\":[{\"oid\":\""
        + "a".repeat(64) + "\",\"size\":1}]}";
    String auth = basic("root", root);
    String lfs = exchange("POST /" + PROJECT + ".git/info/lfs/objects/batch HTTP/1.1\r\n"
        + "Host: evil.example\r\nAuthorization: " + auth + "\r\nContent-Type: " + LfsServlet.MEDIA_TYPE
        + "\r\nContent-Length: " + lfsBody.length() + "\r\nConnection: close\r\n\r\n" + lfsBody);
    assertThat(lfs).startsWith("HTTP/1.1 200").doesNotContain("evil.example");
    // Upload actions carry the href: ask for an object not yet stored.
    String upload = lfsBody.replace("download", "upload");
    String up = exchange("POST /" + PROJECT + ".git/info/lfs/objects/batch HTTP/1.1\r\n"
        + "Host: evil.example\r\nAuthorization: " + auth + "\r\nContent-Type: " + LfsServlet.MEDIA_TYPE
        + "\r\nContent-Length: " + upload.length() + "\r\nConnection: close\r\n\r\n" + upload);
    assertThat(up).startsWith("HTTP/1.1 200").doesNotContain("evil.example")
        .contains("\"href\":\"" + EXTERNAL + "/" + PROJECT + ".git/info/lfs/objects/");
  }

  @Test
  void decisionLogEscapesControlCharactersInEveryValue() {
    DecisionLog log = new DecisionLog();
    log.watch(server.auth().authenticator(), null);
    String forged = log.clean("mallory\r\nGET /api/v4/user status=200 authenticated user=root\u001b[2J\\x0a");
    assertThat(forged).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u001b")
        .isEqualTo("mallory\\x0d\\x0aGET /api/v4/user status=200 authenticated user=root\\x1b[2J\\x5cx0a");
    assertThat(log.clean("caf\u00e9 \u0085\u2028")).isEqualTo("caf\u00e9 \\x85\\u2028");
  }

  @Test
  void decisionLogMasksTokensInPathsAndCredentialPositions() {
    DecisionLog log = new DecisionLog();
    log.watch(server.auth().authenticator(), null);
    String generated = server.auth().personalTokens().create(2, 2,
        new io.wvs.auth.TokenSpec("mask", java.util.EnumSet.of(io.wvs.auth.Scope.READ_API), null)).value();
    String predetermined = "token-string-here123";
    assertThat(log.clean(log.maskPath("/api/v4/personal_access_tokens/" + generated)))
        .isEqualTo("/api/v4/personal_access_tokens/[masked]");
    assertThat(log.clean(log.maskPath("/api/v4/personal_access_tokens/" + predetermined)))
        .isEqualTo("/api/v4/personal_access_tokens/[masked]");
    assertThat(log.clean(log.maskPath("/" + generated + "@acme/platform/api.git/info/refs")))
        .isEqualTo("/[masked]@acme/platform/api.git/info/refs");
    assertThat(log.clean(log.maskPath("/" + predetermined + "@acme/platform/api.git")))
        .isEqualTo("/[masked]@acme/platform/api.git");
    assertThat(log.clean(log.maskPath("/acme/" + generated + ".git/x")))
        .isEqualTo("/acme/[masked].git/x");
    // What has no token's shape stays readable.
    assertThat(log.clean(log.maskPath("/api/v4/personal_access_tokens/17/rotate")))
        .isEqualTo("/api/v4/personal_access_tokens/17/rotate");
    assertThat(log.clean(log.maskPath("/acme/platform/a-rather-long-repository-name.git/info/refs")))
        .isEqualTo("/acme/platform/a-rather-long-repository-name.git/info/refs");
  }

  /** Sends {@code request} as is and reads the answer until the server closes (or 10 s). */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (java.net.SocketException e) {
        // reset by the server after its answer
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
