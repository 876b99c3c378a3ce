package io.wvs.auth.spring;

import static io.wvs.auth.spring.app.ScopedApp.ALICE;
import static io.wvs.auth.spring.app.ScopedApp.BOB;
import static io.wvs.auth.spring.app.ScopedApp.PROJECT;
import static io.wvs.auth.spring.app.ScopedApp.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.spi.TokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real application on real Tomcat, driven over real HTTP: the rules a Spring host relies on,
 * whatever database holds the tokens.
 */
abstract class ScopeGuardedAppContract {
  /** A test pepper (32 bytes of 0x2a), given through the variable the properties name. */
  static final String PEPPER_LITERAL = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  WvsAuth auth;

  @Autowired
  TokenStore store;

  @Autowired
  DataSource dataSource;

  String token(long user, Scope first, Scope... more) {
    return auth.personalTokens().create(user, user, TokenSpec.of("t", first, more).expiringOn(nextMonth())).value();
  }

  static LocalDate nextMonth() {
    return LocalDate.now(ZoneOffset.UTC).plusDays(30);
  }

  HttpResponse<String> send(String method, String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theTokensAreKeptInTheApplicationsDatabase() {
    assertThat(store).isInstanceOf(JdbcTokenStore.class);
  }

  @Test
  void aReadApiTokenReachesARouteThatNeedsScopeReadApiAsItsUser() throws Exception {
    HttpResponse<String> r = send("GET", "/app/read/whoami", "PRIVATE-TOKEN", token(ALICE, Scope.READ_API));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"username\":\"alice\"").contains("\"SCOPE_read_api\"")
        .doesNotContain("SCOPE_api\"").contains("\"impersonation\":false");
  }

  @Test
  void anApiTokenHoldsTheScopesItImplies() throws Exception {
    HttpResponse<String> r = send("GET", "/app/read/whoami", "Authorization", "Bearer " + token(ALICE, Scope.API));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"SCOPE_api\"", "\"SCOPE_read_api\"", "\"SCOPE_read_user\"");
  }

  @Test
  void aTokenWithoutTheScopeARouteNeedsIsRefusedWith403InsufficientScopeNamingTheScope() throws Exception {
    HttpResponse<String> r = send("GET", "/app/read/whoami", "PRIVATE-TOKEN", token(ALICE, Scope.READ_USER));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h ->
        assertThat(h).startsWith("Bearer realm=\"WVS\"").contains("error=\"insufficient_scope\"", "scope=\"read_api\""));
    assertThat(r.body()).contains("\"error\":\"insufficient_scope\"", "\"scope\":\"read_api\"");
  }

  @Test
  void aMethodGuardedByPreAuthorizeRefusesATokenWithoutTheScopeWith403AndAdmitsOneWithIt() throws Exception {
    HttpResponse<String> refused = send("POST", "/app/write", "PRIVATE-TOKEN", token(ALICE, Scope.READ_API));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("insufficient_scope", "\"scope\":\"api\"");

    HttpResponse<String> admitted = send("POST", "/app/write", "PRIVATE-TOKEN", token(ALICE, Scope.API));
    assertThat(admitted.statusCode()).as("a token in a header needs no CSRF token").isEqualTo(200);
    assertThat(admitted.body()).contains("alice");
  }

  @Test
  void aRevokedTokenIsRefusedWith401InvalidToken() throws Exception {
    var created = auth.personalTokens().create(ALICE, ALICE, TokenSpec.of("t", Scope.API).expiringOn(nextMonth()));
    auth.personalTokens().revoke(ALICE, created.token().id());
    HttpResponse<String> r = send("GET", "/app/any", "PRIVATE-TOKEN", created.value());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h ->
        assertThat(h).contains("error=\"invalid_token\""));
    assertThat(r.body()).contains("\"error\":\"invalid_token\"").doesNotContain(created.value());
  }

  @Test
  void anUnknownTokenIsRefusedWith401AndNeverEchoed() throws Exception {
    String forged = token(ALICE, Scope.API);
    forged = forged.substring(0, forged.length() - 12) + "AAAAAAAAAAAA";
    HttpResponse<String> r = send("GET", "/app/any", "PRIVATE-TOKEN", forged);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
  }

  @Test
  void aRequestWithoutATokenOnAProtectedRouteGets401WithABearerChallenge() throws Exception {
    HttpResponse<String> r = send("GET", "/app/any");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"WVS\"");
    assertThat(r.body()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
  }

  @Test
  void twoDifferentCredentialsAreA400() throws Exception {
    HttpResponse<String> r = send("GET", "/app/any", "PRIVATE-TOKEN", token(ALICE, Scope.API),
        "Authorization", "Bearer " + token(BOB, Scope.API));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("invalid_request");
  }

  @Test
  void theAuthenticationCarriesTheResourceAProjectTokenIsBoundTo() throws Exception {
    String value = auth.resourceTokens().create(ALICE, ResourceRef.project(PROJECT),
        TokenSpec.of("bot", Scope.READ_API).expiringOn(nextMonth()), Role.DEVELOPER).value();
    HttpResponse<String> r = send("GET", "/app/read/whoami", "PRIVATE-TOKEN", value);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"resource\":\"" + ResourceRef.project(PROJECT) + "\"");
  }

  @Test
  void theAuthenticationCarriesImpersonation() throws Exception {
    String value = auth.personalTokens().createImpersonation(ROOT, ALICE,
        TokenSpec.of("support", Scope.READ_API).expiringOn(nextMonth())).value();
    HttpResponse<String> r = send("GET", "/app/read/whoami", "PRIVATE-TOKEN", value);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"username\":\"alice\"", "\"impersonation\":true");
  }

  @Test
  void underSudoThePrincipalIsTheTargetAndTheAuthenticationNamesTheAdministrator() throws Exception {
    HttpResponse<String> r = send("GET", "/app/read/whoami", "PRIVATE-TOKEN", token(ROOT, Scope.API, Scope.SUDO),
        "Sudo", "bob");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"username\":\"bob\"", "\"sudoBy\":\"root\"");
  }

  @Test
  void theTokenRestApiIsServedAtApiV4() throws Exception {
    HttpResponse<String> r = send("GET", "/api/v4/personal_access_tokens", "PRIVATE-TOKEN", token(BOB, Scope.READ_API));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("[").contains("\"user_id\":" + BOB);
  }

  @Test
  void theTokenRestApiRefusesATokenWithoutItsScopeAsTheLibraryDoes() throws Exception {
    HttpResponse<String> r = send("GET", "/api/v4/personal_access_tokens", "PRIVATE-TOKEN", token(BOB, Scope.READ_USER));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("insufficient_scope", "read_api");
  }

  @Test
  void aFailureInsideTheApplicationIsAnsweredAsAnErrorNotAsARefusalOfTheToken() throws Exception {
    HttpResponse<String> r = send("GET", "/app/boom", "PRIVATE-TOKEN", token(ALICE, Scope.READ_API));
    assertThat(r.statusCode()).as("the error page sees the same authentication").isEqualTo(500);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }
}
