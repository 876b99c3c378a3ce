package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.assertFailure;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import org.junit.jupiter.api.Test;

/**
 * Seed 002, "Programmatically creating a personal access token": {@code
 * token.set_token('token-string-here123')} for user automation-bot with scopes read_user and
 * read_repository, name 'Automation token'; "The token string must be 20 characters in length to
 * be recognized as a valid personal access token"; and "Programmatically revoking": {@code
 * PersonalAccessToken.find_by_token('token-string-here123').revoke!}.
 */
class PredeterminedTokenRulesTest {
  private static final String SEED_TOKEN = "token-string-here123";

  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();
  private final TokenSpec automation =
      TokenSpec.of("Automation token", Scope.READ_USER, Scope.READ_REPOSITORY);

  private AuthResult readUser(String token) {
    return auth.authenticator().authenticate(
        AuthRequest.api(token, ScopeRequirement.anyOf(Scope.READ_USER)));
  }

  @Test
  void predeterminedTokenOf20CharactersWorks() {
    assertThat(SEED_TOKEN).hasSize(20);
    TokenView view = auth.personalTokens().createWithValue(world.automationBot.id(), automation, SEED_TOKEN);
    assertThat(view.type()).isEqualTo(TokenType.PERSONAL);
    assertThat(view.name()).isEqualTo("Automation token");
    assertThat(view.scopes()).containsExactlyInAnyOrder(Scope.READ_USER, Scope.READ_REPOSITORY);

    AuthResult.Success ok = assertSuccess(readUser(SEED_TOKEN));
    assertThat(ok.principal().username()).isEqualTo("automation-bot");
    assertThat(((AuthResult.Via.Token) ok.via()).id()).isEqualTo(view.id());
    assertSuccess(auth.authenticator().authenticate(AuthRequest.builder(SEED_TOKEN)
        .channel(Channel.GIT_HTTP).username("automation-bot")
        .require(ScopeRequirement.anyOf(Scope.READ_REPOSITORY)).build()));
    assertThat(assertFailure(auth.authenticator().authenticate(AuthRequest.api(SEED_TOKEN, "GET")),
        FailureReason.INSUFFICIENT_SCOPE).missingScopes()).containsExactly(Scope.READ_API);
  }

  @Test
  void predeterminedTokenOf19CharactersIsRefused() {
    String nineteen = "token-string-here12";
    assertThat(nineteen).hasSize(19);
    assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.automationBot.id(), automation,
        nineteen))
        .isInstanceOf(InvalidTokenRequestException.class)
        .hasMessageContaining("at least 20 characters");
    assertThat(world.store.size()).isZero();
    world.countingStore.reset();
    assertFailure(readUser(nineteen), FailureReason.MALFORMED);
    assertThat(world.countingStore.calls()).isZero();
  }

  @Test
  void longerPredeterminedTokensWorkUpTo255Characters() {
    String longest = "p".repeat(255);
    auth.personalTokens().createWithValue(world.automationBot.id(), automation, longest);
    assertSuccess(readUser(longest));
    assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.automationBot.id(), automation,
        "p".repeat(256))).isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void predeterminedTokenWithSpacesOrNonAsciiIsRefused() {
    for (String bad : new String[] {"token string here 123", "token-string-h\u00e9re123",
        "token-string-here123\n", "\ttoken-string-here123"}) {
      assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.automationBot.id(),
          automation, bad)).as(bad).isInstanceOf(InvalidTokenRequestException.class);
    }
    assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.automationBot.id(),
        automation, null)).isInstanceOf(InvalidTokenRequestException.class);
    assertThat(world.store.size()).isZero();
  }

  /** A predetermined value may not pose as a generated token (it would carry no checksum). */
  @Test
  void predeterminedTokenMustNotStartWithAGeneratedPrefix() {
    assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.automationBot.id(), automation,
        "wvspat-token-string-here123"))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.automationBot.id(), automation,
        "wvsdt-token-string-here123"))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void aPredeterminedValueCanBeSetOnlyOnce() {
    auth.personalTokens().createWithValue(world.automationBot.id(), automation, SEED_TOKEN);
    assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.alice.id(), automation, SEED_TOKEN))
        .isInstanceOf(TokenConflictException.class);
    assertThat(assertSuccess(readUser(SEED_TOKEN)).principal().username()).isEqualTo("automation-bot");
  }

  @Test
  void predeterminedTokensFollowTheSameScopeAndExpiryRules() {
    assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.automationBot.id(),
        TokenSpec.of("sudo", Scope.SUDO), SEED_TOKEN))
        .isInstanceOf(InvalidTokenRequestException.class).hasMessageContaining("administrators");
    assertThatThrownBy(() -> auth.personalTokens().createWithValue(world.automationBot.id(),
        automation.expiringOn(SeedWorld.TODAY), SEED_TOKEN))
        .isInstanceOf(InvalidTokenRequestException.class);
    TokenView view = auth.personalTokens().createWithValue(world.automationBot.id(), automation, SEED_TOKEN);
    assertThat(view.expiresOn()).isEqualTo(SeedWorld.TODAY.plusDays(365));
  }

  @Test
  void revokeByValueRevokesPredeterminedToken() {
    auth.personalTokens().createWithValue(world.automationBot.id(), automation, SEED_TOKEN);
    assertSuccess(readUser(SEED_TOKEN));

    assertThat(auth.personalTokens().revokeByValue(SEED_TOKEN)).isTrue();
    assertFailure(readUser(SEED_TOKEN), FailureReason.REVOKED);
    assertThat(auth.personalTokens().list(world.automationBot.id(), world.automationBot.id()))
        .singleElement().satisfies(t -> assertThat(t.revoked()).isTrue());
    // Idempotent: the token still exists, already revoked.
    assertThat(auth.personalTokens().revokeByValue(SEED_TOKEN)).isTrue();
  }

  @Test
  void revokeByValueOfAnUnknownOrMalformedValueFindsNothing() {
    assertThat(auth.personalTokens().revokeByValue("no-such-token-string-1")).isFalse();
    assertThat(auth.personalTokens().revokeByValue("short")).isFalse();
    assertThat(auth.personalTokens().revokeByValue(null)).isFalse();
    assertThat(auth.personalTokens().revokeByValue("x".repeat(10_000))).isFalse();
  }

  @Test
  void revokeByValueAlsoRevokesGeneratedTokens() {
    String value = auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("generated", Scope.API)).value();
    assertThat(auth.personalTokens().revokeByValue(value)).isTrue();
    assertFailure(SeedWorld.get(auth, value), FailureReason.REVOKED);
  }
}
