package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spring.plain.PlainServletApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * An application without Spring Security (hidden from its class loader), on real Tomcat: the
 * starter registers the library's filter in the servlet chain.
 */
class PlainServletAppTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ConfigurableApplicationContext app;
  private static int port;

  @BeforeAll
  static void start() {
    FilteredClassLoader withoutSecurity = new FilteredClassLoader("org.springframework.security");
    app = new SpringApplicationBuilder(PlainServletApp.class)
        .resourceLoader(new DefaultResourceLoader(withoutSecurity))
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "spring.datasource.url=jdbc:h2:mem:wvs-plain;DB_CLOSE_DELAY=-1",
            "wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL,
            "wvs.auth.rest-api.enabled=true")
        .run();
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private String token(Scope scope) {
    return app.getBean(WvsAuth.class).personalTokens().create(1, 1,
        TokenSpec.of("t", scope).expiringOn(LocalDate.now(ZoneOffset.UTC).plusDays(5))).value();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutSpringSecurityTheFilterInTheServletChainAuthenticatesTheApplicationsRoutes() throws Exception {
    HttpResponse<String> r = get("/app/hello", "PRIVATE-TOKEN", token(Scope.READ_API));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"user\":\"alice\"");
  }

  @Test
  void withoutSpringSecurityTheFilterRefusesATokenWithoutTheRoutesScope() throws Exception {
    HttpResponse<String> r = get("/app/hello", "PRIVATE-TOKEN", token(Scope.READ_USER));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("insufficient_scope", "read_api");
  }

  @Test
  void withoutSpringSecurityARequestWithoutATokenIsTheApplicationsToDecide() throws Exception {
    HttpResponse<String> r = get("/app/hello");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("anonymous");
  }

  @Test
  void withoutSpringSecurityTheTokenRestApiIsServedBehindTheFilter() throws Exception {
    assertThat(get("/api/v4/personal_access_tokens", "PRIVATE-TOKEN", token(Scope.READ_API)).statusCode()).isEqualTo(200);
    assertThat(get("/api/v4/personal_access_tokens").statusCode()).isEqualTo(401);
  }
}
