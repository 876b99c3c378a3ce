package io.wvs.auth.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Counts failed authentications and says when a client must wait: the failed-authentication
 * limiter {@link io.wvs.auth.TokenAuthenticator} asks before checking a credential and tells after
 * a failure. The default ({@code io.wvs.auth.FailureLimits.defaults()}, on the instance's clock)
 * counts in this process; a host with several instances behind a balancer may plug one that counts
 * in a shared store ({@code WvsAuth.builder().failureLimiter(...)}), and {@link #off()} turns
 * limiting off. Implementations must be thread-safe, should not throw (a {@link #check} that
 * throws fails the attempt closed, as {@link io.wvs.auth.FailureReason#STORE_UNAVAILABLE}; a
 * {@link #recordFailure} that throws is logged and the attempt's own failure stands), and should
 * cost no more than a map lookup in {@link #check}: it runs before every token is checked, the
 * valid ones included.
 *
 * <p>The rules every implementation keeps, which the authenticator relies on:
 *
 * <ul>
 *   <li>A {@link Kind#TOKEN} attempt is never refused because of its username: a user whose
 *       password is being guessed from many addresses keeps using their tokens. The authenticator
 *       passes no username with a token attempt.
 *   <li>An attempt without a client address is counted by username only (a password attempt), never
 *       under a shared "unknown address" key that would let one client block everybody.
 *   <li>Only failures are recorded; a valid token is never written down.
 * </ul>
 *
 * @since 0.1
 */
public interface FailureLimiter {

  /** What a credential is tried as. */
  enum Kind {
    /** A git password (basic auth with a username, a credential that is no known token). */
    PASSWORD,
    /** A token, presented anywhere: header, parameter or basic auth. */
    TOKEN
  }

  /** What a limited attempt counts against, for the client's message. */
  enum Basis {
    /** The client address has failed too often. */
    CLIENT_ADDRESS,
    /** The username has had too many failed passwords, from any address (its tokens still work). */
    USERNAME
  }

  /**
   * Whether an attempt may go on: {@link Allowed} or {@link Blocked}.
   *
   * @since 0.1
   */
  sealed interface Decision permits Allowed, Blocked {
    /** {@return whether the attempt may go on} */
    boolean allowed();
  }

  /** The attempt may go on. One instance: {@link #INSTANCE}. */
  enum Allowed implements Decision {
    /** The one instance. */
    INSTANCE;

    @Override
    public boolean allowed() {
      return true;
    }
  }

  /**
   * The attempt is refused without checking the credential, even a right one, until the block
   * ends.
   *
   * @param basis what failed too often: the client address or the username
   * @param retryAfter how long until the block ends (positive; the HTTP {@code Retry-After})
   */
  record Blocked(Basis basis, Duration retryAfter) implements Decision {
    /**
     * Checks the values.
     *
     * @param basis what failed too often
     * @param retryAfter how long until the block ends; positive
     */
    public Blocked {
      Objects.requireNonNull(basis, "basis");
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
      }
    }

    @Override
    public boolean allowed() {
      return false;
    }
  }

  /**
   * Whether an attempt may go on. Called before the credential is checked; must not count
   * anything.
   *
   * @param kind what the credential is tried as
   * @param clientAddress the client's address as the host resolved it, or null when unknown
   * @param username the basic-auth username of a {@link Kind#PASSWORD} attempt; null for a token
   * @return {@link Allowed#INSTANCE}, or {@link Blocked} with the time left
   */
  Decision check(Kind kind, String clientAddress, String username);

  /**
   * Records a failed attempt: a password that is wrong, or a credential that is no known token.
   *
   * @param kind what the credential was tried as
   * @param clientAddress the client's address as the host resolved it, or null when unknown
   * @param username the basic-auth username of a {@link Kind#PASSWORD} attempt; null for a token
   * @return {@link Blocked} when this failure starts a block (the client is told at once), else
   *     {@link Allowed#INSTANCE}
   */
  Decision recordFailure(Kind kind, String clientAddress, String username);

  /**
   * Records a right password (tokens are never recorded). The default does nothing; the bundled
   * limiter forgets the username's failures, since only someone who knows the password can do it,
   * and keeps the address's, since anyone can log in to an account of their own.
   *
   * @param clientAddress the client's address as the host resolved it, or null when unknown
   * @param username the username whose password was right
   */
  default void recordPasswordSuccess(String clientAddress, String username) {}

  /**
   * {@return a limiter that allows everything and counts nothing: limiting is off, as the host
   * chose}
   */
  static FailureLimiter off() {
    return OffLimiter.INSTANCE;
  }
}
