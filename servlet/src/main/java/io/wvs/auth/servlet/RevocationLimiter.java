package io.wvs.auth.servlet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rate limit of the unauthenticated revocation endpoint: at most {@link #PER_WINDOW} requests
 * per client address in each fixed window of {@link #WINDOW}, remembered for at most
 * {@link #MAX_ADDRESSES} addresses (the least recently seen is forgotten first, so memory is
 * bounded whatever the traffic). Time comes from the instance's clock. Thread-safe.
 */
final class RevocationLimiter {
  static final int PER_WINDOW = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final Map<String, Window> windows = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  private static final class Window {
    Instant start;
    int count;

    Window(Instant start) {
      this.start = start;
    }
  }

  RevocationLimiter(Clock clock) {
    this.clock = clock;
  }

  /**
   * Counts a request from {@code address}: zero when it may go on, else the whole seconds until
   * the address's window ends (at least 1), for {@code Retry-After}.
   */
  synchronized long acquire(String address) {
    Instant now = clock.instant();
    String key = address == null ? "" : address;
    Window w = windows.get(key);
    if (w == null || !now.isBefore(w.start.plus(WINDOW)) || now.isBefore(w.start)) {
      w = new Window(now);
      windows.put(key, w);
    }
    if (w.count >= PER_WINDOW) {
      long millis = Duration.between(now, w.start.plus(WINDOW)).toMillis();
      return Math.max(1, (millis + 999) / 1000);
    }
    w.count++;
    return 0;
  }

  /** {@return how many addresses are remembered} */
  synchronized int size() {
    return windows.size();
  }
}
