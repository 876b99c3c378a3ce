package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.spi.User;
import jakarta.servlet.DispatcherType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The introspection endpoint over real HTTP on Jetty, behind the library's filter with the
 * standard rules: what an active token is answered, that every inactive one is answered exactly
 * {@code {"active":false}}, and how the endpoint itself is protected.
 */
class IntrospectionEndpointTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String CLIENT_ID = "orders-service";
  private static final String CLIENT_SECRET = "s3cret-of-the-orders-service";
  private static final String INACTIVE = "{\"active\":false}";
  private static final LocalDate EXPIRY = LocalDate.of(2025, 6, 1);

  private TestWorld world;
  private Server server;
  private URI endpoint;

  @BeforeEach
  void start() throws Exception {
    world = TestWorld.inProcess();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new WvsAuthFilter(world.auth.authenticator(), RouteRules.standard(world.auth))),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(IntrospectionServlet.builder(world.auth.authenticator())
        .client(CLIENT_ID, CLIENT_SECRET).build()), "/oauth/introspect");
    server.setHandler(context);
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/oauth/introspect");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private record Answer(int status, String body, HttpResponse<String> raw) {
    JsonNode json() throws IOException {
      return TestWorld.JSON.readTree(body);
    }
  }

  private Answer post(String authorization, String form) {
    return send("POST", "", authorization, form);
  }

  private Answer send(String method, String query, String authorization, String form) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + query)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static String client() {
    return TestWorld.basic(CLIENT_ID, CLIENT_SECRET);
  }

  private Answer introspect(String token) {
    return post(client(), "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  private String alicesToken() {
    return world.auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("reader", Scope.READ_API, Scope.READ_REPOSITORY).expiringOn(EXPIRY)).value();
  }

  @Test
  void anActiveTokenIsAnsweredWithItsScopesUserTypeAndDates() throws IOException {
    Answer answer = post(client(), "token=" + alicesToken() + "&token_type_hint=access_token");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    JsonNode json = answer.json();
    assertThat(ApiTestSupport.fieldNames(json))
        .containsExactly("active", "scope", "username", "sub", "token_type", "iat", "exp");
    assertThat(json.get("active").asBoolean()).isTrue();
    assertThat(json.get("scope").asText()).isEqualTo("read_api read_repository");
    assertThat(json.get("username").asText()).isEqualTo("alice");
    assertThat(json.get("sub").asText()).isEqualTo("2");
    assertThat(json.get("token_type").asText()).isEqualTo("personal_access_token");
    assertThat(json.get("iat").asLong()).isEqualTo(START.getEpochSecond());
    assertThat(json.get("exp").asLong()).isEqualTo(EXPIRY.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond());
  }

  @Test
  void aProjectAccessTokenIsAnsweredWithItsProjectAsTheBoundResource() throws IOException {
    String token = world.auth.resourceTokens().create(BOB, ResourceRef.project(TestWorld.API_PROJECT),
        TokenSpec.of("ci", Scope.API).expiringOn(EXPIRY), Role.DEVELOPER).value();

    JsonNode json = introspect(token).json();

    assertThat(json.get("token_type").asText()).isEqualTo("project_access_token");
    assertThat(json.get("wvs_resource").toString()).isEqualTo("{\"kind\":\"project\",\"id\":1}");
  }

  @Test
  void everyInactiveTokenIsAnsweredExactlyActiveFalseWithoutAReason() {
    String revoked = alicesToken();
    world.auth.personalTokens().revoke(ALICE, world.auth.personalTokens().list(ALICE, ALICE).get(0).id());
    String expiring = alicesToken();
    User carol = world.directory.put(User.regular(50, "carol"));
    String carols = world.pat(carol.id(), Scope.API);
    world.directory.put(new User(50, "carol", false, true, false, false));
    String deploy = world.deployToken(ResourceRef.project(TestWorld.API_PROJECT), Scope.READ_REPOSITORY);
    String unknown = expiring.substring(0, expiring.length() - 1) + (expiring.endsWith("A") ? "B" : "A");
    world.clock.set(EXPIRY.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());

    for (String token : new String[] {revoked, expiring, carols, deploy, unknown, "glpat-garbage", "x", " "}) {
      Answer answer = introspect(token);
      assertThat(answer.status()).as("status").isEqualTo(200);
      assertThat(answer.body()).as("body").isEqualTo(INACTIVE);
    }
  }

  @Test
  void aCallerWithoutCredentialsIsRefusedWith401() {
    Answer answer = post(null, "token=" + alicesToken());

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(answer.body()).isEqualTo("{\"error\":\"invalid_client\"}");
  }

  @Test
  void aClientWithAWrongSecretOrUnknownIdIsRefusedWith401() {
    String token = alicesToken();

    assertThat(post(TestWorld.basic(CLIENT_ID, CLIENT_SECRET + "x"), "token=" + token).status()).isEqualTo(401);
    assertThat(post(TestWorld.basic("other-service", CLIENT_SECRET), "token=" + token).status()).isEqualTo(401);
    assertThat(post("Basic not-base64!", "token=" + token).status()).isEqualTo(401);
    assertThat(post("Bearer " + token.substring(1), "token=" + token).status()).isEqualTo(401);
  }

  @Test
  void aCallerTokenWithoutTheApiScopeOfAnAdministratorIsRefusedWith403() {
    String token = alicesToken();

    assertThat(post("Bearer " + world.pat(ROOT, Scope.READ_API), "token=" + token).status()).isEqualTo(403);
    assertThat(post("Bearer " + world.pat(BOB, Scope.API), "token=" + token).status()).isEqualTo(403);
    Answer byAdmin = post("Bearer " + world.adminToken(), "token=" + token);
    assertThat(byAdmin.status()).isEqualTo(200);
    assertThat(byAdmin.body()).startsWith("{\"active\":true");
  }

  @Test
  void aMissingRepeatedOrUrlBorneTokenParameterIsABadRequest() {
    String token = alicesToken();

    assertThat(post(client(), "").status()).isEqualTo(400);
    assertThat(post(client(), "token=").status()).isEqualTo(400);
    assertThat(post(client(), "token=" + token + "&token=" + token).status()).isEqualTo(400);
    Answer inUrl = send("POST", "?token=" + token, client(), "");
    assertThat(inUrl.status()).isEqualTo(400);
    assertThat(inUrl.body()).doesNotContain(token);
    assertThat(send("GET", "", client(), null).status()).isEqualTo(405);
  }

  @Test
  void everyIntrospectionAnswerIsMarkedNoStore() {
    String token = alicesToken();
    for (Answer answer : new Answer[] {introspect(token), introspect("unknown"), post(null, "token=" + token),
        post(client(), "")}) {
      assertThat(answer.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(answer.body()).doesNotContain(token);
    }
  }

  @Test
  void anIntrospectionWhileTheStoreIsDownIsUnavailableNotInactiveAndLogsNoToken() {
    String token = alicesToken();
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    world.store.down(true);
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      Answer answer = introspect(token);
      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body()).isEqualTo("{\"error\":\"temporarily_unavailable\"}");
    } finally {
      System.setErr(err);
      world.store.down(false);
    }
    String log = logged.toString(StandardCharsets.UTF_8);
    assertThat(log).as("the outage is logged").contains("introspection");
    assertThat(log).doesNotContain(token).doesNotContain(token.substring(token.indexOf('-') + 1));
  }
}
