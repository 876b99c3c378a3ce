package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.FailureLimits;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.FailureLimiter.Basis;
import io.wvs.auth.spi.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code wvs.auth.limiter.*} properties tune the library's failed-authentication limiter (an
 * application's own limiter bean still wins), {@code wvs.auth.policy.last-used-ips-recorded} and
 * {@code .rotation-grace-period} reach the policy; a bad value stops the start naming the property.
 */
class LimiterAndPolicyPropertiesTest {
  private static final String ADDRESS = "203.0.113.7";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
      // Also the password check: it knows no user, so every password is wrong.
      .withBean(UserDirectory.class, InMemoryUserDirectory::new)
      // A clock that stands still: every failure falls in the window, every block has its full length.
      .withBean(Clock.class, () -> Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC))
      .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + PropertyValidationTest.PEPPER);

  private static AuthResult unknownToken(WvsAuth auth, int i) {
    return auth.authenticator().authenticate(AuthRequest.builder("unknown-token-" + i + "-xxxxxxxxxx")
        .require(ScopeRequirement.anyOf(Scope.READ_API)).clientAddress(ADDRESS).build());
  }

  private static AuthResult wrongPassword(WvsAuth auth, String username, String address) {
    return auth.authenticator().authenticate(AuthRequest.builder("not-the-password")
        .channel(Channel.GIT_HTTP).username(username)
        .require(ScopeRequirement.anyOf(Scope.READ_REPOSITORY)).clientAddress(address).build());
  }

  private static FailureReason reason(AuthResult result) {
    return ((AuthResult.Failure) result).reason();
  }

  private static String failure(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append('\n');
    }
    return b.toString();
  }

  @Test
  void theTokensPerAddressLimitComesFromItsProperties() {
    runner.withPropertyValues("wvs.auth.limiter.tokens-per-address.count=3",
        "wvs.auth.limiter.tokens-per-address.within=1m", "wvs.auth.limiter.tokens-per-address.block=7m")
        .run(context -> {
          WvsAuth auth = context.getBean(WvsAuth.class);
          assertThat(reason(unknownToken(auth, 1))).isEqualTo(FailureReason.UNKNOWN);
          assertThat(reason(unknownToken(auth, 2))).isEqualTo(FailureReason.UNKNOWN);
          unknownToken(auth, 3);
          AuthResult.Failure blocked = (AuthResult.Failure) unknownToken(auth, 4);
          assertThat(blocked.reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
          assertThat(blocked.blocked().basis()).isEqualTo(Basis.CLIENT_ADDRESS);
          assertThat(blocked.blocked().retryAfter()).isEqualTo(Duration.ofMinutes(7));
        });
  }

  @Test
  void thePasswordsPerAddressLimitComesFromItsPropertiesAndUnsetPartsKeepTheirDefaults() {
    // Only the count is set: the block keeps the library's hour.
    runner.withPropertyValues("wvs.auth.limiter.passwords-per-address.count=2").run(context -> {
      WvsAuth auth = context.getBean(WvsAuth.class);
      assertThat(reason(wrongPassword(auth, "alice", ADDRESS))).isEqualTo(FailureReason.UNKNOWN);
      wrongPassword(auth, "bob", ADDRESS);
      AuthResult.Failure blocked = (AuthResult.Failure) wrongPassword(auth, "carol", ADDRESS);
      assertThat(blocked.reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
      assertThat(blocked.blocked().basis()).isEqualTo(Basis.CLIENT_ADDRESS);
      assertThat(blocked.blocked().retryAfter()).isEqualTo(Duration.ofHours(1));
    });
  }

  @Test
  void thePasswordsPerUsernameLimitComesFromItsProperties() {
    runner.withPropertyValues("wvs.auth.limiter.passwords-per-username.count=2",
        "wvs.auth.limiter.passwords-per-username.block=3m").run(context -> {
          WvsAuth auth = context.getBean(WvsAuth.class);
          assertThat(reason(wrongPassword(auth, "alice", "203.0.113.1"))).isEqualTo(FailureReason.UNKNOWN);
          wrongPassword(auth, "alice", "203.0.113.2");
          AuthResult.Failure blocked = (AuthResult.Failure) wrongPassword(auth, "alice", "203.0.113.3");
          assertThat(blocked.reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
          assertThat(blocked.blocked().basis()).isEqualTo(Basis.USERNAME);
          assertThat(blocked.blocked().retryAfter()).isEqualTo(Duration.ofMinutes(3));
        });
  }

  @Test
  void theMaxTrackedKeysComesFromItsPropertyAndUnsetLimitsKeepTheLibrarysDefaults() {
    runner.withPropertyValues("wvs.auth.limiter.max-tracked-keys=500").run(context -> {
      FailureLimits limits = context.getBean(FailureLimits.class);
      assertThat(limits.maxTrackedKeys()).isEqualTo(500);
      assertThat(limits.passwordsPerAddress()).isEqualTo(FailureLimits.defaults().passwordsPerAddress());
      assertThat(limits.tokensPerAddress()).isEqualTo(FailureLimits.defaults().tokensPerAddress());
      assertThat(limits.passwordsPerUsername()).isEqualTo(FailureLimits.defaults().passwordsPerUsername());
    });
  }

  @Test
  void aDisabledLimiterLimitsNothing() {
    runner.withPropertyValues("wvs.auth.limiter.enabled=false", "wvs.auth.limiter.tokens-per-address.count=1")
        .run(context -> {
          WvsAuth auth = context.getBean(WvsAuth.class);
          for (int i = 1; i <= 60; i++) {
            assertThat(reason(unknownToken(auth, i))).isEqualTo(FailureReason.UNKNOWN);
          }
        });
  }

  @Test
  void theApplicationsLimiterBeanWinsOverTheLimiterProperties() {
    runner.withBean(FailureLimiter.class, FailureLimiter::off)
        .withPropertyValues("wvs.auth.limiter.tokens-per-address.count=1").run(context -> {
          WvsAuth auth = context.getBean(WvsAuth.class);
          for (int i = 1; i <= 5; i++) {
            assertThat(reason(unknownToken(auth, i))).isEqualTo(FailureReason.UNKNOWN);
          }
        });
  }

  @Test
  void aLimitCountOutOfRangeIsRefusedNamingTheProperty() {
    runner.withPropertyValues("wvs.auth.limiter.tokens-per-address.count=0").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.limiter.tokens-per-address.count", "count must be 1 to 1000, was 0"));
  }

  @Test
  void aLimitWindowOverADayIsRefusedNamingTheProperty() {
    runner.withPropertyValues("wvs.auth.limiter.passwords-per-username.within=2d").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.limiter.passwords-per-username.within", "1 second to 1 day"));
  }

  @Test
  void aBlockUnderASecondIsRefusedNamingTheProperty() {
    runner.withPropertyValues("wvs.auth.limiter.passwords-per-address.block=0s").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.limiter.passwords-per-address.block", "block must be 1 second to 1 day"));
  }

  @Test
  void aMaxTrackedKeysOutOfRangeIsRefusedNamingTheProperty() {
    runner.withPropertyValues("wvs.auth.limiter.max-tracked-keys=0").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.limiter.max-tracked-keys", "1 to 10000000"));
  }

  @Test
  void aLimitThatIsNotATimeIsRefusedNamingTheProperty() {
    runner.withPropertyValues("wvs.auth.limiter.tokens-per-address.within=soon").run(context ->
        assertThat(failure(context.getStartupFailure())).contains("wvs.auth.limiter.tokens-per-address.within"));
  }

  @Test
  void theLastUsedIpsAndRotationGracePropertiesReachTheTokenSystem() {
    runner.withPropertyValues("wvs.auth.policy.last-used-ips-recorded=false",
        "wvs.auth.policy.rotation-grace-period=15m").run(context -> {
          TokenPolicy policy = context.getBean(WvsAuth.class).policy();
          assertThat(policy.lastUsedIpsRecorded()).isFalse();
          assertThat(policy.rotationGracePeriod()).isEqualTo(Duration.ofMinutes(15));
        });
    runner.run(context -> {
      TokenPolicy policy = context.getBean(WvsAuth.class).policy();
      assertThat(policy.lastUsedIpsRecorded()).as("the default").isTrue();
      assertThat(policy.rotationGracePeriod()).as("the default").isEqualTo(Duration.ZERO);
    });
  }

  @Test
  void aRotationGracePeriodOver24HoursIsRefusedNamingTheProperty() {
    runner.withPropertyValues("wvs.auth.policy.rotation-grace-period=25h").run(context ->
        assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.policy.rotation-grace-period", "between zero and 24 hours"));
  }
}
