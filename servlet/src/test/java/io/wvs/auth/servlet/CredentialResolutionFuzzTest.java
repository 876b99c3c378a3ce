package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.API_PROJECT;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.FailureReason;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.FuzzExchange.Answer;
import io.wvs.auth.servlet.FuzzExchange.Request;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link WvsAuthFilter} and {@link CredentialResolver} with hostile requests: any method and
 * path, many and repeated {@code PRIVATE-TOKEN}, {@code Authorization}, {@code Deploy-Token},
 * {@code JOB-TOKEN} and {@code Sudo} headers, basic auth over random and non-UTF-8 bytes,
 * {@code private_token} in query strings and form bodies with broken escapes, oversized values,
 * control characters and CR/LF, the store down. Requests are {@link FuzzExchange} inputs over a
 * world holding valid, revoked, expired and forged tokens ({@code {pat}}, {@code {revoked}}, …).
 *
 * <p>Whatever comes in, the filter never throws, and either
 *
 * <ul>
 *   <li>passes the request on untouched, anonymous, or authenticated as the owner of a valid
 *       secret the input presented (never by a revoked, expired, forged or unknown one, and only by
 *       password while the store is down); or
 *   <li>answers one of the README's refusals: 400, 401 (with a challenge), 403, 404, 413 or 503
 *       (with {@code Retry-After}), as the platform's JSON, the Git LFS JSON or git's plain text.
 * </ul>
 *
 * <p>No answer holds a stack trace or echoes a credential. Seeds in
 * {@code CredentialResolutionFuzzTestInputs}; README, "Fuzzing".
 */
class CredentialResolutionFuzzTest {
  /** Every text a refusal may contain: presented values inside them are not echoes. */
  private static final String DOCUMENTED = documentedTexts();
  private static final int ECHO_CHECK_LENGTH = 20;

  private static TestWorld world;
  private static WvsAuthFilter filter;
  /** Placeholder name to value: every secret (good or bad) and the deploy token's username. */
  private static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();
  private static final List<String> SECRETS = new ArrayList<>();
  /** The secrets that authenticate, by token id (0 for the password). */
  private static final Map<Long, Valid> VALID = new HashMap<>();

  /** A secret that authenticates: its placeholder, and who presents it (the sudo-er under sudo). */
  private record Valid(String name, String owner) {}

  @BeforeAll
  static void createWorld() throws Exception {
    world = TestWorld.inProcess();
    filter = new WvsAuthFilter(world.auth.authenticator(), RouteRules.standard(world.auth));
    valid("pat", personal(BOB, TokenSpec.of("pat", Scope.API)));
    valid("read-api", personal(BOB, TokenSpec.of("read-api", Scope.READ_API)));
    valid("repo", personal(BOB, TokenSpec.of("repo", Scope.READ_REPOSITORY, Scope.WRITE_REPOSITORY)));
    valid("admin", personal(ROOT, TokenSpec.of("admin", Scope.API, Scope.SUDO)));
    valid("impersonation", world.auth.personalTokens().createImpersonation(ROOT, BOB,
        TokenSpec.of("impersonation", Scope.API, Scope.READ_REPOSITORY)));
    CreatedToken deploy = world.auth.deployTokens().create(ROOT, ResourceRef.project(API_PROJECT),
        DeployTokenSpec.of("deploy", Scope.READ_REPOSITORY, Scope.READ_PACKAGE_REGISTRY));
    valid("deploy", deploy);
    PLACEHOLDERS.put("deploy-user", deploy.token().username());
    valid("project", world.auth.resourceTokens().create(ROOT, ResourceRef.project(API_PROJECT),
        TokenSpec.of("bot", Scope.API, Scope.READ_REPOSITORY), Role.DEVELOPER));
    CreatedToken revoked = personal(BOB, TokenSpec.of("revoked", Scope.API));
    world.auth.personalTokens().revoke(BOB, revoked.token().id());
    invalid("revoked", revoked.value());
    invalid("expired", personal(BOB, TokenSpec.of("expired", Scope.API)
        .expiringOn(LocalDate.parse("2025-03-11"))).value());
    String pat = PLACEHOLDERS.get("pat");
    invalid("forged", pat.substring(0, pat.length() - 1) + (pat.endsWith("A") ? "B" : "A"));
    invalid("unknown", "predetermined-token-unknown-to-the-store");
    PLACEHOLDERS.put("password", "bob-password");
    SECRETS.add("bob-password");
    VALID.put(0L, new Valid("password", "bob"));
    invalid("alice-password", "alice-password");
    world.clock.set(Instant.parse("2025-03-12T08:00:00Z"));
  }

  @AfterAll
  static void closeWorld() throws Exception {
    world.close();
  }

  private static CreatedToken personal(long userId, TokenSpec spec) {
    return world.auth.personalTokens().create(userId, userId, spec);
  }

