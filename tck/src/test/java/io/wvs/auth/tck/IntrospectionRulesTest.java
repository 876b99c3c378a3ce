package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static io.wvs.auth.tck.RulesFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenIntrospection;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Token introspection for resource servers: an active token is described, every other one is
 * simply inactive, by the same rules as an API authentication.
 */
class IntrospectionRulesTest {
  private static final LocalDate EXPIRY = LocalDate.of(2026, 4, 1);

  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());

  private CreatedToken alicesToken() {
    return f.auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("reader", Scope.READ_API, Scope.READ_REPOSITORY).expiringOn(EXPIRY));
  }

  private Optional<TokenIntrospection> introspect(String token) {
    return f.auth.authenticator().introspect(token);
  }

  @Test
  void anActiveTokenIsDescribedWithItsScopesUserTypeAndDates() {
    CreatedToken token = alicesToken();

    TokenIntrospection found = introspect(token.value()).orElseThrow();

    assertThat(found.token().id()).isEqualTo(token.token().id());
    assertThat(found.token().type()).isEqualTo(TokenType.PERSONAL);
    assertThat(found.token().scopes()).containsExactlyInAnyOrder(Scope.READ_API, Scope.READ_REPOSITORY);
    assertThat(found.token().resource()).isNull();
    assertThat(found.success().principal()).extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.USER, ALICE, "alice");
    assertThat(found.issuedAt()).isEqualTo(START);
    assertThat(found.expiresOn()).isEqualTo(EXPIRY);
    assertThat(found.expiresAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
  }

  @Test
  void aProjectAccessTokenIsDescribedWithItsProjectAndBotUser() {
    CreatedToken token = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("ci", Scope.READ_API).expiringOn(EXPIRY), Role.DEVELOPER);

    TokenIntrospection found = introspect(token.value()).orElseThrow();

    assertThat(found.token().type()).isEqualTo(TokenType.PROJECT_ACCESS);
    assertThat(found.token().resource()).isEqualTo(ResourceRef.project(1));
    assertThat(found.success().principal().kind()).isEqualTo(Principal.Kind.BOT);
  }

  @Test
  void anUnknownOrMalformedTokenIsInactive() {
    CreatedToken token = alicesToken();
    String value = token.value();
    String lastChanged = value.substring(0, value.length() - 1)
        + (value.endsWith("A") ? "B" : "A");

    assertThat(introspect(lastChanged)).isEmpty();
    assertThat(introspect("glpat-" + "x".repeat(20))).isEmpty();
    assertThat(introspect("not a token")).isEmpty();
    assertThat(introspect("")).isEmpty();
    assertThat(introspect(null)).isEmpty();
    assertThat(introspect("é".repeat(5000))).isEmpty();
  }

  @Test
  void aRevokedTokenIsInactive() {
    CreatedToken token = alicesToken();
    assertThat(introspect(token.value())).isPresent();

    f.auth.personalTokens().revoke(ALICE, token.token().id());

    assertThat(introspect(token.value())).isEmpty();
  }

  @Test
  void anExpiredTokenIsInactiveFromMidnightUtcOfItsExpiryDate() {
    CreatedToken token = alicesToken();
    f.clock.set("2026-03-31T23:59:59Z");
    assertThat(introspect(token.value())).isPresent();

    f.clock.set("2026-04-01T00:00:00Z");

    assertThat(introspect(token.value())).isEmpty();
  }

  @Test
  void aTokenOfABlockedUserIsInactive() {
    CreatedToken token = f.auth.personalTokens().create(BOB, BOB, TokenSpec.of("bob", Scope.API).expiringOn(EXPIRY));
    assertThat(introspect(token.value())).isPresent();

    f.directory.put(new User(BOB, "bob", false, true, false, false));

    assertThat(introspect(token.value())).isEmpty();
  }

  @Test
  void anImpersonationTokenIsInactiveWhileImpersonationIsDisabled() {
    CreatedToken token = f.auth.personalTokens().createImpersonation(ROOT, ALICE,
        TokenSpec.of("support", Scope.API).expiringOn(EXPIRY));
    assertThat(introspect(token.value())).isPresent();

    RulesFixture disabled = new RulesFixture(f.store,
        TokenPolicy.builder().registryEnabled(true).impersonationEnabled(false).build());

    assertThat(disabled.auth.authenticator().introspect(token.value())).isEmpty();
  }

  @Test
  void aDeployTokenIsNotIntrospectable() {
    CreatedToken deploy = f.auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("deployer", Scope.READ_REPOSITORY));

    assertThat(introspect(deploy.value())).isEmpty();
  }

  @Test
  void anIntrospectionRecordsTheTokensUseLikeAnAuthentication() {
    CreatedToken token = alicesToken();
    assertThat(f.auth.personalTokens().get(ALICE, token.token().id()).lastUsedAt()).isNull();
    f.clock.advance(Duration.ofMinutes(5));

    introspect(token.value()).orElseThrow();

    assertThat(f.auth.personalTokens().get(ALICE, token.token().id()).lastUsedAt())
        .isEqualTo(START.plus(Duration.ofMinutes(5)));
  }
}
