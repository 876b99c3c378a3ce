package io.wvs.auth.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves by hand, for building {@link io.wvs.auth.WvsAuth} with a time that only
 * changes when the test says so. Thread-safe; {@link #withZone} returns a view of the same instant,
 * so moving one moves both.
 *
 * <pre>{@code
 * TestClock clock = new TestClock(Instant.parse("2026-03-10T12:00:00Z"));
 * clock.advance(Duration.ofDays(1));
 * }</pre>
 *
 * @since 0.1
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /**
   * A UTC clock standing at {@code start}.
   *
   * @param start the instant the clock shows until moved
   */
  public TestClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Sets the time.
   *
   * @param iso an ISO-8601 instant such as {@code 2025-03-09T23:59:59Z}
   */
  public void set(String iso) {
    set(Instant.parse(iso));
  }

  /**
   * Sets the time.
   *
   * @param instant the instant the clock shows from now on
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /**
   * Moves the time forward (or back, for a negative duration).
   *
   * @param duration how far to move
   */
  public void advance(Duration duration) {
    now.updateAndGet(i -> i.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(now, zone);
  }

  @Override
  public String toString() {
    return "TestClock{" + now.get() + ", " + zone + "}";
  }
}
