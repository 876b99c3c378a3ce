package io.wvs.auth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The walk-through of the README, over real HTTP: what a newcomer does with curl. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "WVS_PEPPER=KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=",
    "EXAMPLE_ADMIN_TOKEN=example-admin-token-123"})
class ExampleApplicationTest {
  private static final String ADMIN = "example-admin-token-123";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String aliceToken(String scopes) throws Exception {
    HttpResponse<String> created = send("POST", "/api/v4/users/" + ExampleApplication.ALICE + "/personal_access_tokens",
        "{\"name\":\"cli\",\"scopes\":[" + scopes + "],\"expires_at\":\"" + LocalDate.now(ZoneOffset.UTC).plusDays(30) + "\"}",
        "PRIVATE-TOKEN", ADMIN, "Content-Type", "application/json");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void theAdministratorCreatesATokenForAliceThroughTheRestApiAndAliceUsesItOnTheGuardedRoute() throws Exception {
    String token = aliceToken("\"read_api\"");
    HttpResponse<String> hello = send("GET", "/hello", null, "Authorization", "Bearer " + token);
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).contains("\"hello\":\"alice\"", "SCOPE_read_api");

    HttpResponse<String> order = send("POST", "/orders", "{\"item\":\"book\"}", "Authorization", "Bearer " + token,
        "Content-Type", "application/json");
    assertThat(order.statusCode()).isEqualTo(403);
    assertThat(order.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope", "scope=\"api\"");
  }

  @Test
  void aTokenWithScopeApiMayOrderAndARequestWithoutATokenGets401() throws Exception {
    String token = aliceToken("\"api\"");
    HttpResponse<String> order = send("POST", "/orders", "{\"item\":\"book\"}", "PRIVATE-TOKEN", token,
        "Content-Type", "application/json");
    assertThat(order.statusCode()).isEqualTo(200);
    assertThat(order.body()).contains("\"ordered_by\":\"alice\"");
    assertThat(send("GET", "/hello", null).statusCode()).isEqualTo(401);
  }
}
