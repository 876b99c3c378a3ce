package io.wvs.auth;

import io.wvs.auth.spi.FailureLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The numbers of the bundled failed-authentication limiter: how many failures within how long
 * block what, for how long, and how many clients and usernames it keeps track of. Immutable.
 *
 * <p>{@link #defaults()}, in the spirit of the platform's git basic-auth ban:
 *
 * <ul>
 *   <li><b>passwords per client address</b>: 10 wrong git passwords from one address within 1
 *       minute block password attempts from that address for 1 hour (its tokens keep working);
 *   <li><b>tokens per client address</b>: 50 unknown or malformed tokens from one address within 1
 *       minute block every credential from that address for 10 minutes (a valid token included:
 *       otherwise the flood would go on learning which guess is right);
 *   <li><b>passwords per username</b>, from any address: 10 wrong passwords for one username within
 *       10 minutes block password attempts for that username for 10 minutes; the user's tokens are
 *       never refused for it, and the user's right password forgets the failures;
 *   <li>at most 20,000 keys tracked per counter (addresses for passwords, addresses for tokens,
 *       usernames): about 250 bytes per password key and 570 per token key (a ring of the last
 *       failure times), so about 25 MB when all three are full. Beyond the maximum, keys are
 *       forgotten by the cache's frequency-aware eviction: one-off keys go first, and a client
 *       that keeps trying stays tracked through a flood of fresh addresses.
 * </ul>
 *
 * <p>A failure counts for {@code within} after it happened: the {@code failures}-th failure less
 * than {@code within} after the first of them starts the block; a block ends exactly
 * {@code blockFor} later, and counting starts again from zero. Attempts refused while blocked are
 * not counted (they cannot extend the block).
 *
 * <pre>{@code
 * WvsAuth.builder()...
 *     .failureLimiter(FailureLimits.builder()
 *         .passwordsPerAddress(5, Duration.ofMinutes(1), Duration.ofHours(1))
 *         .maxTrackedKeys(50_000)
 *         .build()
 *         .limiterOn(clock))                // or FailureLimiter.off(), or a shared limiter
 * }</pre>
 *
 * @since 0.1
 */
public final class FailureLimits {
  /** The most failures a limit may count: each tracked key keeps that many times. */
  public static final int MAX_FAILURES = 1000;

  private static final FailureLimits DEFAULTS = builder().build();

  private final Limit passwordsPerAddress;
  private final Limit tokensPerAddress;
  private final Limit passwordsPerUsername;
  private final int maxTrackedKeys;

  private FailureLimits(Builder b) {
    this.passwordsPerAddress = b.passwordsPerAddress;
    this.tokensPerAddress = b.tokensPerAddress;
    this.passwordsPerUsername = b.passwordsPerUsername;
    this.maxTrackedKeys = b.maxTrackedKeys;
  }

  /** {@return the defaults listed in the class comment} */
  public static FailureLimits defaults() {
    return DEFAULTS;
  }

  /** {@return a builder starting from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The bundled limiter with these numbers: in this process's memory (bounded by
   * {@link #maxTrackedKeys()} per counter), thread-safe, reading time from {@code clock}. Give it
   * the clock the {@link WvsAuth} has.
   *
   * @param clock the clock windows and blocks are measured on
   * @return a new limiter, counting from nothing
   */
  public FailureLimiter limiterOn(Clock clock) {
    return new LocalFailureLimiter(this, Objects.requireNonNull(clock, "clock"));
  }

  /** {@return the limit on wrong passwords per client address} */
  public Limit passwordsPerAddress() {
    return passwordsPerAddress;
  }

  /** {@return the limit on unknown or malformed tokens per client address} */
  public Limit tokensPerAddress() {
    return tokensPerAddress;
  }

  /** {@return the limit on wrong passwords per username, from any address} */
  public Limit passwordsPerUsername() {
    return passwordsPerUsername;
  }

  /** {@return how many keys each counter tracks at most} */
  public int maxTrackedKeys() {
    return maxTrackedKeys;
  }

  @Override
  public String toString() {
    return "FailureLimits{passwordsPerAddress=" + passwordsPerAddress + ", tokensPerAddress="
        + tokensPerAddress + ", passwordsPerUsername=" + passwordsPerUsername + ", maxTrackedKeys="
        + maxTrackedKeys + "}";
  }

  /**
   * One limit: {@code failures} within {@code within} block for {@code blockFor}. Times count to
   * the millisecond.
   *
   * @param failures how many failures start a block, 1 to {@link #MAX_FAILURES}
   * @param within how long a failure counts; 1 second to 1 day
   * @param blockFor how long the block lasts; 1 second to 1 day
   */
  public record Limit(int failures, Duration within, Duration blockFor) {
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofDays(1);

    /**
     * Checks the numbers.
     *
     * @param failures how many failures start a block, 1 to {@link #MAX_FAILURES}
     * @param within how long a failure counts; 1 second to 1 day
     * @param blockFor how long the block lasts; 1 second to 1 day
     * @throws IllegalArgumentException naming the value out of range
     */
    public Limit {
      if (failures < 1 || failures > MAX_FAILURES) {
        throw new IllegalArgumentException(
            "failures must be 1 to " + MAX_FAILURES + ", was " + failures);
      }
      checkDuration(within, "within");
      checkDuration(blockFor, "blockFor");
    }

    private static void checkDuration(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
        throw new IllegalArgumentException(name + " must be 1 second to 1 day, was " + d);
      }
    }

    @Override
    public String toString() {
      return failures + " within " + within + " block for " + blockFor;
    }
  }

  /**
   * Builds {@link FailureLimits} from the defaults; not thread-safe. Each setting may be made once
   * (a second one is refused naming the first value).
   */
  public static final class Builder {
    private Limit passwordsPerAddress = new Limit(10, Duration.ofMinutes(1), Duration.ofHours(1));
    private Limit tokensPerAddress = new Limit(50, Duration.ofMinutes(1), Duration.ofMinutes(10));
    private Limit passwordsPerUsername =
        new Limit(10, Duration.ofMinutes(10), Duration.ofMinutes(10));
    private int maxTrackedKeys = 20_000;
    private final java.util.Set<String> made = new java.util.HashSet<>();

    private Builder() {}

    /** Refuses a second setting of {@code name}, naming the value it has. */
    private void once(String name, Object current) {
      if (made.contains(name)) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    /**
     * Wrong passwords from one client address.
     *
     * @param failures how many start a block (1 to {@link #MAX_FAILURES})
     * @param within how long each counts (1 second to 1 day)
     * @param blockFor how long password attempts from the address are then refused
     * @return this builder
     */
    public Builder passwordsPerAddress(int failures, Duration within, Duration blockFor) {
      once("passwordsPerAddress", this.passwordsPerAddress);
      this.passwordsPerAddress = new Limit(failures, within, blockFor);
      made.add("passwordsPerAddress");
      return this;
    }

    /**
     * Unknown or malformed tokens from one client address.
     *
     * @param failures how many start a block (1 to {@link #MAX_FAILURES})
     * @param within how long each counts (1 second to 1 day)
     * @param blockFor how long every credential from the address is then refused
     * @return this builder
     */
    public Builder tokensPerAddress(int failures, Duration within, Duration blockFor) {
      once("tokensPerAddress", this.tokensPerAddress);
      this.tokensPerAddress = new Limit(failures, within, blockFor);
      made.add("tokensPerAddress");
      return this;
    }

    /**
     * Wrong passwords for one username, from any address. Never refuses the user's tokens.
     *
     * @param failures how many start a block (1 to {@link #MAX_FAILURES})
     * @param within how long each counts (1 second to 1 day)
     * @param blockFor how long password attempts for the username are then refused
     * @return this builder
     */
    public Builder passwordsPerUsername(int failures, Duration within, Duration blockFor) {
      once("passwordsPerUsername", this.passwordsPerUsername);
      this.passwordsPerUsername = new Limit(failures, within, blockFor);
      made.add("passwordsPerUsername");
      return this;
    }

    /**
     * How many keys each of the three counters tracks at most (20,000 unless set); beyond it a
     * key is forgotten (its failures and any block), one-off keys first.
     *
     * @param max 1 to 10,000,000
     * @return this builder
     */
    public Builder maxTrackedKeys(int max) {
      once("maxTrackedKeys", this.maxTrackedKeys);
      if (max < 1 || max > 10_000_000) {
        throw new IllegalArgumentException("maxTrackedKeys must be 1 to 10000000, was " + max);
      }
      this.maxTrackedKeys = max;
      made.add("maxTrackedKeys");
      return this;
    }

    /** {@return the limits} */
    public FailureLimits build() {
      return new FailureLimits(this);
    }
  }
}
