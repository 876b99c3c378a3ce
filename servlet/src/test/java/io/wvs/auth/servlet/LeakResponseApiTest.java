package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leak response over HTTP: administrators look a token of any type up by its value
 * ({@code POST /admin/token}) and revoke it ({@code DELETE /admin/token}); anyone who found a
 * leaked value revokes it without authenticating ({@code POST /credentials/revoke}), answered the
 * same for every value, rate-limited per client address, the owner told through the notifier.
 */
class LeakResponseApiTest extends ApiTestSupport {

  @BeforeAll
  static void startWorld() throws Exception {
    world = TestWorld.startWith(TokenPolicy.builder().registryEnabled(true).build());
  }

  @BeforeEach
  void freshRateLimitWindow() {
    world.clock.advance(Duration.ofMinutes(2));
  }

  private static Response report(String... values) {
    StringBuilder json = new StringBuilder("{\"credentials\":[");
    for (int i = 0; i < values.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(values[i]).append('"');
    }
    return world.postJson("/api/v4/credentials/revoke", json.append("]}").toString());
  }

  private static String forged(String value) {
    char last = value.charAt(value.length() - 1);
    return value.substring(0, value.length() - 1) + (last == 'a' ? 'b' : 'a');
  }

  @Test
  void aLeakedTokenReportedByAnyoneIsRevokedAndItsOwnerIsTold() {
    User u = newUser();
    CreatedToken leaked = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("ci", Scope.API));
    int toldBefore = world.leaked.size();

    Response r = report(leaked.value());

    assertStatus(r, 202);
    assertThat(r.json().get("message").asText()).isEqualTo("202 Accepted");
    assertThat(r.body()).doesNotContain(leaked.value());
    assertStatus(world.get("/api/v4/user", privateToken(leaked.value())), 401);
    assertThat(world.leaked.subList(toldBefore, world.leaked.size()))
        .extracting(v -> v.id()).containsExactly(leaked.token().id());
    assertThat(world.leaked.get(toldBefore).revoked()).isTrue();
  }

  @Test
  void unknownForgedRevokedAndValidValuesGetTheSameAnswer() throws Exception {
    User u = newUser();
    CreatedToken valid = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("a", Scope.API));
    CreatedToken revoked = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("b", Scope.API));
    world.auth.personalTokens().revoke(u.id(), revoked.token().id());
    String unknown;
    try (TestWorld elsewhere = TestWorld.inProcess()) {
      unknown = elsewhere.pat(BOB, Scope.API);
    }
    int toldBefore = world.leaked.size();

    List<Response> answers = new ArrayList<>();
    for (String value : List.of(unknown, forged(valid.value()), revoked.value(), "junk", valid.value())) {
      answers.add(report(value));
    }

    for (Response r : answers) {
      assertStatus(r, 202);
      assertThat(r.body()).isEqualTo(answers.get(0).body());
    }
    assertThat(world.leaked.size() - toldBefore).as("only the valid one was revoked now").isEqualTo(1);
    assertStatus(world.get("/api/v4/user", privateToken(valid.value())), 401);
  }

  @Test
  void aReportOfMoreThan100ValuesOrWithoutAListIsRefusedWithoutEchoingAValue() {
    String value = world.pat(BOB, Scope.API);
    String[] many = new String[101];
    java.util.Arrays.fill(many, value);

    Response tooMany = report(many);
    Response notAList = world.postJson("/api/v4/credentials/revoke", "{\"credentials\":\"" + value + "\"}");
    Response inTheUrl = world.postJson("/api/v4/credentials/revoke?credentials=" + value, "{}");

    for (Response r : List.of(tooMany, notAList, inTheUrl)) {
      assertStatus(r, 400);
      assertThat(r.body()).doesNotContain(value);
    }
    assertStatus(world.get("/api/v4/user", privateToken(value)), 200);
    assertStatus(world.get("/api/v4/credentials/revoke"), 405);
  }

  @Test
  void aClientAddressOverTheLimitGets429WithRetryAfterUntilItsWindowEnds() {
    for (int i = 0; i < RevocationLimiter.PER_WINDOW; i++) {
      assertStatus(report("junk"), 202);
    }

    Response limited = report("junk");

    assertStatus(limited, 429);
    assertThat(limited.json().get("message").asText()).isEqualTo("429 Too Many Requests");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    world.clock.advance(RevocationLimiter.WINDOW);
    assertStatus(report("junk"), 202);
  }

  @Test
  void anAdministratorLooksATokenOfAnyTypeUpByItsValue() {
    String admin = world.adminToken();
    CreatedToken bot = world.auth.resourceTokens().create(BOB, ResourceRef.project(1),
        TokenSpec.of("bot", Scope.READ_API), Role.DEVELOPER);

    Response r = world.postJson("/api/v4/admin/token", "{\"token\":\"" + bot.value() + "\"}",
        privateToken(admin));

    assertStatus(r, 200);
    JsonNode t = r.json();
    assertThat(t.get("id").asLong()).isEqualTo(bot.token().id());
    assertThat(t.get("token_type").asText()).isEqualTo("project_access_token");
    assertThat(t.get("user_id").asLong()).isEqualTo(bot.token().userId());
    assertThat(t.get("resource").get("type").asText()).isEqualTo("project");
    assertThat(t.get("resource").get("id").asLong()).isEqualTo(1);
    assertThat(t.get("active").asBoolean()).isTrue();
    assertThat(t.get("scopes").get(0).asText()).isEqualTo("read_api");
    assertThat(r.body()).doesNotContain(bot.value());

    assertStatus(world.postJson("/api/v4/admin/token", "{\"token\":\"" + forged(bot.value()) + "\"}",
        privateToken(admin)), 404);
    assertStatus(world.postJson("/api/v4/admin/token", "{\"token\":\"" + bot.value() + "\"}",
        privateToken(apiToken(BOB))), 403);
    assertStatus(world.postJson("/api/v4/admin/token?token=" + bot.value(), "{}", privateToken(admin)), 400);
  }

  @Test
  void anAdministratorRevokesATokenByItsValue() {
    String admin = world.adminToken();
    User u = newUser();
    CreatedToken t = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("ci", Scope.API));

    Response r = world.send("DELETE", "/api/v4/admin/token", "application/json",
        "{\"token\":\"" + t.value() + "\"}", privateToken(admin));

    assertStatus(r, 204);
    assertStatus(world.get("/api/v4/user", privateToken(t.value())), 401);
    assertStatus(world.send("DELETE", "/api/v4/admin/token", "application/json",
        "{\"token\":\"" + t.value() + "\"}", privateToken(apiToken(BOB))), 403);
  }
}
