package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.FailureLimiter.Allowed;
import io.wvs.auth.spi.FailureLimiter.Basis;
import io.wvs.auth.spi.FailureLimiter.Blocked;
import io.wvs.auth.spi.FailureLimiter.Decision;
import io.wvs.auth.spi.FailureLimiter.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The bundled failed-authentication limiter on a clock the test moves: window edges, the end of a
 * block, the three counters kept apart, its memory bound and exact counting under concurrency.
 */
class FailureLimiterRulesTest {
  private static final String ADDRESS = "203.0.113.7";

  /** A clock that moves only when told, to the millisecond. */
  static final class MovingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-03-10T12:00:00Z").toEpochMilli());

    void advance(Duration by) {
      millis.addAndGet(by.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final MovingClock clock = new MovingClock();
  private final FailureLimiter limiter = FailureLimits.defaults().limiterOn(clock);

  private Decision passwordFails(String address, String username) {
    return limiter.recordFailure(Kind.PASSWORD, address, username);
  }

  @Test
  void theTenthWrongPasswordWithinAMinuteBlocksPasswordsFromTheAddressForAnHour() {
    for (int i = 1; i <= 9; i++) {
      assertThat(passwordFails(ADDRESS, "user" + i)).as("failure %d", i).isSameAs(Allowed.INSTANCE);
      clock.advance(Duration.ofMillis(59_999 / 9));
    }
    // The tenth, 59.994 s after the first: within the minute.
    Decision tenth = passwordFails(ADDRESS, "user10");

    assertThat(tenth).isEqualTo(new Blocked(Basis.CLIENT_ADDRESS, Duration.ofHours(1)));
    assertThat(limiter.check(Kind.PASSWORD, ADDRESS, "someone-else"))
        .isEqualTo(new Blocked(Basis.CLIENT_ADDRESS, Duration.ofHours(1)));
    assertThat(limiter.check(Kind.PASSWORD, "203.0.113.8", "someone-else")).isSameAs(Allowed.INSTANCE);
    assertThat(limiter.check(Kind.TOKEN, ADDRESS, null))
        .as("a password block leaves the address's tokens alone").isSameAs(Allowed.INSTANCE);
  }

  @Test
  void tenWrongPasswordsSpreadOverAMinuteOrMoreDoNotBlock() {
    // The tenth comes exactly 60 s after the first: the first no longer counts.
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 9; i++) {
        assertThat(passwordFails(ADDRESS, "user" + i)).isSameAs(Allowed.INSTANCE);
        clock.advance(Duration.ofMillis(60_000 / 9 + 1));
      }
    }
    assertThat(limiter.check(Kind.PASSWORD, ADDRESS, "user0")).isSameAs(Allowed.INSTANCE);
  }

