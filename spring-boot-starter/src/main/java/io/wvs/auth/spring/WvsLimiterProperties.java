package io.wvs.auth.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code wvs.auth.limiter.*} properties: the numbers of the library's failed-authentication
 * limiter ({@link io.wvs.auth.FailureLimits}), counting in this application's memory. A value left
 * unset keeps the library's default ({@link io.wvs.auth.FailureLimits#defaults()}); a bad one
 * stops the start naming the property. An application's own
 * {@link io.wvs.auth.spi.FailureLimiter} bean (a shared limiter, or
 * {@code FailureLimiter.off()}) is used instead, and these properties then change nothing.
 *
 * @since 0.1
 */
@ConfigurationProperties("wvs.auth.limiter")
public class WvsLimiterProperties {
  /** Whether failed authentications are limited (default true); false turns limiting off. */
  private boolean enabled = true;

  /** Wrong git passwords from one client address (default 10 within 1m block for 1h, password attempts only). */
  private final Limit passwordsPerAddress = new Limit();

  /** Unknown or malformed tokens from one client address (default 50 within 1m block every credential for 10m). */
  private final Limit tokensPerAddress = new Limit();

  /** Wrong passwords for one username from any address (default 10 within 10m block its passwords for 10m, never its tokens). */
  private final Limit passwordsPerUsername = new Limit();

  /** How many client addresses or usernames each counter tracks at most, 1 to 10000000 (default 20000). */
  private Integer maxTrackedKeys;

  /** Creates the properties with their defaults. */
  public WvsLimiterProperties() {}

  /** {@return whether failed authentications are limited} */
  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled whether failed authentications are limited */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@return the limit on wrong passwords per client address} */
  public Limit getPasswordsPerAddress() {
    return passwordsPerAddress;
  }

  /** {@return the limit on unknown or malformed tokens per client address} */
  public Limit getTokensPerAddress() {
    return tokensPerAddress;
  }

  /** {@return the limit on wrong passwords per username} */
  public Limit getPasswordsPerUsername() {
    return passwordsPerUsername;
  }

  /** {@return how many keys each counter tracks at most, or null for the default} */
  public Integer getMaxTrackedKeys() {
    return maxTrackedKeys;
  }

  /** @param maxTrackedKeys how many keys each counter tracks at most */
  public void setMaxTrackedKeys(Integer maxTrackedKeys) {
    this.maxTrackedKeys = maxTrackedKeys;
  }

  /** One limit: {@code count} failures within {@code within} block for {@code block}; unset parts keep their default. */
  public static class Limit {
    /** How many failures start a block, 1 to 1000. */
    private Integer count;

    /** How long each failure counts, 1s to 1d. */
    private Duration within;

    /** How long the block lasts, 1s to 1d. */
    private Duration block;

    /** Creates a limit that keeps every default. */
    public Limit() {}

    /** {@return how many failures start a block, or null for the default} */
    public Integer getCount() {
      return count;
    }

    /** @param count how many failures start a block */
    public void setCount(Integer count) {
      this.count = count;
    }

    /** {@return how long each failure counts, or null for the default} */
    public Duration getWithin() {
      return within;
    }

    /** @param within how long each failure counts */
    public void setWithin(Duration within) {
      this.within = within;
    }

    /** {@return how long the block lasts, or null for the default} */
    public Duration getBlock() {
      return block;
    }

    /** @param block how long the block lasts */
    public void setBlock(Duration block) {
      this.block = block;
    }
  }
}
