package io.wvs.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wvs.auth.demo.DemoConfig;
import io.wvs.auth.demo.DemoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The automation document's two console one-liners against the database of a running demo
 * server, verified through that server's REST API over HTTP: the predetermined token made on the
 * command line authenticates {@code GET /api/v4/user} as {@code automation-bot}, and once revoked
 * on the command line the server refuses it at once.
 */
class DemoRestApiOneLinersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  private static final String VALUE = "token-string-here123";

  @Test
  void theOneLinersTokenAuthenticatesOnTheRunningDemosRestApiUntilTheCommandLineRevokesIt()
      throws Exception {
    try (Site site = Site.postgres(); DemoServer demo = DemoServer.start(demoOn(site))) {
      String user = demo.baseUrl() + "/api/v4/user";
      assertThat(get(user, VALUE).statusCode()).as("no such token yet").isEqualTo(401);

      CliRun created = CliRun.run(site.args("token", "create", "--user", "automation-bot",
          "--name", "Automation token", "--scopes", "read_user,read_repository", "--value", VALUE));
      assertThat(created.exitCode()).as(created.err()).isZero();
      assertThat(created.out()).doesNotContain(VALUE);

      HttpResponse<String> me = get(user, VALUE);
      assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
      assertThat(JSON.readTree(me.body()).path("username").asText()).isEqualTo("automation-bot");
      // The server recorded the use in the same database: the command line sees it.
      CliRun shown = CliRun.run(site.args("token", "show", "--value", VALUE, "--json"));
      assertThat(shown.exitCode()).as(shown.err()).isZero();
      JsonNode token = JSON.readTree(shown.out());
      assertThat(token.path("state").asText()).isEqualTo("active");
      assertThat(token.path("last_used_at").isNull()).isFalse();
      // read_user does not reach the token API's writes: the server applies the token's scopes.
      HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(
              URI.create(demo.baseUrl() + "/api/v4/users/4/personal_access_tokens"))
          .header("PRIVATE-TOKEN", VALUE).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"scopes\":[\"api\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(write.statusCode()).as(write.body()).isEqualTo(403);

      CliRun revoked = CliRun.run(site.args("token", "revoke", "--value", VALUE));
      assertThat(revoked.exitCode()).as(revoked.err()).isZero();

      HttpResponse<String> refused = get(user, VALUE);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
      assertThat(JSON.readTree(refused.body()).path("error_description").asText())
          .isEqualTo("Token was revoked. You have to re-authorize from the user.");
      assertThat(refused.body()).doesNotContain(VALUE);
    }
  }

  /** The demo server on the site's database, fixture and pepper, on a free port. */
  private static DemoConfig demoOn(Site site) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", "0",
        "--data-dir", Files.createTempDirectory(site.dir, "demo-data").toString(),
        "--jdbc-url", site.jdbcUrl, "--fixture", site.fixture.toString(),
        "--pepper-file", site.pepperFile.toString(), "--ci-key-file", site.ciKeyFile.toString(),
        "--admin-token", "demo-admin-token-for-the-test-0001"));
    if (site.user != null) {
      args.addAll(List.of("--jdbc-user", site.user));
    }
    DemoConfig.Parsed parsed = DemoConfig.parse(args.toArray(String[]::new), Map.of());
    return ((DemoConfig.Run) parsed).config();
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("PRIVATE-TOKEN", token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
