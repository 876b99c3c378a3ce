package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.FailureLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --failure-limiter}: on by default with the library's limits, {@code off} turns it off, a
 * list of limits changes only what it names, and a value it cannot read is a usage error naming
 * the form.
 */
class DemoFailureLimiterFlagTest {
  private static DemoConfig parse(String... args) throws Exception {
    return ((DemoConfig.Run) DemoConfig.parse(args, Map.of())).config();
  }

  @Test
  void theLimiterIsOnByDefaultWithTheLibrarysLimits() throws Exception {
    assertThat(parse().failureLimits()).isSameAs(FailureLimits.defaults());
    assertThat(parse("--failure-limiter", "on").failureLimits()).isSameAs(FailureLimits.defaults());
  }

  @Test
  void offTurnsTheLimiterOff() throws Exception {
    assertThat(parse("--failure-limiter=off").failureLimits()).isNull();
  }

  @Test
  void listedLimitsChangeOnlyWhatTheyName() throws Exception {
    FailureLimits limits = parse("--failure-limiter", "passwords=5/30s/2h,keys=500,usernames=3/1d/1m").failureLimits();

    assertThat(limits.passwordsPerAddress())
        .isEqualTo(new FailureLimits.Limit(5, Duration.ofSeconds(30), Duration.ofHours(2)));
    assertThat(limits.passwordsPerUsername())
        .isEqualTo(new FailureLimits.Limit(3, Duration.ofDays(1), Duration.ofMinutes(1)));
    assertThat(limits.maxTrackedKeys()).isEqualTo(500);
    assertThat(limits.tokensPerAddress()).isEqualTo(FailureLimits.defaults().tokensPerAddress());
  }

  @Test
  void aValueTheFlagCannotReadIsAUsageError() {
    assertThatThrownBy(() -> parse("--failure-limiter", "sometimes"))
        .isInstanceOf(DemoConfig.UsageException.class)
        .hasMessageStartingWith("--failure-limiter must be on, off, or comma-separated");
    assertThatThrownBy(() -> parse("--failure-limiter", "passwords=0/1m/1h"))
        .isInstanceOf(DemoConfig.UsageException.class)
        .hasMessage("--failure-limiter: passwords: failures must be 1 to 1000, was 0");
    assertThatThrownBy(() -> parse("--failure-limiter", "tokens=5/1y/1h"))
        .isInstanceOf(DemoConfig.UsageException.class)
        .hasMessageContaining("'1y' is not a time such as 30s, 1m, 1h or 1d");
    assertThatThrownBy(() -> parse("--failure-limiter", "keys=5,keys=6"))
        .isInstanceOf(DemoConfig.UsageException.class);
  }
}
