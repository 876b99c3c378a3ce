package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.servlet.FuzzExchange.Answer;
import io.wvs.auth.servlet.FuzzExchange.Request;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's own routes added to the standard rules: orElse, first and apiRoutesUnder. */
class HostRouteRulesTest {
  private static final AccessRule HOST_WRITE =
      new AccessRule(Channel.API, ScopeRequirement.anyOf(Scope.API), null);

  private final TestWorld world = TestWorld.inProcess();

  HostRouteRulesTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  private Answer send(RouteRules rules, String method, String target, String token) throws Exception {
    Request request = new Request(method, target, List.of(Map.entry("PRIVATE-TOKEN", token)),
        new byte[0], false, Set.of());
    return FuzzExchange.exchange(request, new WvsAuthFilter(world.auth.authenticator(), rules), null);
  }

  private static AuthResult result(Answer answer) {
    return (AuthResult) answer.seen().getAttribute(WvsAuthFilter.RESULT_ATTRIBUTE);
  }

  @Test
  void hostRouteUnderItsPrefixSeesThePrincipal() throws Exception {
    RouteRules rules = RouteRules.standard(world.auth).orElse(RouteRules.apiRoutesUnder("/app"));
    Answer answer = send(rules, "GET", "/app/dashboard", world.pat(TestWorld.ALICE, Scope.READ_API));
    assertThat(answer.passedOn()).isTrue();
    assertThat(answer.seen().getUserPrincipal().getName()).isEqualTo("alice");
    assertThat(result(answer)).isInstanceOf(AuthResult.Success.class);
  }

  @Test
  void routeWithoutARulePassesAnonymous() throws Exception {
    Answer answer = send(RouteRules.standard(world.auth), "GET", "/app/dashboard",
        world.pat(TestWorld.ALICE, Scope.READ_API));
    assertThat(answer.passedOn()).isTrue();
    assertThat(answer.seen().getUserPrincipal()).isNull();
  }

  @Test
  void hostApiRoutesNeedApiToWrite() throws Exception {
    RouteRules rules = RouteRules.standard(world.auth).orElse(RouteRules.apiRoutesUnder("/app"));
    Answer answer = send(rules, "POST", "/app/items", world.pat(TestWorld.ALICE, Scope.READ_API));
    assertThat(answer.passedOn()).isFalse();
    assertThat(answer.status()).isEqualTo(403);
    assertThat(send(rules, "POST", "/app/items", world.pat(TestWorld.ALICE, Scope.API)).passedOn()).isTrue();
  }

  @Test
  void standardRouteStillWorksBesideHostRoutes() throws Exception {
    RouteRules rules = RouteRules.standard(world.auth).orElse(RouteRules.apiRoutesUnder("/app"));
    String readUser = world.pat(TestWorld.ALICE, Scope.READ_USER);
    Answer user = send(rules, "GET", "/api/v4/user", readUser);
    assertThat(user.passedOn()).isTrue();
    assertThat(user.seen().getUserPrincipal().getName()).isEqualTo("alice");
    assertThat(send(rules, "GET", "/api/v4/projects", readUser).status()).isEqualTo(403);
  }

  @Test
  void standardRulesWinWithOrElse() {
    RouteRules host = request -> HOST_WRITE;
    RouteRules rules = RouteRules.standard(world.auth).orElse(host);
    assertThat(rules.ruleFor(StubRequest.of("GET", "/api/v4/projects")).requirement())
        .isEqualTo(ScopeRequirement.anyOf(Scope.READ_API));
    assertThat(rules.ruleFor(StubRequest.of("GET", "/app/x"))).isEqualTo(HOST_WRITE);
  }

  @Test
  void hostRulesWinWithFirst() {
    RouteRules host = request -> HOST_WRITE;
    RouteRules rules = RouteRules.first(host, RouteRules.standard(world.auth));
    assertThat(rules.ruleFor(StubRequest.of("GET", "/api/v4/projects"))).isEqualTo(HOST_WRITE);
    assertThat(RouteRules.first(request -> null, RouteRules.standard(world.auth))
        .ruleFor(StubRequest.of("GET", "/api/v4/projects")).requirement())
        .isEqualTo(ScopeRequirement.anyOf(Scope.READ_API));
    assertThat(RouteRules.first().ruleFor(StubRequest.of("GET", "/x"))).isNull();
  }

  @Test
  void apiRoutesUnderMatchesWholeSegmentsAndIgnoresHostilePaths() {
    RouteRules app = RouteRules.apiRoutesUnder("/app");
    assertThat(app.ruleFor(StubRequest.of("GET", "/app"))).isNotNull();
    assertThat(app.ruleFor(StubRequest.of("GET", "/app/a/b"))).isNotNull();
    assertThat(app.ruleFor(StubRequest.of("GET", "/apps"))).isNull();
    assertThat(app.ruleFor(StubRequest.of("GET", "/other/app"))).isNull();
    assertThat(app.ruleFor(StubRequest.of("GET", "/app/../api/v4/user"))).isNull();
    assertThat(app.ruleFor(StubRequest.of("GET", "/app/a%2Fb"))).isNull();
    assertThatThrownBy(() -> RouteRules.apiRoutesUnder("app")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RouteRules.apiRoutesUnder("/app/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RouteRules.apiRoutesUnder("/")).isInstanceOf(IllegalArgumentException.class);
  }
}
