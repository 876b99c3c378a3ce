package io.wvs.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.wvs.auth.spi.FailureLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The bundled {@link FailureLimiter}: three counters (passwords per address, tokens per address,
 * passwords per username), each a Caffeine cache of at most {@link FailureLimits#maxTrackedKeys()}
 * sliding windows, expiring on the injected clock (Caffeine rather than Guava's cache: its miss,
 * the valid token's path, is a plain hash lookup without a clock read or shared counter). Thread-safe: a failure is recorded under the
 * cache's lock for its key, so concurrent failures are counted exactly while the key is tracked.
 */
final class LocalFailureLimiter implements FailureLimiter {
  /** Longer keys (no address or username is that long) are cut: their memory stays bounded. */
  static final int MAX_KEY_LENGTH = 255;

  private final FailureLimits limits;
  private final Clock clock;
  final Counter passwordsByAddress;
  final Counter tokensByAddress;
  final Counter passwordsByUsername;

  LocalFailureLimiter(FailureLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.passwordsByAddress = new Counter(limits.passwordsPerAddress(), Basis.CLIENT_ADDRESS,
        limits.maxTrackedKeys(), ticker);
    this.tokensByAddress = new Counter(limits.tokensPerAddress(), Basis.CLIENT_ADDRESS,
        limits.maxTrackedKeys(), ticker);
    this.passwordsByUsername = new Counter(limits.passwordsPerUsername(), Basis.USERNAME,
        limits.maxTrackedKeys(), ticker);
  }

  @Override
  public Decision check(Kind kind, String clientAddress, String username) {
    if (kind == Kind.TOKEN) {
      return clientAddress == null ? Allowed.INSTANCE : tokensByAddress.check(key(clientAddress), clock);
    }
    Decision byAddress = clientAddress == null ? Allowed.INSTANCE
        : passwordsByAddress.check(key(clientAddress), clock);
    if (byAddress != Allowed.INSTANCE || username == null) {
      return byAddress;
    }
    return passwordsByUsername.check(usernameKey(username), clock);
  }

  @Override
  public Decision recordFailure(Kind kind, String clientAddress, String username) {
    long now = clock.millis();
    if (kind == Kind.TOKEN) {
      return clientAddress == null ? Allowed.INSTANCE : tokensByAddress.fail(key(clientAddress), now);
    }
    Decision byAddress = clientAddress == null ? Allowed.INSTANCE
        : passwordsByAddress.fail(key(clientAddress), now);
    Decision byUsername = username == null ? Allowed.INSTANCE
        : passwordsByUsername.fail(usernameKey(username), now);
    return byAddress != Allowed.INSTANCE ? byAddress : byUsername;
  }

  @Override
  public void recordPasswordSuccess(String clientAddress, String username) {
    if (username != null) {
      passwordsByUsername.map.remove(usernameKey(username));
    }
  }

  private static String key(String text) {
    return text.length() > MAX_KEY_LENGTH ? text.substring(0, MAX_KEY_LENGTH) : text;
  }

  /** Usernames are told apart without case, as a directory may match them. */
  private static String usernameKey(String username) {
    return key(username).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "LocalFailureLimiter" + limits;
  }

  /** One limit's sliding windows, by key. */
  static final class Counter {
    private final int failures;
    private final long withinMillis;
    private final long blockMillis;
    private final Basis basis;
    final Cache<String, Window> cache;
    private final ConcurrentMap<String, Window> map;

    Counter(FailureLimits.Limit limit, Basis basis, int maxKeys, Ticker ticker) {
      this.failures = limit.failures();
      this.withinMillis = limit.within().toMillis();
      this.blockMillis = limit.blockFor().toMillis();
      this.basis = basis;
      // A key is worth keeping while one of its failures still counts or its block lasts; a
      // failure (a write) restarts that time.
      this.cache = Caffeine.newBuilder()
          .maximumSize(maxKeys)
          .expireAfterWrite(Duration.ofMillis(Math.max(withinMillis, blockMillis)))
          .ticker(ticker)
          // Evictions run on the failing thread, so the bound holds without a background task.
          .executor(Runnable::run)
          .build();
      this.map = cache.asMap();
    }

    /** One lookup; a key without failures costs the hash of the key and nothing else. */
    Decision check(String key, Clock clock) {
      Window w = cache.getIfPresent(key);
      if (w == null) {
        return Allowed.INSTANCE;
      }
      return decision(w.blockedUntil, clock.millis());
    }

    Decision fail(String key, long now) {
      long[] blockedUntil = {0};
      map.compute(key, (k, w) -> {
        Window window = w == null ? new Window(failures) : w;
        blockedUntil[0] = window.fail(now, withinMillis, blockMillis);
        return window;
      });
      return blockedUntil[0] == 0 ? Allowed.INSTANCE : decision(blockedUntil[0], now);
    }

    private Decision decision(long blockedUntil, long now) {
      long left = blockedUntil - now;
      return left > 0 ? new Blocked(basis, Duration.ofMillis(left)) : Allowed.INSTANCE;
    }

    /** {@return how many keys are tracked now, pending evictions done} */
    long size() {
      cache.cleanUp();
      return cache.estimatedSize();
    }
  }

  /**
   * The times of the last failures of one key (a ring of {@code failures} entries) and the end of
   * its block. Changed only inside the cache's compute for its key; the end is read without it.
   */
  static final class Window {
    private final long[] times;
    private int next;
    private int count;
    volatile long blockedUntil;

    Window(int failures) {
      this.times = new long[failures];
    }

    /** Records a failure at {@code now}; {@return the end of the block it started, or 0} */
    long fail(long now, long withinMillis, long blockMillis) {
      if (blockedUntil > now) {
        return 0; // refused already: a failure while blocked does not extend the block
      }
      times[next] = now;
      next = (next + 1) % times.length;
      if (count < times.length) {
        count++;
      }
      // With the ring full, times[next] is the oldest of the last `failures` failures.
      if (count == times.length && now - times[next] < withinMillis) {
        count = 0;
        blockedUntil = now + blockMillis;
        return blockedUntil;
      }
      return 0;
    }
  }
}
