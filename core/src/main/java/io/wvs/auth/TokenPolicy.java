package io.wvs.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Instance-wide token rules. Immutable and thread-safe; build with {@link #builder()} or take
 * {@link #defaults()}:
 *
 * <ul>
 *   <li>expiry required: on (a token created without a date gets the maximum lifetime);
 *   <li>maximum lifetime: 365 days (may be lowered, never raised above 365 days);
 *   <li>personal-token expiry enforced: on (off lets expired personal and impersonation tokens
 *       keep working, as the platform's toggle does);
 *   <li>prefixes: {@code wvspat-} for user, project and group tokens, {@code wvsdt-} for deploy;
 *   <li>last-used interval: 24 hours;
 *   <li>client addresses of recent uses ({@code last_used_ips}): not recorded;
 *   <li>rotation grace period: none (a rotated token stops working at once);
 *   <li>impersonation tokens: enabled;
 *   <li>container registry: disabled (registry scopes are refused until the host enables it).
 * </ul>
 *
 * <p>Every token expires at 00:00 UTC on its expiry date: see {@link #isExpired(LocalDate, Instant)}.
 *
 * @since 0.1
 */
public final class TokenPolicy {
  /** The platform's ceiling on token lifetime. */
  public static final int MAX_LIFETIME_DAYS = 365;
  private static final long SECONDS_PER_DAY = 86_400;
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,20}");
  private static final TokenPolicy DEFAULTS = builder().build();

  private final boolean expiryRequired;
  private final int maxLifetimeDays;
  private final boolean personalExpiryEnforced;
  private final String userTokenPrefix;
  private final String deployTokenPrefix;
  private final Duration lastUsedInterval;
  private final boolean impersonationEnabled;
  private final boolean registryEnabled;
  private final boolean lastUsedIpsRecorded;
  private final Duration rotationGracePeriod;

  private TokenPolicy(Builder b) {
    this.expiryRequired = b.expiryRequired;
    this.maxLifetimeDays = b.maxLifetimeDays;
    this.personalExpiryEnforced = b.personalExpiryEnforced;
    this.userTokenPrefix = b.userTokenPrefix;
    this.deployTokenPrefix = b.deployTokenPrefix;
    this.lastUsedInterval = b.lastUsedInterval;
    this.impersonationEnabled = b.impersonationEnabled;
    this.registryEnabled = b.registryEnabled;
    this.lastUsedIpsRecorded = b.lastUsedIpsRecorded;
    this.rotationGracePeriod = b.rotationGracePeriod;
  }

  /** {@return the default policy} */
  public static TokenPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder starting from this policy's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.expiryRequired = expiryRequired;
    b.maxLifetimeDays = maxLifetimeDays;
    b.personalExpiryEnforced = personalExpiryEnforced;
    b.userTokenPrefix = userTokenPrefix;
    b.deployTokenPrefix = deployTokenPrefix;
    b.lastUsedInterval = lastUsedInterval;
    b.impersonationEnabled = impersonationEnabled;
    b.registryEnabled = registryEnabled;
    b.lastUsedIpsRecorded = lastUsedIpsRecorded;
    b.rotationGracePeriod = rotationGracePeriod;
    return b;
  }

  /**
   * Whether a token with expiry date {@code expiresOn} is expired at {@code now}: from 00:00 UTC
   * on that date onwards. A null date never expires.
   *
   * @param expiresOn the expiry date, or null for never
   * @param now the current time
   * @return true if the token is expired at {@code now}
   */
  public static boolean isExpired(LocalDate expiresOn, Instant now) {
    // 00:00 UTC of the date, in epoch seconds, computed without allocating (every authentication).
    return expiresOn != null && now.getEpochSecond() >= expiresOn.toEpochDay() * SECONDS_PER_DAY;
  }

  /** {@return whether every token must expire} */
  public boolean expiryRequired() {
    return expiryRequired;
  }

  /** {@return the maximum token lifetime in days} */
  public int maxLifetimeDays() {
    return maxLifetimeDays;
  }

  /** {@return whether expired personal and impersonation tokens are refused} */
  public boolean personalExpiryEnforced() {
    return personalExpiryEnforced;
  }

  /** {@return the prefix of personal, impersonation, project and group tokens} */
  public String userTokenPrefix() {
    return userTokenPrefix;
  }

  /** {@return the prefix of deploy tokens} */
  public String deployTokenPrefix() {
    return deployTokenPrefix;
  }

  /** {@return how often a token's last use is written at most} */
  public Duration lastUsedInterval() {
    return lastUsedInterval;
  }

  /** {@return whether impersonation tokens may be created and used} */
  public boolean impersonationEnabled() {
    return impersonationEnabled;
  }

  /** {@return whether the host runs a container registry} */
  public boolean registryEnabled() {
    return registryEnabled;
  }

  /** {@return whether the client addresses of a token's last few distinct uses are recorded} */
  public boolean lastUsedIpsRecorded() {
    return lastUsedIpsRecorded;
  }

  /**
   * {@return how long a rotated token keeps working after its rotation, unless its successor is
   * used first; zero for none}
   */
  public Duration rotationGracePeriod() {
    return rotationGracePeriod;
  }

  /** Whether expiry stops a token of {@code type} (false for user tokens when enforcement is off). */
  boolean expiryEnforcedFor(TokenType type) {
    return personalExpiryEnforced || !type.belongsToUser();
  }

  @Override
  public String toString() {
    return "TokenPolicy{expiryRequired=" + expiryRequired + ", maxLifetimeDays=" + maxLifetimeDays
        + ", personalExpiryEnforced=" + personalExpiryEnforced + ", userTokenPrefix="
        + userTokenPrefix + ", deployTokenPrefix=" + deployTokenPrefix + ", lastUsedInterval="
        + lastUsedInterval + ", impersonationEnabled=" + impersonationEnabled
        + ", registryEnabled=" + registryEnabled + ", lastUsedIpsRecorded=" + lastUsedIpsRecorded
        + ", rotationGracePeriod=" + rotationGracePeriod + "}";
  }

  /**
   * Builds a {@link TokenPolicy}; not thread-safe. Every setter validates its argument, and each
   * setting may be made once (a second one is refused with the first value named; a builder from
   * {@link #toBuilder()} starts with nothing set, so each setting may be changed once).
   */
  public static final class Builder {
    /** The settings made through this builder's setters. */
    private final Set<String> made = new HashSet<>();
    private boolean expiryRequired = true;
    private int maxLifetimeDays = MAX_LIFETIME_DAYS;
    private boolean personalExpiryEnforced = true;
    private String userTokenPrefix = "wvspat-";
    private String deployTokenPrefix = "wvsdt-";
    private Duration lastUsedInterval = Duration.ofHours(24);
    private boolean impersonationEnabled = true;
    private boolean registryEnabled = false;
    private boolean lastUsedIpsRecorded = true;
    private Duration rotationGracePeriod = Duration.ZERO;

    private Builder() {}

    /**
     * Whether every token must expire. Default true.
     *
     * @param required true if every token must expire
     * @return this builder
     */
    public Builder expiryRequired(boolean required) {
      requireUnset("expiryRequired", expiryRequired);
      made.add("expiryRequired");
      this.expiryRequired = required;
      return this;
    }

    /**
     * Maximum lifetime in days, 1 to 365. Default 365.
     *
     * @param days the maximum lifetime in days
     * @return this builder
     * @throws IllegalArgumentException if {@code days} is out of range
     */
    public Builder maxLifetimeDays(int days) {
      requireUnset("maxLifetimeDays", maxLifetimeDays);
      if (days < 1 || days > MAX_LIFETIME_DAYS) {
        throw new IllegalArgumentException(
            "maxLifetimeDays must be between 1 and " + MAX_LIFETIME_DAYS + ", was " + days);
      }
      made.add("maxLifetimeDays");
      this.maxLifetimeDays = days;
      return this;
    }

    /**
     * Whether expired personal and impersonation tokens are refused. Default true.
     *
     * @param enforced true to refuse expired user tokens
     * @return this builder
     */
    public Builder personalExpiryEnforced(boolean enforced) {
      requireUnset("personalExpiryEnforced", personalExpiryEnforced);
      made.add("personalExpiryEnforced");
      this.personalExpiryEnforced = enforced;
      return this;
    }

    /**
     * Prefix of personal, impersonation, project and group tokens. Default {@code wvspat-}.
     *
     * @param prefix 1 to 20 of {@code [A-Za-z0-9_-]}
     * @return this builder
     */
    public Builder userTokenPrefix(String prefix) {
      requireUnset("userTokenPrefix", userTokenPrefix);
      String checked = checkPrefix(prefix);
      made.add("userTokenPrefix");
      this.userTokenPrefix = checked;
      return this;
    }

    /**
     * Prefix of deploy tokens. Default {@code wvsdt-}.
     *
     * @param prefix 1 to 20 of {@code [A-Za-z0-9_-]}
     * @return this builder
     */
    public Builder deployTokenPrefix(String prefix) {
      requireUnset("deployTokenPrefix", deployTokenPrefix);
      String checked = checkPrefix(prefix);
      made.add("deployTokenPrefix");
      this.deployTokenPrefix = checked;
      return this;
    }

    /**
     * How often a token's last use is written at most. Default 24 hours; 1 second to 7 days.
     *
     * @param interval the minimum time between two writes
     * @return this builder
     */
    public Builder lastUsedInterval(Duration interval) {
      requireUnset("lastUsedInterval", lastUsedInterval);
      if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0
          || interval.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException(
            "lastUsedInterval must be between 1 second and 7 days, was " + interval);
      }
      made.add("lastUsedInterval");
      this.lastUsedInterval = interval;
      return this;
    }

    /**
     * Whether impersonation tokens may be created and used. Default true.
     *
     * @param enabled true to allow impersonation tokens
     * @return this builder
     */
    public Builder impersonationEnabled(boolean enabled) {
      requireUnset("impersonationEnabled", impersonationEnabled);
      made.add("impersonationEnabled");
      this.impersonationEnabled = enabled;
      return this;
    }

    /**
     * Whether the host runs a container registry (enables the registry scopes). Default false.
     *
     * @param enabled true if the host runs a container registry
     * @return this builder
     */
    public Builder registryEnabled(boolean enabled) {
      requireUnset("registryEnabled", registryEnabled);
      made.add("registryEnabled");
      this.registryEnabled = enabled;
      return this;
    }

    /**
     * Whether the client address of each use ({@link AuthRequest.Builder#clientAddress}) is
     * recorded: a token keeps those of its last 5 distinct uses, most recent first, shown as
     * {@link TokenView#lastUsedIps()} and {@code last_used_ips} in the REST API. Recorded with the
     * last use, never one write per request: at most one write per token per
     * {@linkplain #lastUsedInterval interval}, plus one per new address, at most 5 per token and
     * interval. Default true, as the platform shows them for every token; an address is personal
     * data, kept until the token's row is deleted, so a host that must not keep it turns this off.
     * Turned off, recorded addresses are neither updated nor shown.
     *
     * @param record true to record the addresses
     * @return this builder
     */
    public Builder lastUsedIpsRecorded(boolean record) {
      requireUnset("lastUsedIpsRecorded", lastUsedIpsRecorded);
      made.add("lastUsedIpsRecorded");
      this.lastUsedIpsRecorded = record;
      return this;
    }

    /**
     * How long a rotated token keeps working after its rotation: until its successor is first
     * used or the period ends, whichever comes first, so jobs still holding the old value finish.
     * Presenting it to rotation again is still reuse and revokes the whole family, and revoking it
     * ends its grace at once. Default zero (none); at most 24 hours. The trade-off: a leaked token
     * rotated away works on for up to this long unless its successor is used.
     *
     * @param grace the period, zero for none
     * @return this builder
     * @throws IllegalArgumentException if {@code grace} is negative or over 24 hours
     */
    public Builder rotationGracePeriod(Duration grace) {
      requireUnset("rotationGracePeriod", rotationGracePeriod);
      if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofHours(24)) > 0) {
        throw new IllegalArgumentException(
            "rotationGracePeriod must be between zero and 24 hours, was " + grace);
      }
      made.add("rotationGracePeriod");
      this.rotationGracePeriod = grace;
      return this;
    }

    private void requireUnset(String name, Object current) {
      if (made.contains(name)) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    private static String checkPrefix(String prefix) {
      if (prefix == null || !PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "token prefix must match [A-Za-z0-9_-]{1,20}, was '" + prefix + "'");
      }
      return prefix;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if one token prefix is a prefix of the other
     */
    public TokenPolicy build() {
      if (userTokenPrefix.startsWith(deployTokenPrefix) || deployTokenPrefix.startsWith(userTokenPrefix)) {
        throw new IllegalArgumentException("token prefixes must not be prefixes of each other: '"
            + userTokenPrefix + "', '" + deployTokenPrefix + "'");
      }
      return new TokenPolicy(this);
    }
  }
}
