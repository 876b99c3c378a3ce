package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Instance-wide token rules (seeds 000, 001, 002, 004 and the design brief's defaults). */
class TokenPolicyTest {
  private static final LocalDate EXPIRY = LocalDate.of(2025, 3, 10);

  /** Seeds 000, 001, 002, 004: "expire on the date you define, at midnight UTC". */
  @Test
  void tokenIsNotExpiredTheSecondBeforeMidnightUtcBeforeItsExpiryDate() {
    assertThat(TokenPolicy.isExpired(EXPIRY, Instant.parse("2025-03-09T23:59:59Z"))).isFalse();
    assertThat(TokenPolicy.isExpired(EXPIRY, Instant.parse("2025-03-09T23:59:59.999999999Z"))).isFalse();
    assertThat(TokenPolicy.isExpired(EXPIRY, Instant.parse("2025-03-09T00:00:00Z"))).isFalse();
  }

  @Test
  void tokenIsExpiredFromMidnightUtcOnItsExpiryDate() {
    assertThat(TokenPolicy.isExpired(EXPIRY, Instant.parse("2025-03-10T00:00:00Z"))).isTrue();
    assertThat(TokenPolicy.isExpired(EXPIRY, Instant.parse("2025-03-10T00:00:00.000000001Z"))).isTrue();
    assertThat(TokenPolicy.isExpired(EXPIRY, Instant.parse("2025-03-10T23:59:59Z"))).isTrue();
    assertThat(TokenPolicy.isExpired(EXPIRY, Instant.parse("2030-01-01T00:00:00Z"))).isTrue();
  }

  @Test
  void aTokenWithoutExpiryDateNeverExpires() {
    assertThat(TokenPolicy.isExpired(null, Instant.parse("9999-12-31T23:59:59Z"))).isFalse();
  }

  @Test
  void defaultsAreTheSeedsAndTheBriefs() {
    TokenPolicy p = TokenPolicy.defaults();
    assertThat(p.expiryRequired()).isTrue();
    assertThat(p.maxLifetimeDays()).isEqualTo(365);
    assertThat(p.personalExpiryEnforced()).isTrue();
    assertThat(p.userTokenPrefix()).isEqualTo("wvspat-");
    assertThat(p.deployTokenPrefix()).isEqualTo("wvsdt-");
    assertThat(p.lastUsedInterval()).isEqualTo(Duration.ofHours(24));
    assertThat(p.impersonationEnabled()).isTrue();
    assertThat(p.registryEnabled()).isFalse();
    assertThat(TokenPolicy.builder().build().toString()).isEqualTo(p.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 366, 1000})
  void maxLifetimeOutsideOneTo365DaysIsRefusedNamingTheValue(int days) {
    assertThatThrownBy(() -> TokenPolicy.builder().maxLifetimeDays(days))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 365")
        .hasMessageContaining("was " + days);
  }

  /** Seed 002: "administrators may limit the lifetime of personal access tokens". */
  @Test
  void maxLifetimeMayBeLowered() {
    assertThat(TokenPolicy.builder().maxLifetimeDays(1).build().maxLifetimeDays()).isEqualTo(1);
    assertThat(TokenPolicy.builder().maxLifetimeDays(30).build().maxLifetimeDays()).isEqualTo(30);
    assertThat(TokenPolicy.builder().maxLifetimeDays(365).build().maxLifetimeDays()).isEqualTo(365);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "wvs.pat", "wvs:pat", "123456789012345678901", "wvsé-"})
  void malformedPrefixesAreRefusedNamingTheValue(String prefix) {
    assertThatThrownBy(() -> TokenPolicy.builder().userTokenPrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was '" + prefix + "'");
    assertThatThrownBy(() -> TokenPolicy.builder().deployTokenPrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenPolicy.builder().userTokenPrefix(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prefixesThatArePrefixesOfEachOtherAreRefused() {
    assertThatThrownBy(() -> TokenPolicy.builder().userTokenPrefix("wvs").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefixes of each other");
    assertThatThrownBy(() -> TokenPolicy.builder().deployTokenPrefix("wvspat-").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenPolicy.builder().deployTokenPrefix("wvspat-x").build())
        .isInstanceOf(IllegalArgumentException.class);
    TokenPolicy custom = TokenPolicy.builder().userTokenPrefix("acme_pat-").deployTokenPrefix("acme_dt-").build();
    assertThat(custom.userTokenPrefix()).isEqualTo("acme_pat-");
    assertThat(custom.deployTokenPrefix()).isEqualTo("acme_dt-");
  }

  @Test
  void lastUsedIntervalMustBeBetweenOneSecondAndSevenDays() {
    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofMillis(999),
        Duration.ofSeconds(-5), Duration.ofDays(7).plusSeconds(1)}) {
      assertThatThrownBy(() -> TokenPolicy.builder().lastUsedInterval(bad))
          .as("interval %s", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("was " + bad);
    }
    assertThat(TokenPolicy.builder().lastUsedInterval(Duration.ofSeconds(1)).build().lastUsedInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(TokenPolicy.builder().lastUsedInterval(Duration.ofDays(7)).build().lastUsedInterval())
        .isEqualTo(Duration.ofDays(7));
  }

  /** Seed 002: "administrators may toggle enforcement of personal access token expiry". */
  @Test
  void theExpiryToggleConcernsPersonalAndImpersonationTokensOnly() {
    TokenPolicy off = TokenPolicy.builder().personalExpiryEnforced(false).build();
    assertThat(off.expiryEnforcedFor(TokenType.PERSONAL)).isFalse();
    assertThat(off.expiryEnforcedFor(TokenType.IMPERSONATION)).isFalse();
    assertThat(off.expiryEnforcedFor(TokenType.PROJECT_ACCESS)).isTrue();
    assertThat(off.expiryEnforcedFor(TokenType.GROUP_ACCESS)).isTrue();
    assertThat(off.expiryEnforcedFor(TokenType.DEPLOY)).isTrue();
    for (TokenType type : TokenType.values()) {
      assertThat(TokenPolicy.defaults().expiryEnforcedFor(type)).isTrue();
    }
  }

  @Test
  void toBuilderCopiesEverySetting() {
    TokenPolicy custom = TokenPolicy.builder()
        .expiryRequired(false).maxLifetimeDays(90).personalExpiryEnforced(false)
        .userTokenPrefix("acme_pat-").deployTokenPrefix("acme_dt-")
        .lastUsedInterval(Duration.ofHours(1)).impersonationEnabled(false).registryEnabled(true)
        .build();
    TokenPolicy copy = custom.toBuilder().build();
    assertThat(copy.toString()).isEqualTo(custom.toString());
    assertThat(copy.expiryRequired()).isFalse();
    assertThat(copy.maxLifetimeDays()).isEqualTo(90);
    assertThat(copy.personalExpiryEnforced()).isFalse();
    assertThat(copy.lastUsedInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(copy.impersonationEnabled()).isFalse();
    assertThat(copy.registryEnabled()).isTrue();
    assertThat(custom.toBuilder().maxLifetimeDays(10).build().maxLifetimeDays()).isEqualTo(10);
    assertThat(custom.maxLifetimeDays()).isEqualTo(90);
  }
}
