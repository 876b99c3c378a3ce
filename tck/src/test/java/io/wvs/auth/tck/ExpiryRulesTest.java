package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.TODAY;
import static io.wvs.auth.tck.SeedWorld.assertFailure;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static io.wvs.auth.tck.SeedWorld.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Seeds 000, 001, 002: "Personal access tokens expire on the date you define, at midnight UTC";
 * seed 002: administrators "may limit the lifetime" and "may toggle enforcement of personal access
 * token expiry"; design brief: expiry required by default, 365 days at most, a past date or one
 * beyond the maximum is a clear error.
 */
class ExpiryRulesTest {
  private static final LocalDate EXPIRY = LocalDate.of(2025, 3, 10);

  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();

  private CreatedToken aliceToken(LocalDate expiresOn) {
    return auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("laptop", Scope.READ_API).expiringOn(expiresOn));
  }

  @Test
  void tokenIsAcceptedTheSecondBeforeMidnightUtc() {
    CreatedToken token = aliceToken(EXPIRY);
    world.clock.set("2025-03-09T23:59:59Z");
    assertSuccess(get(auth, token.value()));
    world.clock.set("2025-03-09T23:59:59.999Z");
    assertSuccess(get(auth, token.value()));
  }

  @Test
  void tokenIsRefusedFromMidnightUtcOnItsExpiryDate() {
    CreatedToken token = aliceToken(EXPIRY);
    world.clock.set("2025-03-10T00:00:00Z");
    assertThat(assertFailure(get(auth, token.value()), FailureReason.EXPIRED).tokenId())
        .isEqualTo(token.token().id());
    world.clock.set("2025-03-10T12:00:00Z");
    assertFailure(get(auth, token.value()), FailureReason.EXPIRED);
    world.clock.set("2026-01-01T00:00:00Z");
    assertFailure(get(auth, token.value()), FailureReason.EXPIRED);
  }

  /** "at midnight UTC", whatever the zone of the host's clock. */
  @Test
  void midnightIsUtcWhateverTheClocksZone() {
    WvsAuth utc = world.auth(TokenPolicy.defaults(), world.keyring, world.store);
    WvsAuth farEast = WvsAuth.builder().tokenStore(world.store).userDirectory(world.users)
        .resourceDirectory(world.users).botAccounts(world.users).passwordVerifier(world.users)
        .keyring(world.keyring).clock(world.clock.withZone(ZoneId.of("Pacific/Kiritimati"))).build();
    CreatedToken token = farEast.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("laptop", Scope.READ_API).expiringOn(EXPIRY));
    // 2025-03-09T23:59:59Z is already 13:59 on 2025-03-10 in Kiritimati (UTC+14).
    world.clock.set("2025-03-09T23:59:59Z");
    assertSuccess(get(farEast, token.value()));
    assertSuccess(get(utc, token.value()));
    world.clock.set("2025-03-10T00:00:00Z");
    assertFailure(get(farEast, token.value()), FailureReason.EXPIRED);
  }

  @Test
  void expiredTokenIsListedAsInactive() {
    CreatedToken token = aliceToken(EXPIRY);
    world.clock.set("2025-03-09T23:59:59Z");
    assertThat(auth.personalTokens().get(world.alice.id(), token.token().id()).active()).isTrue();
    world.clock.set("2025-03-10T00:00:00Z");
    TokenView view = auth.personalTokens().get(world.alice.id(), token.token().id());
    assertThat(view.active()).isFalse();
    assertThat(view.revoked()).isFalse();
    assertThat(view.expiresOn()).isEqualTo(EXPIRY);
  }

  @Test
  void expiryIsRequiredByDefaultAndDefaultsToMaxLifetime() {
    CreatedToken token = auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("no date given", Scope.READ_API));
    LocalDate expected = TODAY.plusDays(365);
    assertThat(token.token().expiresOn()).isEqualTo(expected).isEqualTo(LocalDate.of(2026, 3, 1));
    world.clock.set("2026-02-28T23:59:59Z");
    assertSuccess(get(auth, token.value()));
    world.clock.set("2026-03-01T00:00:00Z");
    assertFailure(get(auth, token.value()), FailureReason.EXPIRED);
  }

  @Test
  void expiryMayBeLeftOutWhenTheInstanceDoesNotRequireIt() {
    WvsAuth lenient = world.auth(TokenPolicy.builder().expiryRequired(false).build());
    CreatedToken token = lenient.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("forever", Scope.READ_API));
    assertThat(token.token().expiresOn()).isNull();
    world.clock.set("2035-01-01T00:00:00Z");
    assertSuccess(get(lenient, token.value()));
  }

  @Test
  void expiryBeyondMaxLifetimeIsRefused() {
    assertThat(aliceToken(TODAY.plusDays(365)).token().expiresOn()).isEqualTo(TODAY.plusDays(365));
    assertThatThrownBy(() -> aliceToken(TODAY.plusDays(366)))
        .isInstanceOf(InvalidTokenRequestException.class)
        .hasMessageContaining("2026-03-02")
        .hasMessageContaining("maximum lifetime of 365 days")
        .hasMessageContaining("2026-03-01 or earlier");
    assertThatThrownBy(() -> aliceToken(LocalDate.of(2099, 1, 1)))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  /** A date of today would be expired from its first second (it began at 00:00 UTC). */
  @Test
  void expiryInThePastIsRefused() {
    assertThatThrownBy(() -> aliceToken(TODAY.minusDays(1)))
        .isInstanceOf(InvalidTokenRequestException.class)
        .hasMessageContaining("2025-02-28")
        .hasMessageContaining("not in the future")
        .hasMessageContaining("2025-03-02 or later");
    assertThatThrownBy(() -> aliceToken(TODAY))
        .isInstanceOf(InvalidTokenRequestException.class)
        .hasMessageContaining("not in the future");
    assertThat(aliceToken(TODAY.plusDays(1)).token().expiresOn()).isEqualTo(TODAY.plusDays(1));
    assertThat(world.store.size()).isEqualTo(1);
  }

  /** Seed 002: "administrators may limit the lifetime of personal access tokens". */
  @Test
  void lowerMaxLifetime() {
    WvsAuth strict = world.auth(TokenPolicy.builder().maxLifetimeDays(30).build());
    CreatedToken byDefault = strict.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("default", Scope.READ_API));
    assertThat(byDefault.token().expiresOn()).isEqualTo(TODAY.plusDays(30));
    assertThat(strict.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("last day", Scope.READ_API).expiringOn(TODAY.plusDays(30))).token().expiresOn())
        .isEqualTo(LocalDate.of(2025, 3, 31));
    assertThatThrownBy(() -> strict.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("too long", Scope.READ_API).expiringOn(TODAY.plusDays(31))))
        .isInstanceOf(InvalidTokenRequestException.class)
        .hasMessageContaining("maximum lifetime of 30 days");
  }

  /** Seed 002: "administrators may toggle enforcement of personal access token expiry". */
  @Test
  void expiryEnforcementToggleLetsExpiredPersonalTokensWork() {
    CreatedToken token = aliceToken(EXPIRY);
    WvsAuth notEnforcing = world.auth(TokenPolicy.builder().personalExpiryEnforced(false).build());
    world.clock.set("2025-06-01T00:00:00Z");

    assertFailure(get(auth, token.value()), FailureReason.EXPIRED);
    assertSuccess(get(notEnforcing, token.value()));
    assertThat(notEnforcing.personalTokens().get(world.alice.id(), token.token().id()).active()).isTrue();
    assertThat(auth.personalTokens().get(world.alice.id(), token.token().id()).active()).isFalse();
  }

  @Test
  void expiryEnforcementToggleAlsoCoversImpersonationTokens() {
    CreatedToken token = auth.personalTokens().createImpersonation(world.root.id(), world.alice.id(),
        TokenSpec.of("support", Scope.READ_API).expiringOn(EXPIRY));
    WvsAuth notEnforcing = world.auth(TokenPolicy.builder().personalExpiryEnforced(false).build());
    world.clock.set("2025-06-01T00:00:00Z");
    assertFailure(get(auth, token.value()), FailureReason.EXPIRED);
    assertSuccess(get(notEnforcing, token.value()));
  }

  @Test
  void revokedTokenStaysRefusedWhenExpiryIsNotEnforced() {
    CreatedToken token = aliceToken(EXPIRY);
    WvsAuth notEnforcing = world.auth(TokenPolicy.builder().personalExpiryEnforced(false).build());
    notEnforcing.personalTokens().revoke(world.alice.id(), token.token().id());
    world.clock.set("2025-06-01T00:00:00Z");
    assertFailure(get(notEnforcing, token.value()), FailureReason.REVOKED);
  }
}
