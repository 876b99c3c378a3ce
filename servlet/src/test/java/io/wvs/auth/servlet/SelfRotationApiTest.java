package io.wvs.auth.servlet;

import static io.wvs.auth.servlet.TestWorld.ALICE;
import static io.wvs.auth.servlet.TestWorld.API_PROJECT;
import static io.wvs.auth.servlet.TestWorld.BOB;
import static io.wvs.auth.servlet.TestWorld.PLATFORM;
import static io.wvs.auth.servlet.TestWorld.ROOT;
import static io.wvs.auth.servlet.TestWorld.privateToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.servlet.TestWorld.Response;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

/**
 * Tokens rotating themselves over HTTP ({@code …/self/rotate} with {@code api} or
 * {@code self_rotate}), a {@code self_rotate}-only token refused everywhere else, and maintainers
 * rotating deploy tokens.
 */
class SelfRotationApiTest extends ApiTestSupport {

  private static CreatedToken personal(User u, Scope first, Scope... more) {
    return world.auth.personalTokens().create(u.id(), u.id(), TokenSpec.of("rotating", first, more));
  }

  @Test
  void aSelfRotateTokenRotatesItselfOverHttp() {
    User u = newUser();
    CreatedToken token = personal(u, Scope.SELF_ROTATE);

    Response r = world.postJson("/api/v4/personal_access_tokens/self/rotate", "{\"expires_at\":\"2025-04-01\"}",
        privateToken(token.value()));

    assertStatus(r, 200);
    assertPersonalShape(r.json(), "token");
    assertThat(r.json().get("scopes")).extracting(JsonNode::asText).containsExactly("self_rotate");
    assertThat(r.json().get("expires_at").asText()).isEqualTo("2025-04-01");
    String fresh = r.json().get("token").asText();
    assertStatus(world.postJson("/api/v4/personal_access_tokens/self/rotate", null, privateToken(token.value())), 401);
    assertStatus(world.postJson("/api/v4/personal_access_tokens/self/rotate", null, privateToken(fresh)), 200);
  }

  @Test
  void aSelfRotateOnlyTokenCanDoNothingElseOnTheApiGitOrPackageRoutes() {
    User u = newUser();
    CreatedToken token = personal(u, Scope.SELF_ROTATE);
    String[] auth = privateToken(token.value());

    assertError(world.get("/api/v4/user", auth), 403, "error", "insufficient_scope");
    assertError(world.get("/api/v4/personal_access_tokens", auth), 403, "error", "insufficient_scope");
    assertError(world.get("/api/v4/personal_access_tokens/self", auth), 403, "error", "insufficient_scope");
    assertError(world.delete("/api/v4/personal_access_tokens/self", auth), 403, "error", "insufficient_scope");
    assertError(world.postJson("/api/v4/personal_access_tokens/" + token.token().id() + "/rotate", null, auth),
        403, "error", "insufficient_scope");
    assertError(world.postJson("/api/v4/user/personal_access_tokens", "{\"name\":\"x\",\"scopes\":[\"api\"]}", auth),
        403, "error", "insufficient_scope");
    assertThat(world.get("/api/v4/projects/1/packages/maven/io/wvs/lib/1.0/lib-1.0.jar", auth).status())
        .isIn(401, 403);
    assertThat(world.get("/acme/platform/api.git/info/refs?service=git-upload-pack", "Authorization",
        TestWorld.basic(u.username(), token.value())).status()).isIn(401, 403);
    assertThat(world.auth.personalTokens().get(u.id(), token.token().id()).active()).isTrue();
  }

  @Test
  void aTokenWithNeitherApiNorSelfRotateIsToldItNeedsOne() {
    User u = newUser();
    Response r = world.postJson("/api/v4/personal_access_tokens/self/rotate", null,
        privateToken(personal(u, Scope.READ_API, Scope.WRITE_REPOSITORY).value()));

    assertError(r, 403, "error", "insufficient_scope");
    assertThat(r.json().get("scope").asText()).isEqualTo("api self_rotate");
  }

  @Test
  void anImpersonationTokenRotatesItself() {
    CreatedToken token = world.auth.personalTokens().createImpersonation(ROOT, ALICE,
        TokenSpec.of("support", Scope.SELF_ROTATE));

    Response r = world.postJson("/api/v4/personal_access_tokens/self/rotate", null, privateToken(token.value()));

    assertStatus(r, 200);
    assertThat(r.json().get("user_id").asLong()).isEqualTo(ALICE);
  }