  private static void valid(String name, CreatedToken created) {
    invalid(name, created.value());
    Long owner = created.token().userId();
    String username = owner == null ? created.token().username()
        : world.directory.findUser(owner).orElseThrow().username();
    VALID.put(created.token().id(), new Valid(name, username));
  }

  private static void invalid(String name, String value) {
    PLACEHOLDERS.put(name, value);
    SECRETS.add(value);
  }

  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({"PRIVATE-TOKEN: ", "Authorization: Bearer ", "Authorization: Basic ", "Deploy-Token: ",
      "JOB-TOKEN: ", "Sudo: ", "Content-Type: application/x-www-form-urlencoded", "Fuzz-Store: down",
      "private_token=", "access_token=", "sudo=", "{pat}", "{read-api}", "{repo}", "{admin}", "{impersonation}",
      "{deploy}", "{deploy-user}", "{project}", "{revoked}", "{expired}", "{forged}", "{unknown}", "{password}",
      "{alice-password}", "{b64:", "{b64:bob:", "{5000*", "/api/v4/user", "/api/v4/projects/1/access_tokens",
      "/api/v4/projects/acme%2Fplatform%2Fapi/packages/maven/x", "/acme/platform/api.git/info/refs",
      "?service=git-upload-pack", "?service=git-receive-pack", "/git-receive-pack", "/info/lfs/objects/batch",
      "%2F", "%C3%28", "%ZZ", "\r", "\u0000"})
  void filterAnswersEveryRequestAsDocumented(byte[] input) throws Exception {
    Request request = FuzzExchange.parse(input, PLACEHOLDERS);
    Answer answer;
    world.store.down(request.storeDown());
    try {
      answer = FuzzExchange.exchange(request, filter, null);
    } finally {
      world.store.down(false);
    }
    FuzzExchange.assertNoStackTrace(answer);
    FuzzExchange.assertNotEchoed(answer, SECRETS);
    FuzzExchange.assertNotEchoed(answer, presented(request));
    if (answer.passedOn()) {
      assertPassedOnAsPresented(request, answer);
    } else {
      assertDocumentedRefusal(answer);
    }
  }