  @Test
  void aBlockEndsAfterItsTimeAndCountingStartsAgainFromZero() {
    for (int i = 0; i < 10; i++) {
      passwordFails(ADDRESS, null);
    }
    clock.advance(Duration.ofHours(1).minusMillis(1));
    assertThat(limiter.check(Kind.PASSWORD, ADDRESS, null))
        .isEqualTo(new Blocked(Basis.CLIENT_ADDRESS, Duration.ofMillis(1)));
    assertThat(passwordFails(ADDRESS, null)).as("a failure while blocked").isSameAs(Allowed.INSTANCE);

    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.check(Kind.PASSWORD, ADDRESS, null)).isSameAs(Allowed.INSTANCE);
    for (int i = 0; i < 9; i++) {
      assertThat(passwordFails(ADDRESS, null)).as("failure %d after the block", i + 1)
          .isSameAs(Allowed.INSTANCE);
    }
    assertThat(passwordFails(ADDRESS, null)).isInstanceOf(Blocked.class);
  }

  @Test
  void aSprayedUsernameBlocksItsPasswordsFromEveryAddressButNeverItsTokens() {
    for (int i = 1; i <= 9; i++) {
      assertThat(passwordFails("198.51.100." + i, "Bob")).isSameAs(Allowed.INSTANCE);
    }
    assertThat(passwordFails("198.51.100.10", "bob"))
        .isEqualTo(new Blocked(Basis.USERNAME, Duration.ofMinutes(10)));

    assertThat(limiter.check(Kind.PASSWORD, "192.0.2.1", "BOB"))
        .as("any address, any case").isInstanceOf(Blocked.class);
    assertThat(limiter.check(Kind.PASSWORD, "192.0.2.1", "alice")).isSameAs(Allowed.INSTANCE);
    assertThat(limiter.check(Kind.TOKEN, "192.0.2.1", null)).isSameAs(Allowed.INSTANCE);
    assertThat(limiter.check(Kind.TOKEN, "198.51.100.10", null)).isSameAs(Allowed.INSTANCE);

    clock.advance(Duration.ofMinutes(10));
    assertThat(limiter.check(Kind.PASSWORD, "192.0.2.1", "bob")).isSameAs(Allowed.INSTANCE);
  }

  @Test
  void aRightPasswordForgetsTheUsernamesFailuresButNotTheAddresss() {
    for (int i = 0; i < 9; i++) {
      passwordFails(ADDRESS, "bob");
    }
    limiter.recordPasswordSuccess(ADDRESS, "bob");

    assertThat(passwordFails("192.0.2.1", "bob")).as("the username starts again").isSameAs(Allowed.INSTANCE);
    assertThat(passwordFails(ADDRESS, "mallory"))
        .as("the address's tenth failure").isEqualTo(new Blocked(Basis.CLIENT_ADDRESS, Duration.ofHours(1)));
  }

  @Test
  void anUnknownTokenFloodBlocksTheAddressAfterFiftyWithinAMinute() {
    for (int i = 1; i < 50; i++) {
      assertThat(limiter.recordFailure(Kind.TOKEN, ADDRESS, null)).isSameAs(Allowed.INSTANCE);
      clock.advance(Duration.ofMillis(1000));
    }
    assertThat(limiter.recordFailure(Kind.TOKEN, ADDRESS, null))
        .isEqualTo(new Blocked(Basis.CLIENT_ADDRESS, Duration.ofMinutes(10)));
    assertThat(limiter.check(Kind.TOKEN, ADDRESS, null)).isInstanceOf(Blocked.class);
    assertThat(limiter.check(Kind.TOKEN, "203.0.113.8", null)).isSameAs(Allowed.INSTANCE);
  }

  @Test
  void attemptsWithoutAClientAddressAreCountedByUsernameOnly() {
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.recordFailure(Kind.TOKEN, null, null)).isSameAs(Allowed.INSTANCE);
    }
    for (int i = 0; i < 9; i++) {
      assertThat(passwordFails(null, "user" + i)).isSameAs(Allowed.INSTANCE);
    }
    assertThat(limiter.check(Kind.TOKEN, null, null)).isSameAs(Allowed.INSTANCE);
    assertThat(limiter.check(Kind.PASSWORD, null, "user0")).isSameAs(Allowed.INSTANCE);
  }

  @Test
  void memoryStaysBoundedUnderAMillionDistinctAddressesAndABlockedClientStaysBlocked() {
    int max = 10_000;
    LocalFailureLimiter bounded = (LocalFailureLimiter) FailureLimits.builder()
        .tokensPerAddress(2, Duration.ofMinutes(1), Duration.ofMinutes(10))
        .maxTrackedKeys(max).build().limiterOn(clock);
    bounded.recordFailure(Kind.TOKEN, ADDRESS, null);
    assertThat(bounded.recordFailure(Kind.TOKEN, ADDRESS, null)).isInstanceOf(Blocked.class);
    for (int i = 0; i < 1_000_000; i++) {
      String address = "10." + (i >>> 16) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
      bounded.recordFailure(Kind.TOKEN, address, null);
      if (i % 1000 == 0) {
        // The blocked client keeps trying: a flood of fresh addresses does not push it out.
        assertThat(bounded.check(Kind.TOKEN, ADDRESS, null)).as("after %d addresses", i)
            .isInstanceOf(Blocked.class);
      }
      if (i % 100_000 == 0) {
        assertThat(bounded.tokensByAddress.size()).isLessThanOrEqualTo(max);
      }
    }
    assertThat(bounded.tokensByAddress.size()).isLessThanOrEqualTo(max);
  }

  @Test
  void aLongAddressOrUsernameIsTrackedUnderItsFirst255Characters() {
    String huge = "x".repeat(100_000);
    for (int i = 0; i < 10; i++) {
      passwordFails(huge + i, huge + i);
    }
    LocalFailureLimiter local = (LocalFailureLimiter) limiter;
    assertThat(local.passwordsByAddress.cache.asMap().keySet()).allMatch(k -> k.length() <= 255);
    assertThat(limiter.check(Kind.PASSWORD, huge, null)).isInstanceOf(Blocked.class);
  }

  @Test
  void concurrentFailuresFromManyThreadsAreCountedExactly() throws Exception {
    FailureLimiter exact = FailureLimits.builder()
        .passwordsPerAddress(FailureLimits.MAX_FAILURES, Duration.ofHours(1), Duration.ofHours(1))
        .build().limiterOn(clock);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 20; round++) {
        String address = "192.0.2." + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> blocks = new ArrayList<>();
        // 999 failures from 8 threads, then the 1000th: the block comes exactly at the 1000th.
        for (int t = 0; t < threads; t++) {
          int share = 999 / threads + (t < 999 % threads ? 1 : 0);
          blocks.add(pool.submit(() -> {
            start.await();
            int blocked = 0;
            for (int i = 0; i < share; i++) {
              if (exact.recordFailure(Kind.PASSWORD, address, null) instanceof Blocked) {
                blocked++;
              }
            }
            return blocked;
          }));
        }
        start.countDown();
        int blocked = 0;
        for (Future<Integer> f : blocks) {
          blocked += f.get(30, TimeUnit.SECONDS);
        }
        assertThat(blocked).as("blocks among the first 999 failures").isZero();
        assertThat(exact.check(Kind.PASSWORD, address, null)).isSameAs(Allowed.INSTANCE);
        assertThat(exact.recordFailure(Kind.PASSWORD, address, null)).isInstanceOf(Blocked.class);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void limitsOutOfRangeAreRefusedWithTheValueNamed() {
    assertThatThrownBy(() -> FailureLimits.builder().passwordsPerAddress(0, Duration.ofMinutes(1), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("failures must be 1 to 1000, was 0");
    assertThatThrownBy(() -> FailureLimits.builder().tokensPerAddress(5, Duration.ofMillis(10), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within must be 1 second to 1 day");
    assertThatThrownBy(() -> FailureLimits.builder().passwordsPerUsername(5, Duration.ofMinutes(1), Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockFor must be 1 second to 1 day");
    assertThatThrownBy(() -> FailureLimits.builder().maxTrackedKeys(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTrackedKeys must be 1 to 10000000, was 0");
  }

  @Test
  void aLimitSetTwiceIsRefusedNamingTheFirstValue() {
    FailureLimits.Builder builder = FailureLimits.builder()
        .passwordsPerAddress(5, Duration.ofMinutes(1), Duration.ofHours(1)).maxTrackedKeys(500);
    assertThatThrownBy(() -> builder.passwordsPerAddress(6, Duration.ofMinutes(1), Duration.ofHours(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("passwordsPerAddress was already set to 5 within PT1M block for PT1H");
    assertThatThrownBy(() -> builder.maxTrackedKeys(600)).hasMessage("maxTrackedKeys was already set to 500");
    assertThat(builder.build().maxTrackedKeys()).isEqualTo(500);
  }

  @Test
  void offAllowsEverythingAndCountsNothing() {
    FailureLimiter off = FailureLimiter.off();
    for (int i = 0; i < 100; i++) {
      assertThat(off.recordFailure(Kind.PASSWORD, ADDRESS, "bob")).isSameAs(Allowed.INSTANCE);
    }
    assertThat(off.check(Kind.PASSWORD, ADDRESS, "bob")).isSameAs(Allowed.INSTANCE);
  }
}