  @Test
  void aProjectAccessTokenRotatesItselfOnItsOwnProjectKeepingItsRole() {
    CreatedToken token = world.auth.resourceTokens().create(ROOT, ResourceRef.project(API_PROJECT),
        TokenSpec.of("ci", Scope.SELF_ROTATE), Role.DEVELOPER);

    assertThat(world.postJson("/api/v4/personal_access_tokens/self/rotate", null, privateToken(token.value()))
        .status()).isEqualTo(404);
    assertThat(world.postJson("/api/v4/projects/2/access_tokens/self/rotate", null, privateToken(token.value()))
        .status()).isIn(401, 403, 404);
    Response r = world.postJson("/api/v4/projects/1/access_tokens/self/rotate", null, privateToken(token.value()));

    assertStatus(r, 200);
    assertPersonalShape(r.json(), "access_level", "token");
    assertThat(r.json().get("access_level").asInt()).isEqualTo(30);
    assertThat(r.json().get("user_id").asLong()).isEqualTo(token.token().userId());
    String fresh = r.json().get("token").asText();
    assertStatus(world.postJson("/api/v4/projects/acme%2Fplatform%2Fapi/access_tokens/self/rotate", null,
        privateToken(fresh)), 200);
  }

  @Test
  void aGroupAccessTokenRotatesItself() {
    CreatedToken token = world.auth.resourceTokens().create(ROOT, ResourceRef.group(PLATFORM),
        TokenSpec.of("renovate", Scope.API), null);

    Response r = world.postJson("/api/v4/groups/" + PLATFORM + "/access_tokens/self/rotate", null,
        privateToken(token.value()));

    assertStatus(r, 200);
    assertThat(r.json().get("access_level").asInt()).isEqualTo(40);
  }

  @Test
  void aMaintainerRotatesADeployTokenKeepingItsUsernameAndScopes() {
    String bob = apiToken(BOB);
    CreatedToken token = world.auth.deployTokens().create(BOB, ResourceRef.project(API_PROJECT),
        DeployTokenSpec.of("puller", Scope.READ_REPOSITORY, Scope.READ_PACKAGE_REGISTRY).withUsername("rotating-puller"));
    String path = "/api/v4/projects/1/deploy_tokens/" + token.token().id() + "/rotate";

    assertStatus(world.postJson(path, null, privateToken(apiToken(ALICE))), 403);
    assertError(world.get(path, privateToken(bob)), 405, "message", "405 Method Not Allowed");
    assertThat(world.get(path, privateToken(bob)).header("Allow")).isEqualTo("POST");
    Response r = world.postJson(path, null, privateToken(bob));

    assertStatus(r, 200);
    assertThat(fieldNames(r.json())).containsExactly("id", "name", "username", "expires_at", "scopes", "revoked",
        "expired", "last_used_ips", "token");
    assertThat(r.json().get("username").asText()).isEqualTo("rotating-puller");
    assertThat(r.json().get("scopes")).extracting(JsonNode::asText)
        .containsExactly("read_repository", "read_package_registry");
    String fresh = r.json().get("token").asText();
    assertStatus(world.get("/acme/platform/api.git/info/refs", "Authorization",
        TestWorld.basic("rotating-puller", fresh)), 200);
    assertStatus(world.get("/acme/platform/api.git/info/refs", "Authorization",
        TestWorld.basic("rotating-puller", token.value())), 401);
    // Presenting the rotated-away token to rotation again revokes the family: the successor too.
    assertStatus(world.postJson(path, null, privateToken(bob)), 400);
    assertStatus(world.get("/acme/platform/api.git/info/refs", "Authorization",
        TestWorld.basic("rotating-puller", fresh)), 401);
  }

  @Test
  void aGroupDeployTokenIsRotatedOnItsGroupsRoute() {
    CreatedToken token = world.auth.deployTokens().create(ROOT, ResourceRef.group(PLATFORM),
        DeployTokenSpec.of("g", Scope.READ_REPOSITORY));

    Response r = world.postJson("/api/v4/groups/" + PLATFORM + "/deploy_tokens/" + token.token().id() + "/rotate",
        null, privateToken(world.adminToken()));

    assertStatus(r, 200);
    assertThat(r.json().get("username").asText()).isEqualTo(token.token().username());
  }
}
