package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.TestWorld.Response;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * {@code sudo} counts wherever the platform reads it (the {@code Sudo} header, the query string, a
 * form body of any method, a JSON body), over real HTTP on Jetty 12, which parses form bodies of
 * POST and PUT only. A request whose target cannot be told is refused; none runs as the
 * administrator instead.
 */
class SudoParameterTest extends ApiTestSupport {
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";

  private static String sudoToken() {
    return world.pat(ROOT, Scope.API, Scope.SUDO);
  }

  private static Response send(String method, String path, String type, String body, String... headers) {
    return world.send(method, path, type, body, headers);
  }

  private static void assertActsAs(Response r, String username) {
    assertStatus(r, 200);
    JsonNode json = r.json();
    assertThat(json.get("principal").asText()).isEqualTo(username);
    assertThat(json.get("sudo_by").asText()).isEqualTo("root");
  }

  @Test
  void sudoInADeleteFormBodyActsAsThatUserOrIsRefused() {
    String admin = sudoToken();
    assertActsAs(send("DELETE", "/api/v4/echo", FORM, "sudo=bob", "PRIVATE-TOKEN", admin), "bob");
    assertActsAs(send("DELETE", "/api/v4/echo", FORM + "; charset=UTF-8", "a=1&sudo=3", "PRIVATE-TOKEN", admin), "bob");

    // On the token API: acting as bob, the administrator's DELETE of alice's token is bob's, and
    // bob may not revoke it (the platform's 401 for another user's token).
    CreatedToken alices = world.auth.personalTokens().create(ALICE, ALICE, TokenSpec.of("a", Scope.API));
    Response asBob = send("DELETE", "/api/v4/personal_access_tokens/" + alices.token().id(), FORM, "sudo=bob",
        "PRIVATE-TOKEN", admin);
    assertStatus(asBob, 401);
    assertThat(world.auth.personalTokens().get(ALICE, alices.token().id()).revoked()).isFalse();
    // As alice it is her own token.
    assertStatus(send("DELETE", "/api/v4/personal_access_tokens/" + alices.token().id(), FORM, "sudo=alice",
        "PRIVATE-TOKEN", admin), 204);
  }

  @Test
  void sudoInADeleteFormBodyThatCannotBeReadIsRefused() {
    Response r = send("DELETE", "/api/v4/echo", FORM, "sudo=%C3%28", "PRIVATE-TOKEN", sudoToken());
    assertError(r, 400, "message", "400 Bad request - the form body is malformed or too large");
  }

