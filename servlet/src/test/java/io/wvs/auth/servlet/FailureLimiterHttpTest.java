package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.Scope;
import io.wvs.auth.servlet.TestWorld.EchoServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filter's answers for a blocked client, over real HTTP with the library's default limits: 429
 * with {@code Retry-After} in seconds, the API's JSON error or git's plain text, the credential
 * unchecked while blocked. The filter is given a client-address resolver, as a host behind a proxy
 * does: here it reads {@code X-Client} (standing in for a trusted proxy's header), so each test is
 * its own client.
 */
class FailureLimiterHttpTest {
  private static final String GIT_REFS = "/acme/platform/api.git/info/refs?service=git-upload-pack";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static TestWorld world;
  private static Server server;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    world = TestWorld.inProcess();
    Function<HttpServletRequest, String> clientAddress = request -> {
      String client = request.getHeader("X-Client");
      if ("broken".equals(client)) {
        throw new IllegalStateException("resolver failed");
      }
      return client == null ? request.getRemoteAddr() : client;
    };
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new WvsAuthFilter(world.auth.authenticator(),
        RouteRules.standard(world.auth), clientAddress)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new TokenApiServlet(world.auth)), "/api/v4/*");
    context.addServlet(new ServletHolder(new EchoServlet()), "/*");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static TestWorld.Response get(String path, String client, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .header("X-Client", client);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new TestWorld.Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("GET " + path + " failed", e);
    }
  }

  @Test
  void anUnknownTokenFloodIsAnswered429WithRetryAfterAndTheApisJsonError() {
    String client = "203.0.113.1";
    String valid = world.pat(TestWorld.BOB, Scope.API);
    for (int i = 1; i < 50; i++) {
      assertThat(get("/api/v4/user", client, "PRIVATE-TOKEN", "unknown-token-" + i + "-xxxxxxxx").status())
          .isEqualTo(401);
    }
    TestWorld.Response fiftieth = get("/api/v4/user", client, "PRIVATE-TOKEN", "unknown-token-50-xxxxxxxx");

    assertThat(fiftieth.status()).isEqualTo(429);
    assertThat(fiftieth.header("Retry-After")).isEqualTo("600");
    assertThat(fiftieth.json().path("message").asText()).isEqualTo("429 Too Many Requests - Too many failed"
        + " authentication attempts from your address. Retry in 10 minutes.");
    assertThat(get("/api/v4/user", client, "PRIVATE-TOKEN", valid).status()).isEqualTo(429);
    assertThat(get("/api/v4/user", "203.0.113.2", "PRIVATE-TOKEN", valid).status()).isEqualTo(200);
    assertThat(get("/api/v4/user", client).status()).as("no credential: the host decides").isNotEqualTo(429);
  }

  @Test
  void wrongGitPasswordsAreAnswered429InPlainTextAndTheRightOneOnlyAfterTheBlock() {
    String client = "203.0.113.3";
    for (int i = 1; i < 10; i++) {
      assertThat(get(GIT_REFS, client, "Authorization", TestWorld.basic("bob", "guess-" + i)).status())
          .isEqualTo(401);
    }
    TestWorld.Response tenth = get(GIT_REFS, client, "Authorization", TestWorld.basic("bob", "guess-10"));

    assertThat(tenth.status()).isEqualTo(429);
    assertThat(tenth.header("Retry-After")).isEqualTo("3600");
    assertThat(tenth.header("Content-Type")).startsWith("text/plain");
    assertThat(tenth.body()).isEqualTo("HTTP Basic: Access denied\nToo many failed authentication"
        + " attempts from your address. Retry in 60 minutes.\n");
    assertThat(get(GIT_REFS, client, "Authorization", TestWorld.basic("bob", "bob-password")).status())
        .isEqualTo(429);
    String token = world.pat(TestWorld.BOB, Scope.READ_REPOSITORY);
    assertThat(get(GIT_REFS, client, "Authorization", TestWorld.basic("bob", token)).status())
        .as("a token from the same address").isEqualTo(200);

    world.clock.advance(Duration.ofHours(1));
    assertThat(get(GIT_REFS, client, "Authorization", TestWorld.basic("bob", "bob-password")).status())
        .isEqualTo(200);
  }

  @Test
  void aSprayedUsernameIsToldToUseAToken() {
    for (int i = 1; i <= 10; i++) {
      get(GIT_REFS, "198.51.100." + i, "Authorization", TestWorld.basic("alice", "guess-" + i));
    }
    TestWorld.Response fresh = get(GIT_REFS, "192.0.2.50", "Authorization", TestWorld.basic("alice", "x"));

    assertThat(fresh.status()).isEqualTo(429);
    assertThat(fresh.header("Retry-After")).isEqualTo("600");
    assertThat(fresh.body()).isEqualTo("HTTP Basic: Access denied\nToo many failed password attempts for"
        + " this user: passwords are refused for now, tokens still work. Retry in 10 minutes, or use a"
        + " personal access token.\n");
    String token = world.pat(TestWorld.ALICE, Scope.READ_REPOSITORY);
    assertThat(get(GIT_REFS, "192.0.2.50", "Authorization", TestWorld.basic("alice", token)).status())
        .isEqualTo(200);
  }

  @Test
  void aClientAddressResolverThatFailsIsA503NeverA500() {
    TestWorld.Response r = get("/api/v4/user", "broken", "PRIVATE-TOKEN", "some-token-xxxxxxxxxxxx");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().path("message").asText()).isEqualTo("503 Service Unavailable");
  }
}
