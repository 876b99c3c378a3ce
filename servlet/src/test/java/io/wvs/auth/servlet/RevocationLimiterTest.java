package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.tck.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The revocation endpoint's limiter: per address, per window, and bounded in memory. */
class RevocationLimiterTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RevocationLimiter limiter = new RevocationLimiter(clock);

  @Test
  void eachAddressGetsItsOwnAllowancePerWindow() {
    for (int i = 0; i < RevocationLimiter.PER_WINDOW; i++) {
      assertThat(limiter.acquire("192.0.2.1")).isZero();
    }
    assertThat(limiter.acquire("192.0.2.1")).isEqualTo(60);
    assertThat(limiter.acquire("192.0.2.2")).isZero();
    clock.advance(Duration.ofSeconds(59).plusMillis(1));
    assertThat(limiter.acquire("192.0.2.1")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.acquire("192.0.2.1")).isZero();
  }

  @Test
  void theRememberedAddressesAreBoundedWhateverTheTraffic() {
    for (int i = 0; i < RevocationLimiter.MAX_ADDRESSES + 500; i++) {
      limiter.acquire("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
    }
    assertThat(limiter.size()).isEqualTo(RevocationLimiter.MAX_ADDRESSES);
  }
}