  @Test
  void sudoInAFormBodyOfEveryMethodActsAsThatUser() {
    String admin = sudoToken();
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "GET", "OPTIONS"}) {
      assertActsAs(send(method, "/api/v4/echo", FORM, "sudo=bob", "PRIVATE-TOKEN", admin), "bob");
    }
  }

  @Test
  void sudoInAJsonBodyActsAsThatUser() {
    String admin = sudoToken();
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "GET"}) {
      assertActsAs(send(method, "/api/v4/echo", JSON, "{\"sudo\":\"bob\"}", "PRIVATE-TOKEN", admin), "bob");
    }
    assertActsAs(send("POST", "/api/v4/echo", JSON, "{\"sudo\":" + BOB + "}", "PRIVATE-TOKEN", admin), "bob");
    assertActsAs(send("POST", "/api/v4/echo", "application/vnd.api+json", "{\"\\u0073udo\":\"bob\"}",
        "PRIVATE-TOKEN", admin), "bob");
    // "sudo": null is no sudo.
    Response none = send("POST", "/api/v4/echo", JSON, "{\"sudo\":null}", "PRIVATE-TOKEN", admin);
    assertStatus(none, 200);
    assertThat(none.json().get("principal").asText()).isEqualTo("root");
  }

  @Test
  void sudoInAJsonBodyReachesTheTokenApiWhichStillReadsTheBody() {
    String admin = sudoToken();
    String path = "/api/v4/projects/" + WEBSITE + "/access_tokens";
    // Bob maintains acme/website: as bob, the creation succeeds, with the body's name and scopes.
    Response asBob = send("POST", path, JSON, "{\"sudo\":\"bob\",\"name\":\"by-bob\",\"scopes\":[\"read_api\"]}",
        "PRIVATE-TOKEN", admin);
    assertStatus(asBob, 201);
    assertThat(asBob.json().get("name").asText()).isEqualTo("by-bob");
    // Alice is no member of it: as alice it is not there, although the administrator could create one.
    Response asAlice = send("POST", path, JSON, "{\"sudo\":\"alice\",\"name\":\"x\",\"scopes\":[\"read_api\"]}",
        "PRIVATE-TOKEN", admin);
    assertError(asAlice, 404, "message", "404 Project Not Found");
    // An administrator's own creation of a personal token for bob is refused when acting as bob.
    assertStatus(send("POST", "/api/v4/users/" + BOB + "/personal_access_tokens", JSON,
        "{\"sudo\":\"bob\",\"name\":\"x\",\"scopes\":[\"api\"]}", "PRIVATE-TOKEN", admin), 403);
  }

  @Test
  void sudoInAJsonBodyThatIsNotAStringOrNumberOrNotReadableIsRefused() {
    String admin = sudoToken();
    assertError(send("POST", "/api/v4/echo", JSON, "{\"sudo\":[\"bob\"]}", "PRIVATE-TOKEN", admin),
        400, "error", "sudo is invalid");
    assertError(send("DELETE", "/api/v4/echo", JSON, "{\"sudo\":{\"id\":3}}", "PRIVATE-TOKEN", admin),
        400, "error", "sudo is invalid");
    assertError(send("DELETE", "/api/v4/echo", JSON, "{\"sudo\":\"bob\"", "PRIVATE-TOKEN", admin),
        400, "message", "400 Bad request - the body is not valid JSON");
    assertError(send("GET", "/api/v4/echo", JSON, "{\"sudo\":\"bob\",\"sudo\":\"bob\"}", "PRIVATE-TOKEN", admin),
        400, "message", "400 Bad request - the body is not valid JSON");
  }

  @Test
  void conflictingSudoValuesAreRefused() {
    String admin = sudoToken();
    Response[] conflicts = {
      send("DELETE", "/api/v4/echo?sudo=bob", FORM, "sudo=alice", "PRIVATE-TOKEN", admin),
      send("DELETE", "/api/v4/echo", FORM, "sudo=bob&sudo=alice", "PRIVATE-TOKEN", admin),
      send("POST", "/api/v4/echo", FORM, "sudo=alice", "PRIVATE-TOKEN", admin, "Sudo", "bob"),
      send("POST", "/api/v4/echo", JSON, "{\"sudo\":\"alice\"}", "PRIVATE-TOKEN", admin, "Sudo", "bob"),
      send("DELETE", "/api/v4/echo?sudo=bob", JSON, "{\"sudo\":\"alice\"}", "PRIVATE-TOKEN", admin),
      send("PUT", "/api/v4/echo", JSON, "{\"sudo\":\"3\"}", "PRIVATE-TOKEN", admin, "Sudo", "bob"),
    };
    for (Response r : conflicts) {
      assertError(r, 400, "error", "invalid_request");
      assertThat(r.json().get("error_description").asText()).isEqualTo(SudoParameter.CONFLICT_DESCRIPTION);
    }
    // The same target in several places is one target.
    assertActsAs(send("DELETE", "/api/v4/echo?sudo=bob", JSON, "{\"sudo\":\"bob\"}", "PRIVATE-TOKEN", admin,
        "Sudo", "bob"), "bob");
  }

  @Test
  void sudoInABodyFromATokenThatMayNotSudoIsRefusedNotIgnored() {
    String noSudoScope = world.pat(ROOT, Scope.API);
    Response json = send("POST", "/api/v4/echo", JSON, "{\"sudo\":\"bob\"}", "PRIVATE-TOKEN", noSudoScope);
    assertThat(json.status()).isEqualTo(403);
    Response form = send("DELETE", "/api/v4/echo", FORM, "sudo=bob", "PRIVATE-TOKEN", noSudoScope);
    assertThat(form.status()).isEqualTo(403);
  }

  @Test
  void aBodyTooLargeToLookForSudoIsRefused() {
    String big = "{\"sudo\":\"bob\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    assertError(send("DELETE", "/api/v4/echo", JSON, big, "PRIVATE-TOKEN", sudoToken()),
        413, "message", "413 Request Entity Too Large");
    assertError(send("DELETE", "/api/v4/echo", FORM, "pad=" + "x".repeat(70 * 1024) + "&sudo=bob",
        "PRIVATE-TOKEN", sudoToken()), 413, "message", "413 Request Entity Too Large");
  }

  @Test
  void privateTokenInADeleteFormBodyCountsAsInAPostOne() {
    CreatedToken bobs = world.auth.personalTokens().create(BOB, BOB, TokenSpec.of("b", Scope.API));
    Response r = send("DELETE", "/api/v4/personal_access_tokens/self", FORM, "private_token=" + bobs.value());
    assertStatus(r, 204);
    assertThat(world.auth.personalTokens().get(BOB, bobs.token().id()).revoked()).isTrue();
  }

  @Test
  void sudoOnPackageRoutesIsReadFromTheHeaderAndQueryStringAndUploadsAreNotRead() {
    String admin = sudoToken();
    String maven = "/api/v4/projects/1/packages/maven/com/example/lib/1.0/lib-1.0.jar";
    assertActsAs(send("GET", maven, null, null, "PRIVATE-TOKEN", admin, "Sudo", "bob"), "bob");
    assertActsAs(send("GET", maven + "?sudo=bob", null, null, "PRIVATE-TOKEN", admin), "bob");
    assertActsAs(send("POST", maven, FORM, "sudo=bob", "PRIVATE-TOKEN", admin), "bob");
    assertError(send("GET", maven + "?sudo=alice", null, null, "PRIVATE-TOKEN", admin, "Sudo", "bob"),
        400, "error", "invalid_request");
    // An upload is passed on unread, however large.
    Response upload = send("PUT", maven, JSON, "{\"sudo\":\"bob\",\"data\":\"" + "x".repeat(100 * 1024) + "\"}",
        "PRIVATE-TOKEN", admin);
    assertStatus(upload, 200);
    assertThat(upload.json().get("principal").asText()).isEqualTo("root");
  }

  // ------------------------------------------------------------ multipart

  private static final String BOUNDARY = "----wvs-boundary-7MA4YWxkTrZu0gW";
  private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

  private static String multipart(String... nameValues) {
    StringBuilder b = new StringBuilder("preamble\r\n");
    for (int i = 0; i < nameValues.length; i += 2) {
      b.append("--").append(BOUNDARY).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(nameValues[i]).append("\"\r\n\r\n")
          .append(nameValues[i + 1]).append("\r\n");
    }
    return b.append("--").append(BOUNDARY).append("--\r\n").toString();
  }

  @Test
  void sudoInAMultipartBodyActsAsThatUserWithoutContainerMultipartSupport() {
    String admin = sudoToken();
    for (String method : new String[] {"POST", "DELETE"}) {
      assertActsAs(send(method, "/api/v4/echo", MULTIPART, multipart("file", "data", "sudo", "bob"),
          "PRIVATE-TOKEN", admin), "bob");
    }
    Response conflict = send("DELETE", "/api/v4/echo", MULTIPART, multipart("sudo", "alice"),
        "PRIVATE-TOKEN", admin, "Sudo", "bob");
    assertError(conflict, 400, "error", "invalid_request");
    assertError(send("DELETE", "/api/v4/echo", MULTIPART, "--" + BOUNDARY + "\r\nno end",
        "PRIVATE-TOKEN", admin), 400, "message", "400 Bad request - the multipart body is malformed or too large");
    Response none = send("POST", "/api/v4/echo", MULTIPART, multipart("file", "sudo=bob"), "PRIVATE-TOKEN", admin);
    assertStatus(none, 200);
    assertThat(none.json().get("principal").asText()).isEqualTo("root");
  }

  /**
   * A servlet with multipart support: the filter reads the sudo part through the container, and
   * the servlet still gets its parts.
   */
  @Test
  void sudoInAMultipartBodyActsAsThatUserThroughTheContainersMultipartSupport() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(
        new WvsAuthFilter(world.auth.authenticator(), RouteRules.standard(world.auth))),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder upload = new ServletHolder(new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        String file = new String(req.getPart("file").getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        res.setContentType("application/json");
        res.getWriter().write(TestWorld.JSON.writeValueAsString(Map.of("principal", req.getRemoteUser(), "file", file)));
      }
    });
    upload.getRegistration().setMultipartConfig(new MultipartConfigElement(""));
    context.addServlet(upload, "/*");
    server.setHandler(context);
    server.start();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/v4/projects/1/uploads"))
              .header("PRIVATE-TOKEN", sudoToken())
              .header("Content-Type", MULTIPART)
              .POST(HttpRequest.BodyPublishers.ofString(multipart("file", "payload", "sudo", "bob")))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode json = TestWorld.JSON.readTree(r.body());
      assertThat(json.get("principal").asText()).isEqualTo("bob");
      assertThat(json.get("file").asText()).isEqualTo("payload");
    } finally {
      server.stop();
    }
  }
}
