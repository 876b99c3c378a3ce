package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.User;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rotation grace period over HTTP, on an instance whose policy grants one hour: a CI job still
 * holding the rotated value goes on working until the new value is first used or the hour ends;
 * rotating the old value again is reuse and stops the whole family.
 */
class RotationGraceApiTest extends ApiTestSupport {
  private static final Duration GRACE = Duration.ofHours(1);

  @BeforeAll
  static void startWorld() throws Exception {
    world = TestWorld.startWith(TokenPolicy.builder().registryEnabled(true).rotationGracePeriod(GRACE)
        .build());
  }

  private static JsonNode rotate(CreatedToken old, String auth) {
    Response r = world.postJson("/api/v4/personal_access_tokens/" + old.token().id() + "/rotate", "",
        privateToken(auth));
    assertStatus(r, 200);
    return r.json();
  }

  @Test
  void aRotatedTokenWorksUntilItsSuccessorIsFirstUsed() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken old = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("ci", Scope.API));
    String successor = rotate(old, auth).get("token").asText();

    assertStatus(world.get("/api/v4/user", privateToken(old.value())), 200);
    JsonNode listed = world.get("/api/v4/personal_access_tokens/" + old.token().id(), privateToken(auth)).json();
    assertPersonalShape(listed);
    assertThat(listed.get("revoked").asBoolean()).as("rotated").isTrue();
    assertThat(listed.get("active").asBoolean()).as("within its grace").isTrue();

    assertStatus(world.get("/api/v4/user", privateToken(successor)), 200);

    assertStatus(world.get("/api/v4/user", privateToken(old.value())), 401);
    assertThat(world.get("/api/v4/personal_access_tokens/" + old.token().id(), privateToken(auth))
        .json().get("active").asBoolean()).isFalse();
  }

  @Test
  void aRotatedTokenStopsWhenTheGracePeriodEnds() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken old = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("ci", Scope.API));
    rotate(old, auth);
    assertStatus(world.get("/api/v4/user", privateToken(old.value())), 200);

    world.clock.advance(GRACE);
    try {
      assertStatus(world.get("/api/v4/user", privateToken(old.value())), 401);
    } finally {
      world.clock.advance(GRACE.negated());
    }
  }

  @Test
  void rotatingTheOldValueAgainWithinTheGraceRevokesTheFamily() {
    User u = newUser();
    String auth = apiToken(u.id());
    CreatedToken old = world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("ci", Scope.API));
    String successor = rotate(old, auth).get("token").asText();

    Response again = world.postJson("/api/v4/personal_access_tokens/self/rotate", "", privateToken(old.value()));

    assertStatus(again, 400);
    assertThat(again.body()).doesNotContain(old.value()).doesNotContain(successor);
    assertStatus(world.get("/api/v4/user", privateToken(old.value())), 401);
    assertStatus(world.get("/api/v4/user", privateToken(successor)), 401);
  }
}
