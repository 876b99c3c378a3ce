package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.Scope;
import io.wvs.auth.spi.User;
import io.wvs.auth.servlet.TestWorld.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Shared fixture and assertions of the REST API tests. */
abstract class ApiTestSupport {
  static final List<String> PERSONAL_FIELDS = List.of("id", "name", "revoked", "created_at", "description",
      "scopes", "user_id", "last_used_at", "last_used_ips", "active", "expires_at");
  static final List<String> DEPLOY_FIELDS = List.of("id", "name", "username", "expires_at", "scopes", "revoked",
      "expired", "last_used_ips");
  static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
  private static final AtomicLong NEXT_USER = new AtomicLong(100);

  static TestWorld world;

  @BeforeAll
  static void startWorld() throws Exception {
    world = TestWorld.start();
  }

  @AfterAll
  static void stopWorld() throws Exception {
    world.close();
  }

  /**
   * A fresh regular user, so listings are not shared between tests. Ids the directory gave to bots
   * meanwhile are skipped: overwriting a bot would inherit its memberships.
   */
  static User newUser() {
    long id = NEXT_USER.getAndIncrement();
    while (world.directory.findUser(id).isPresent()) {
      id = NEXT_USER.getAndIncrement();
    }
    return world.directory.put(User.regular(id, "user" + id));
  }

  static String apiToken(long userId) {
    return world.pat(userId, Scope.API);
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      names.add(it.next());
    }
    return names;
  }

  static JsonNode byId(JsonNode array, long id) {
    assertThat(array.isArray()).as(array.toString()).isTrue();
    for (JsonNode n : array) {
      if (n.get("id").asLong() == id) {
        return n;
      }
    }
    throw new AssertionError("no id " + id + " in " + array);
  }

  static List<Long> ids(JsonNode array) {
    List<Long> ids = new ArrayList<>();
    array.forEach(n -> ids.add(n.get("id").asLong()));
    return ids;
  }

  static void assertStatus(Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
  }

  static void assertError(Response r, int status, String key, String value) {
    assertStatus(r, status);
    assertThat(r.json().get(key).asText()).isEqualTo(value);
  }

  /** Every field of a personal access token, with its JSON type and format. */
  static void assertPersonalShape(JsonNode t, String... extra) {
    List<String> expected = new ArrayList<>(PERSONAL_FIELDS);
    expected.addAll(List.of(extra));
    assertThat(fieldNames(t)).as(t.toString()).containsExactlyElementsOf(expected);
    assertThat(t.get("id").isIntegralNumber()).isTrue();
    assertThat(t.get("name").isTextual()).isTrue();
    assertThat(t.get("revoked").isBoolean()).isTrue();
    assertThat(t.get("created_at").asText()).matches(TIMESTAMP);
    assertThat(t.get("description").isNull() || t.get("description").isTextual()).isTrue();
    assertThat(t.get("scopes").isArray()).isTrue();
    assertThat(t.get("user_id").isIntegralNumber()).isTrue();
    assertThat(t.get("last_used_at").isNull() || t.get("last_used_at").asText().matches(TIMESTAMP)).isTrue();
    assertThat(t.get("active").isBoolean()).isTrue();
    assertThat(t.get("expires_at").isNull() || t.get("expires_at").asText().matches("\\d{4}-\\d{2}-\\d{2}"))
        .isTrue();
  }
}
