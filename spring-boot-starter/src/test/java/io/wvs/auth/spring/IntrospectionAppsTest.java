package io.wvs.auth.spring;

import io.wvs.auth.tck.TestClock;
import static io.wvs.auth.spring.app.ScopedApp.ALICE;
import static io.wvs.auth.spring.app.ScopedApp.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spring.app.ScopedApp;
import io.wvs.auth.spring.resource.ResourceServerApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;

/**
 * Two real applications on real Tomcat: the first embeds wvs-auth and serves the introspection
 * endpoint; the second, a Spring Security resource server without any store, accepts the first's
 * tokens by introspecting them over real HTTP.
 */
@SpringBootTest(classes = ScopedApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:wvs-introspection;DB_CLOSE_DELAY=-1",
    "wvs.auth.pepper.env=TEST_WVS_PEPPER",
    "TEST_WVS_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL,
    "wvs.auth.introspection.enabled=true",
    "wvs.auth.introspection.clients[0].id=" + IntrospectionAppsTest.CLIENT_ID,
    "wvs.auth.introspection.clients[0].secret.env=TEST_ORDERS_SECRET",
    "TEST_ORDERS_SECRET=" + IntrospectionAppsTest.CLIENT_SECRET})
class IntrospectionAppsTest {
  static final String CLIENT_ID = "orders";
  /** 24 bytes in base64, as {@code head -c 24 /dev/urandom | base64} makes them. */
  static final String CLIENT_SECRET = "b3JkZXJzLXNlY3JldC0wMTIzNDU2Nzg5";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ConfigurableApplicationContext resourceServer;
  private static int resourcePort;

  @LocalServerPort
  int port;

  @Autowired
  WvsAuth auth;

  @BeforeEach
  void startTheResourceServer() {
    if (resourceServer == null) {
      resourceServer = new SpringApplicationBuilder(ResourceServerApp.class).properties(
          "server.port=0",
          "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
              + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
          "wvs.auth.introspection.uri=" + endpoint(),
          "wvs.auth.introspection.client-id=" + CLIENT_ID,
          "wvs.auth.introspection.client-secret.env=TEST_ORDERS_SECRET",
          "TEST_ORDERS_SECRET=" + CLIENT_SECRET).run();
      resourcePort = Integer.parseInt(resourceServer.getEnvironment().getProperty("local.server.port"));
    }
  }

  @AfterAll
  static void stopTheResourceServer() {
    if (resourceServer != null) {
      resourceServer.close();
      resourceServer = null;
    }
  }

  private String endpoint() {
    return "http://127.0.0.1:" + port + "/oauth/introspect";
  }

  private CreatedToken token(long user, Scope first, Scope... more) {
    return auth.personalTokens().create(user, user, TokenSpec.of("t", first, more)
        .expiringOn(ScopeGuardedAppContract.nextMonth()));
  }

  private static HttpResponse<String> orders(String bearer) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + resourcePort + "/orders/mine"))
        .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> introspect(String user, String secret, String token)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint()))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenOfTheFirstApplicationReachesAScopeGuardedRouteOfTheSecond() throws Exception {
    HttpResponse<String> r = orders(token(ALICE, Scope.READ_API).value());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"username\":\"alice\"").contains("\"SCOPE_read_api\"")
        .contains("\"SCOPE_read_user\"").doesNotContain("\"SCOPE_api\"")
        .contains("\"token_type\":\"personal_access_token\"");
  }

  @Test
  void aTokenRevokedOnTheFirstIsRefusedOnTheSecondAtOnce() throws Exception {
    CreatedToken token = token(ALICE, Scope.READ_API);
    assertThat(orders(token.value()).statusCode()).isEqualTo(200);

    auth.personalTokens().revoke(ALICE, token.token().id());

    assertThat(orders(token.value()).statusCode()).isEqualTo(401);
  }

  @Test
  void anUnknownOrMalformedTokenIsRefusedOnTheSecondWith401() throws Exception {
    String value = token(ALICE, Scope.READ_API).value();
    String unknown = value.substring(0, value.length() - 1) + (value.endsWith("A") ? "B" : "A");

    assertThat(orders(unknown).statusCode()).isEqualTo(401);
    assertThat(orders("not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenWithoutTheRoutesScopeIsRefusedOnTheSecondWith403() throws Exception {
    assertThat(orders(token(ALICE, Scope.READ_REPOSITORY).value()).statusCode()).isEqualTo(403);
  }

  @Test
  void theEndpointAnswersItsClientsAndRefusesAWrongSecretThroughTheApplicationsSecurity() throws Exception {
    String token = token(ROOT, Scope.API).value();

    HttpResponse<String> ok = introspect(CLIENT_ID, CLIENT_SECRET, token);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).startsWith("{\"active\":true").contains("\"username\":\"root\"");
    assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(introspect(CLIENT_ID, CLIENT_SECRET + "x", token).statusCode()).isEqualTo(401);
    assertThatThrownBy(() -> WvsOpaqueTokenIntrospector.builder().uri(endpoint()).clientId(CLIENT_ID)
        .clientSecret("a-wrong-secret-0123456789").build().introspect(token))
        .isInstanceOf(OAuth2IntrospectionException.class).hasMessageNotContaining(token);
  }

  @Test
  void withACacheARevocationIsSeenOnceTheTtlHasPassed() {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    WvsOpaqueTokenIntrospector cached = WvsOpaqueTokenIntrospector.builder().uri(endpoint()).clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET).cacheTtl(Duration.ofSeconds(30)).cacheSize(2).clock(clock).build();
    CreatedToken token = token(ALICE, Scope.READ_API);
    OAuth2AuthenticatedPrincipal principal = cached.introspect(token.value());
    assertThat(principal.getName()).isEqualTo("alice");
    assertThat(principal.<Instant>getAttribute("exp"))
        .isEqualTo(ScopeGuardedAppContract.nextMonth().atStartOfDay(ZoneOffset.UTC).toInstant());

    auth.personalTokens().revoke(ALICE, token.token().id());
    clock.advance(Duration.ofSeconds(29));
    assertThat(cached.introspect(token.value()).getName()).as("within the TTL").isEqualTo("alice");

    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> cached.introspect(token.value())).isInstanceOf(BadOpaqueTokenException.class);
  }

  @Test
  void theCacheHoldsAtMostItsSize() {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    WvsOpaqueTokenIntrospector cached = WvsOpaqueTokenIntrospector.builder().uri(endpoint()).clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET).cacheTtl(Duration.ofSeconds(30)).cacheSize(2).clock(clock).build();
    for (int i = 0; i < 4; i++) {
      cached.introspect(token(ALICE, Scope.READ_API).value());
    }
    assertThat(cached.cached()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(30));
    cached.introspect(token(ALICE, Scope.READ_API).value());
    assertThat(cached.cached()).as("expired answers make room").isEqualTo(1);
  }

  @Test
  void withoutACacheNothingIsKept() {
    WvsOpaqueTokenIntrospector uncached = WvsOpaqueTokenIntrospector.builder().uri(endpoint()).clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET).build();
    uncached.introspect(token(ALICE, Scope.READ_API).value());
    assertThat(uncached.cached()).isZero();
  }

}
