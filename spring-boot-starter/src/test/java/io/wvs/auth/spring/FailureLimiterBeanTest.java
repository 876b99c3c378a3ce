package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.UserDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The application's {@link FailureLimiter} bean (a shared one, or {@code FailureLimiter.off()}) is
 * the instance's limiter; without one, the library's default limiter counts.
 */
class FailureLimiterBeanTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
      .withBean(UserDirectory.class, InMemoryUserDirectory::new)
      .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + PropertyValidationTest.PEPPER);

  private static AuthResult unknownToken(WvsAuth auth, int i) {
    return auth.authenticator().authenticate(AuthRequest.builder("unknown-token-" + i + "-xxxxxxxxxx")
        .require(ScopeRequirement.anyOf(Scope.READ_API)).clientAddress("203.0.113.7").build());
  }

  /** Blocks everything it is asked about, and remembers what it was told. */
  static final class SharedLimiter implements FailureLimiter {
    final List<String> asked = new ArrayList<>();

    @Override
    public Decision check(Kind kind, String clientAddress, String username) {
      asked.add(kind + " " + clientAddress);
      return new Blocked(Basis.CLIENT_ADDRESS, Duration.ofSeconds(30));
    }

    @Override
    public Decision recordFailure(Kind kind, String clientAddress, String username) {
      return Allowed.INSTANCE;
    }
  }

  @Test
  void theApplicationsLimiterBeanDecides() {
    runner.withBean(FailureLimiter.class, SharedLimiter::new).run(context -> {
      AuthResult.Failure refused = (AuthResult.Failure) unknownToken(context.getBean(WvsAuth.class), 1);

      assertThat(refused.reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
      assertThat(refused.blocked().retryAfter()).isEqualTo(Duration.ofSeconds(30));
      assertThat(((SharedLimiter) context.getBean(FailureLimiter.class)).asked).containsExactly("TOKEN 203.0.113.7");
    });
  }

  @Test
  void withoutALimiterBeanTheLibrarysDefaultsCount() {
    runner.run(context -> {
      WvsAuth auth = context.getBean(WvsAuth.class);
      for (int i = 1; i < 50; i++) {
        assertThat(((AuthResult.Failure) unknownToken(auth, i)).reason()).isNotEqualTo(FailureReason.TOO_MANY_FAILURES);
      }
      assertThat(((AuthResult.Failure) unknownToken(auth, 50)).reason()).isEqualTo(FailureReason.TOO_MANY_FAILURES);
    });
  }

  @Test
  void anOffBeanTurnsLimitingOff() {
    runner.withBean(FailureLimiter.class, FailureLimiter::off).run(context -> {
      WvsAuth auth = context.getBean(WvsAuth.class);
      for (int i = 1; i <= 100; i++) {
        assertThat(((AuthResult.Failure) unknownToken(auth, i)).reason()).isNotEqualTo(FailureReason.TOO_MANY_FAILURES);
      }
    });
  }
}
