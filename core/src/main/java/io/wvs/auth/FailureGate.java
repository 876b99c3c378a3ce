package io.wvs.auth;

import io.wvs.auth.AuthResult.Failure;
import io.wvs.auth.spi.FailureLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticator's side of the {@link FailureLimiter}: its answers as results, and a limiter
 * that throws kept from breaking an authentication (a check fails closed, a record is logged).
 */
final class FailureGate {
  private static final Logger LOG = LoggerFactory.getLogger(FailureGate.class);

  private final FailureLimiter limiter;

  FailureGate(FailureLimiter limiter) {
    this.limiter = limiter;
  }

  /** The limiter's answer as a refusal, or null to go on. A limiter that fails, fails closed. */
  AuthResult check(FailureLimiter.Kind kind, String address, String username) {
    FailureLimiter.Decision decision;
    try {
      decision = limiter.check(kind, address, username);
    } catch (RuntimeException e) {
      LOG.warn("failure limiter unavailable: {}", e.toString());
      return Failure.of(FailureReason.STORE_UNAVAILABLE);
    }
    return decision instanceof FailureLimiter.Blocked b ? Failure.limited(b) : null;
  }

  /** Tells the limiter of a failure; the failure that starts a block answers with the block. */
  AuthResult failed(FailureLimiter.Kind kind, String address, String username, AuthResult failure) {
    try {
      if (limiter.recordFailure(kind, address, username) instanceof FailureLimiter.Blocked b) {
        return Failure.limited(b);
      }
    } catch (RuntimeException e) {
      LOG.warn("failure limiter could not record a failure: {}", e.toString());
    }
    return failure;
  }

  /** Tells the limiter of a right password. */
  void passwordRight(String address, String username) {
    try {
      limiter.recordPasswordSuccess(address, username);
    } catch (RuntimeException e) {
      LOG.warn("failure limiter could not record a right password: {}", e.toString());
    }
  }
}