  /**
   * Finding: a basic header over 4 KiB was cut to 4 KiB and then decoded, so a password that only
   * began with a valid token authenticated as that token (seed
   * {@code basic-oversized-cut-at-a-valid-token}). It is a malformed basic header.
   */
  @Test
  void basicHeaderOverFourKibIsMalformedEvenWhenItsFirstFourKibDecodeToAToken() throws Exception {
    String user = "u".repeat(3022);
    byte[] input = ("GET /acme/platform/api.git/info/refs?service=git-upload-pack\n"
        + "Authorization: Basic {b64:" + user + ":{pat}-and-more-past-the-cut{1500*x}}").getBytes(ISO_8859_1);
    Answer answer = FuzzExchange.exchange(FuzzExchange.parse(input, PLACEHOLDERS), filter, null);
    assertThat(answer.passedOn()).isFalse();
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"WVS\"");
    assertThat(answer.text()).isEqualTo("HTTP Basic: Access denied\nThe basic authentication header is malformed\n");
  }

  private static void assertPassedOnAsPresented(Request request, Answer answer) {
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).isEmpty();
    assertThat(answer.body()).isEmpty();
    Object result = answer.seen().getAttribute(WvsAuthFilter.RESULT_ATTRIBUTE);
    if (answer.seen().getUserPrincipal() == null) {
      assertThat(result).as("a result without a principal").isNull();
      return;
    }
    assertThat(result).isInstanceOf(AuthResult.Success.class);
    AuthResult.Success success = (AuthResult.Success) result;
    long tokenId = success.via() instanceof AuthResult.Via.Token t ? t.id() : 0;
    Valid valid = VALID.get(tokenId);
    assertThat(valid).as("authenticated by token %s, which is not valid", tokenId).isNotNull();
    assertThat(request.secretsUsed()).as("authenticated by a secret not presented").contains(valid.name());
    assertThat(presentsWhole(request, PLACEHOLDERS.get(valid.name())))
        .as("authenticated by %s, which the request holds only as part of a longer value", valid.name()).isTrue();
    if (request.storeDown()) {
      assertThat(tokenId).as("a token authenticated while the store was down").isZero();
    }
    String presenter = success.sudoBy() == null ? success.principal().username() : success.sudoBy().username();
    assertThat(presenter).isEqualTo(valid.owner());
    assertThat(answer.seen().getUserPrincipal().getName()).isEqualTo(success.principal().name());
    assertThat(answer.seen().getRemoteUser()).isEqualTo(success.principal().name());
  }

  /**
   * Whether the request holds {@code secret} as a whole credential value: a header value, a
   * bearer token, the password of a basic header decoded in full, or a {@code private_token}.
   */
  private static boolean presentsWhole(Request request, String secret) {
    for (Map.Entry<String, String> h : request.headers()) {
      String value = h.getValue().trim();
      int space = value.indexOf(' ');
      String rest = space < 0 ? "" : value.substring(space + 1).trim();
      if (value.equals(secret) || rest.equals(secret) || decodedPassword(rest).equals(secret)) {
        return true;
      }
    }
    for (String parameters : List.of(query(request), new String(request.body(), ISO_8859_1))) {
      Map<String, List<String>> parsed = RequestPath.parseQuery(parameters);
      if (parsed != null && parsed.getOrDefault(CredentialResolver.PRIVATE_TOKEN_PARAMETER, List.of()).contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /** The password of a basic header's whole base64 text, or "". */
  private static String decodedPassword(String base64) {
    try {
      String decoded = new String(Base64.getDecoder().decode(base64), UTF_8);
      return decoded.substring(decoded.indexOf(':') + 1);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static void assertDocumentedRefusal(Answer answer) {
    int status = answer.status();
    // 413: a form or JSON body over 64 KiB on an API route, which the filter must read for sudo.
    assertThat(status).isIn(400, 401, 403, 404, 413, 503);
    if (status == 401) {
      assertThat(answer.header("WWW-Authenticate")).matches("(Bearer|Basic) realm=\"WVS\".*");
    }
    if (status == 503) {
      assertThat(answer.header("Retry-After")).isEqualTo("5");
    }
    String type = answer.contentType();
    assertThat(type).isIn("application/json", FailureResponder.LFS_CONTENT_TYPE, "text/plain;charset=utf-8");
    if (type.startsWith("text/plain")) {
      assertThat(answer.text()).endsWith("\n").satisfiesAnyOf(
          t -> assertThat(t).startsWith(FailureResponder.GIT_DENIED + "\n"),
          t -> assertThat(t).startsWith("Insufficient scope; requires "),
          t -> assertThat(t).startsWith(FailureResponder.GIT_NOT_FOUND),
          t -> assertThat(t).startsWith("Service temporarily unavailable"));
      return;
    }
    JsonNode json = json(answer);
    List<String> fields = ApiTestSupport.fieldNames(json);
    json.forEach(v -> assertThat(v.isTextual()).as("%s", json).isTrue());
    if (fields.equals(List.of("message"))) {
      if (type.equals("application/json")) {
        assertThat(json.get("message").asText()).startsWith(status + " ");
      }
      return;
    }
    assertThat(type).isEqualTo("application/json");
    assertThat(fields).isIn(List.of("error", "error_description"), List.of("error", "error_description", "scope"));
    String error = status == 400 ? "invalid_request" : status == 401 ? "invalid_token" : "insufficient_scope";
    assertThat(json.get("error").asText()).isEqualTo(error);
  }

  private static JsonNode json(Answer answer) {
    try {
      JsonNode json = TestWorld.JSON.readTree(answer.body());
      assertThat(json.isObject()).as(answer.text()).isTrue();
      return json;
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.text(), e);
    }
  }

  /**
   * The long values the request presents as credentials, raw and basic-decoded, except those that
   * are part of a documented answer anyway.
   */
  private static List<String> presented(Request request) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> h : request.headers()) {
      if (List.of("private-token", "deploy-token", "authorization", "job-token").contains(h.getKey().toLowerCase(Locale.ROOT))) {
        String value = h.getValue().trim();
        values.add(value);
        int space = value.indexOf(' ');
        String rest = space < 0 ? "" : value.substring(space + 1).trim();
        values.add(rest);
        values.add(decodedPassword(rest));
      }
    }
    for (String pair : (query(request) + "&" + new String(request.body(), ISO_8859_1)).split("&")) {
      values.add(pair.substring(pair.indexOf('=') + 1));
    }
    values.removeIf(v -> v.length() < ECHO_CHECK_LENGTH || DOCUMENTED.contains(v));
    return values;
  }

  private static String query(Request request) {
    int q = request.target().indexOf('?');
    return q < 0 ? "" : request.target().substring(q + 1);
  }

  private static String documentedTexts() {
    StringBuilder b = new StringBuilder();
    for (FailureReason reason : FailureReason.values()) {
      b.append(reason.description()).append('\n');
    }
    for (String s : List.of(FailureResponder.EXPIRED_DESCRIPTION, FailureResponder.REVOKED_DESCRIPTION,
        FailureResponder.IMPERSONATION_DISABLED_DESCRIPTION, FailureResponder.INSUFFICIENT_SCOPE_DESCRIPTION,
        FailureResponder.AMBIGUOUS_DESCRIPTION, FailureResponder.GIT_DENIED, FailureResponder.GIT_NOT_FOUND,
        "Access denied: malformed basic authentication header", "The basic authentication header is malformed",
        "Service temporarily unavailable, please retry", "Repository or object not found",
        "403 Forbidden - Your account has been blocked.", "404 Project Not Found", "404 Group Not Found")) {
      b.append(s).append('\n');
    }
    return b.toString();
  }
}
