package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.API_PROJECT;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.PLATFORM;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.FuzzExchange.Answer;
import io.wvs.auth.servlet.FuzzExchange.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the bodies of {@link TokenApiServlet}'s create and rotate endpoints (personal,
 * impersonation, project and group access tokens, deploy tokens), behind the real
 * {@link WvsAuthFilter}, each input with tokens of its own. Two targets:
 * {@link FuzzExchange} requests mutated byte by byte from readable seeds (valid bodies, and wrong
 * types, duplicate keys, deep nesting, huge numbers, invalid dates, non-UTF-8, oversized bodies),
 * and JSON generated field by field from the fuzzer's choices and then possibly corrupted.
 *
 * <p>Whatever the body, nothing escapes the servlet, and the answer is a success (201 or 200 with
 * the new token, 204, or a listing) or one of the README's errors: 400, 401, 403, 404, 405 (with
 * {@code Allow}), 409 or 413, as {@code {"message":"<status> …"}} or a parameter
 * {@code {"error":…}}, never a 500, never a stack trace, never the caller's own token.
 * Seeds in {@code RestJsonBodyFuzzTestInputs}; README, "Fuzzing".
 */
class RestJsonBodyFuzzTest {
  private static final String PARAMETER_ERROR = "[a-z_]+ (is missing|is empty|is invalid|does not have a valid value)";
  private static final List<String> ENDPOINTS = List.of("/api/v4/users/3/personal_access_tokens",
      "/api/v4/users/bob/personal_access_tokens", "/api/v4/users/3/impersonation_tokens",
      "/api/v4/projects/1/access_tokens", "/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens",
      "/api/v4/groups/2/access_tokens", "/api/v4/groups/acme%2Fplatform/access_tokens",
      "/api/v4/projects/1/deploy_tokens", "/api/v4/groups/1/deploy_tokens",
      "/api/v4/personal_access_tokens/self/rotate", "/api/v4/personal_access_tokens/{bob-pat-id}/rotate",
      "/api/v4/projects/1/access_tokens/{project-token-id}/rotate",
      "/api/v4/groups/2/access_tokens/{group-token-id}/rotate");
  private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
      "application/vnd.api+json", "application/x-www-form-urlencoded", "text/plain", "");
  private static final List<String> KEYS = List.of("name", "scopes", "expires_at", "description", "access_level",
      "username", "scopes[]");
  private static final List<String> SCOPES = List.of("api", "read_api", "read_user", "read_repository",
      "write_repository", "read_registry", "write_registry", "read_package_registry", "write_package_registry",
      "sudo", "admin_mode", "create_runner", "API", " api", "api,read_user", "", "bogus");
  private static final List<String> DATES = List.of("2025-03-11", "2025-06-30", "2026-03-10", "2026-03-11",
      "2025-03-09", "2025-02-29", "2024-02-29", "2025-13-01", "2025-00-10", "+999999999-12-31",
      "-999999999-01-01", "0000-01-01", "9999-12-31", "2025-06-30T23:59:59Z", "2025-06-30T23:59:59+14:00",
      "2025-06-30T23:59:59-18:00", "2025-06-30T25:00:00", "2025-06-30T00:00", "20250630", "2025-6-3", " ", "null");
  private static final int INPUTS_PER_WORLD = 32;

  private static TestWorld world;
  private static int inputs;

  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({"{\"name\":", "\"scopes\":", "\"expires_at\":", "\"access_level\":", "\"username\":",
      "\"description\":", "[\"api\"]", "\"read_repository\"", "\"write_registry\"", "\"read_package_registry\"",
      "\"2025-06-30\"", "T00:00:00Z", "null", "true", "1e999999", "-0", "\\u0000", "\\ud800", "{2000*[}",
      "{70000*x}", "{admin}", "{bob}", "{read-api}", "{bob-pat-id}", "{project-token-id}", "{group-token-id}",
      "Content-Type: application/json", "application/x-www-form-urlencoded", "scopes[]=", "Content-Length: ",
      "/personal_access_tokens", "/impersonation_tokens", "/access_tokens", "/deploy_tokens", "/rotate"})
  void createEndpointsAnswerDocumentedJson(byte[] input) throws Exception {
    exchange(input);
  }

  @FuzzTest(maxDuration = "5m")
  void generatedBodiesAnswerDocumentedJson(FuzzedDataProvider data) throws Exception {
    String head = data.pickValue(List.of("POST", "POST", "POST", "PUT")) + " " + data.pickValue(ENDPOINTS)
        + "\nPRIVATE-TOKEN: " + data.pickValue(List.of("{admin}", "{admin}", "{bob}", "{read-api}"))
        + "\nContent-Type: " + data.pickValue(CONTENT_TYPES) + "\n\n";
    StringBuilder json = new StringBuilder();
    object(data, json, 0);
    byte[] body = corrupt(data, json.toString().getBytes(UTF_8));
    byte[] input = Arrays.copyOf(head.getBytes(ISO_8859_1), head.length() + body.length);
    System.arraycopy(body, 0, input, head.length(), body.length);
    exchange(input);
  }

  /**
   * Runs {@code input} with fresh tokens of a world shared by {@value #INPUTS_PER_WORLD} inputs (a
   * world costs two PBKDF2 password hashes; its store and bot users grow with every input).
   */
  private static Answer exchange(byte[] input) throws Exception {
    if (world == null || ++inputs % INPUTS_PER_WORLD == 0) {
      closeWorld();
      world = TestWorld.inProcess();
    }
    Map<String, String> placeholders = new LinkedHashMap<>();
    placeholders.put("admin", world.pat(ROOT, Scope.API));
    placeholders.put("read-api", world.pat(BOB, Scope.READ_API));
    CreatedToken bob = world.auth.personalTokens().create(BOB, BOB, TokenSpec.of("bob", Scope.API));
    placeholders.put("bob", bob.value());
    placeholders.put("bob-pat-id", Long.toString(bob.token().id()));
    placeholders.put("project-token-id", Long.toString(world.auth.resourceTokens().create(ROOT,
        ResourceRef.project(API_PROJECT), TokenSpec.of("bot", Scope.API), Role.DEVELOPER).token().id()));
    placeholders.put("group-token-id", Long.toString(world.auth.resourceTokens().create(ROOT,
        ResourceRef.group(PLATFORM), TokenSpec.of("bot", Scope.READ_API), Role.REPORTER).token().id()));
    Request request = FuzzExchange.parse(input, placeholders);
    Answer answer = FuzzExchange.exchange(request,
        new WvsAuthFilter(world.auth.authenticator(), RouteRules.standard(world.auth)),
        new TokenApiServlet(world.auth));
    assertDocumentedAnswer(request, answer);
    // A token the caller also sent as data (a name, say) comes back as that data.
    String data = request.target() + new String(request.body(), ISO_8859_1);
    List<String> credentials = new ArrayList<>(List.of(placeholders.get("admin"), bob.value(), placeholders.get("read-api")));
    credentials.removeIf(data::contains);
    FuzzExchange.assertNotEchoed(answer, credentials);
    return answer;
  }

  @AfterAll
  static void closeWorld() throws Exception {
    if (world != null) {
      world.close();
      world = null;
    }
  }

  private static void assertDocumentedAnswer(Request request, Answer answer) {
    int status = answer.status();
    if (!answer.passedOn()) {
      // The filter refused the credential, or a body it reads for sudo (413 when over 64 KiB);
      // CredentialResolutionFuzzTest checks those answers.
      assertThat(status).isIn(400, 401, 403, 404, 413);
      return;
    }
    assertThat(status).isIn(200, 201, 204, 400, 401, 403, 404, 405, 409, 413);
    assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    if (status == 204 || request.method().equalsIgnoreCase("HEAD")) {
      assertThat(answer.body()).isEmpty();
      return;
    }
    assertThat(answer.contentType()).isEqualTo("application/json");
    JsonNode json = json(answer);
    if (status < 300) {
      if (json.has("token")) {
        assertThat(json.get("token").isTextual()).isTrue();
        assertThat(json.get("id").isIntegralNumber()).isTrue();
        assertThat(json.get("scopes").isArray()).isTrue();
        json.get("scopes").forEach(s -> assertThat(s.isTextual()).isTrue());
        assertStorable(json.get("name").asText());
      }
      return;
    }
    FuzzExchange.assertNoStackTrace(answer);
    assertThat(json.isObject()).as(answer.text()).isTrue();
    List<String> fields = ApiTestSupport.fieldNames(json);
    assertThat(fields).as(answer.text()).isIn(List.of("message"), List.of("error"));
    String text = json.get(fields.get(0)).asText();
    assertThat(json.get(fields.get(0)).isTextual()).isTrue();
    if (fields.get(0).equals("message")) {
      assertThat(text).startsWith(status + " ");
    } else if (status == 404) {
      assertThat(text).isEqualTo("404 Not Found");
    } else {
      assertThat(status).isEqualTo(400);
      assertThat(text).matches(PARAMETER_ERROR + "(, " + PARAMETER_ERROR + ")*");
    }
    if (status == 405) {
      assertThat(answer.header("Allow")).isNotEmpty();
    }
  }

  /**
   * A name any store keeps as given: Unicode that survives UTF-8 (no unpaired surrogate, which a
   * database would turn into '?') and no control character but tab, CR and LF (PostgreSQL refuses
   * NUL, so such a name would be a 503 there).
   */
  private static void assertStorable(String name) {
    assertThat(new String(name.getBytes(UTF_8), UTF_8)).as("a name that is not Unicode").isEqualTo(name);
    assertThat(name.chars().filter(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
        .as("a name with control characters").isEmpty();
  }

  /**
   * Finding: a NUL or an unpaired surrogate (a JSON escape of half a surrogate pair) in a parameter
   * was taken as given, so a token could be named what PostgreSQL refuses or stores as '?' (seed
   * {@code escaped-control-characters}). Such a value is a 400 {@code "<name> is invalid"}.
   */
  @Test
  void nameWithNulOrUnpairedSurrogateIsInvalid() throws Exception {
    for (String name : List.of("a\\u0000b", "a\\ud800b", "\\udc00", "a\\u001bb")) {
      String body = "{\"name\":\"" + name + "\",\"scopes\":[\"api\"]}";
      Answer answer = exchange(("POST /api/v4/users/3/personal_access_tokens\nPRIVATE-TOKEN: {admin}\n"
          + "Content-Type: application/json\n\n" + body).getBytes(UTF_8));
      assertThat(answer.status()).as(body).isEqualTo(400);
      assertThat(answer.text()).isEqualTo("{\"error\":\"name is invalid\"}");
    }
    Answer query = exchange(("POST /api/v4/users/3/personal_access_tokens?name=a%00b&scopes=api\n"
        + "PRIVATE-TOKEN: {admin}").getBytes(UTF_8));
    assertThat(query.text()).isEqualTo("{\"error\":\"name is invalid\"}");
    Answer multiLine = exchange(("POST /api/v4/users/3/personal_access_tokens\nPRIVATE-TOKEN: {admin}\n"
        + "Content-Type: application/json\n\n{\"name\":\"ci\\tjob\\r\\nnightly \\ud83d\\ude80\",\"scopes\":[\"api\"]}")
        .getBytes(UTF_8));
    // Core's rule for names (TokenSpec): one line of text, so no tab, CR or LF either.
    assertThat(multiLine.status()).isEqualTo(400);
    assertThat(json(multiLine).get("message").asText()).contains("one line of text");
    Answer emoji = exchange(("POST /api/v4/users/3/personal_access_tokens\nPRIVATE-TOKEN: {admin}\n"
        + "Content-Type: application/json\n\n{\"name\":\"nightly \\ud83d\\ude80\",\"scopes\":[\"api\"]}")
        .getBytes(UTF_8));
    assertThat(emoji.status()).isEqualTo(201);
    assertThat(json(emoji).get("name").asText()).isEqualTo("nightly \ud83d\ude80");
  }

  /**
   * Finding: a body starting with NUL bytes (valid UTF-8) made Jackson guess UTF-32 and throw a
   * {@code CharConversionException}, an {@code IOException} that escaped the servlet, so the
   * container answered 500 (seed {@code crash-nul-bytes-read-as-utf32}). It is malformed JSON.
   */
  @Test
  void bodyStartingWithNulBytesIsMalformedJson() throws Exception {
    Answer answer = exchange(("POST /api/v4/users/3/personal_access_tokens\nPRIVATE-TOKEN: {admin}\n"
        + "Content-Type: application/json\n\n\0\0\0\0{\"name\":\"x\",\"scopes\":[\"api\"]}")
        .getBytes(UTF_8));
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.text()).isEqualTo("{\"message\":\"400 Bad request - the body is not valid JSON\"}");
  }

  private static JsonNode json(Answer answer) {
    try {
      return TestWorld.JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.text(), e);
    }
  }

  // ---------------------------------------------------------------- generated bodies

  private static void object(FuzzedDataProvider data, StringBuilder out, int depth) {
    out.append('{');
    int fields = data.consumeInt(0, 8);
    for (int i = 0; i < fields; i++) {
      out.append(i == 0 ? "" : ",");
      String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(20);
      string(out, key);
      out.append(':');
      value(data, out, key, depth);
    }
    out.append('}');
  }

  /** A value for {@code key}: often a plausible one, else any JSON type, nested, huge or deep. */
  private static void value(FuzzedDataProvider data, StringBuilder out, String key, int depth) {
    switch (data.consumeInt(0, 11)) {
      case 0 -> string(out, plausible(data, key));
      case 1 -> {
        out.append('[');
        for (int i = data.consumeInt(0, 5); i > 0; i--) {
          string(out, data.pickValue(SCOPES));
          out.append(i > 1 ? "," : "");
        }
        out.append(']');
      }
      case 2 -> string(out, data.consumeString(300));
      case 3 -> out.append(data.consumeInt());
      case 4 -> out.append(data.consumeLong());
      case 5 -> out.append(data.pickValue(List.of("", "-"))).append("9".repeat(data.consumeInt(1, 3000)))
          .append(data.pickValue(List.of("", ".5", "e999999999", "E-999999999", "e+1")));
      case 6 -> out.append(data.consumeDouble());
      case 7 -> out.append(data.consumeBoolean());
      case 8 -> out.append("null");
      case 9 -> {
        if (depth < 4) {
          object(data, out, depth + 1);
        } else {
          out.append("{}");
        }
      }
      case 10 -> {
        out.append('[');
        if (depth < 4) {
          value(data, out, key, depth + 1);
        }
        out.append(']');
      }
      default -> {
        int levels = data.consumeInt(1, 3000);
        out.append("[".repeat(levels)).append("]".repeat(levels));
      }
    }
  }

  private static String plausible(FuzzedDataProvider data, String key) {
    return switch (key) {
      case "scopes", "scopes[]" -> data.pickValue(SCOPES);
      case "expires_at" -> data.pickValue(DATES);
      case "access_level" -> data.pickValue(List.of("10", "20", "30", "40", "50", "60", "0", "-1", "40.0", " 40"));
      case "username" -> data.pickValue(List.of("deployer", "wvs+deploy-token-1", "bad user!", "a".repeat(256)));
      default -> data.consumeString(300);
    };
  }

  private static void string(StringBuilder out, String s) {
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
  }

  /** Usually the body as is; else truncated, with trailing data, a non-UTF-8 byte, a BOM, UTF-16 or padded past 64 KiB. */
  private static byte[] corrupt(FuzzedDataProvider data, byte[] body) {
    switch (data.consumeInt(0, 12)) {
      case 0:
        return Arrays.copyOf(body, data.consumeInt(0, body.length));
      case 1:
        return (new String(body, UTF_8) + data.pickValue(List.of("}", ",", " x", "{\"name\":\"dup\"}", "\0")))
            .getBytes(UTF_8);
      case 2: {
        byte[] out = body.clone();
        if (out.length > 0) {
          out[data.consumeInt(0, out.length - 1)] = data.pickValue(List.of((byte) 0xff, (byte) 0xc3, (byte) 0x80));
        }
        return out;
      }
      case 3:
        return (new String(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, ISO_8859_1)
            + new String(body, ISO_8859_1)).getBytes(ISO_8859_1);
      case 4:
        return new String(body, UTF_8).getBytes(UTF_16);
      case 5:
        return (new String(body, UTF_8) + " ".repeat(ApiParams.MAX_BODY_BYTES)).getBytes(UTF_8);
      default:
        return body;
    }
  }
}
