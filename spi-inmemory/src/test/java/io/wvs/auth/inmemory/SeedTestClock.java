package io.wvs.auth.inmemory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves by hand. Thread-safe; {@link #withZone} returns a view of the same
 * instant, so moving one moves both.
 */
final class SeedTestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  SeedTestClock(Instant start) {
    this(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  private SeedTestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** Sets the time to {@code iso}, an ISO-8601 instant such as {@code 2025-03-09T23:59:59Z}. */
  void set(String iso) {
    set(Instant.parse(iso));
  }

  void set(Instant instant) {
    now.set(instant);
  }

  void advance(Duration duration) {
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
    return new SeedTestClock(now, zone);
  }

  @Override
  public String toString() {
    return "SeedTestClock{" + now.get() + ", " + zone + "}";
  }
}
