package io.wvs.auth;

import io.wvs.auth.spi.TokenRecord;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a successful use of a token writes, best effort and as little as possible: its last use and
 * client address ({@link TokenPolicy.Builder#lastUsedInterval}, {@link
 * TokenPolicy.Builder#lastUsedIpsRecorded}) and the end of its predecessors' rotation grace
 * ({@link TokenPolicy.Builder#rotationGracePeriod}). A failing write is logged and never denies
 * the request. Thread-safe.
 */
final class TokenUses {
  private static final Logger LOG = LoggerFactory.getLogger(TokenUses.class);

  private final Engine engine;

  TokenUses(Engine engine) {
    this.engine = engine;
  }

  /** Records a successful use of {@code token} at {@code now} from {@code clientAddress} (or null). */
  void record(TokenRecord token, Instant now, String clientAddress) {
    endGraceOnFirstUse(token, now); // before the last-used write: see endGraceOnFirstUse
    recordUse(token, now, clientAddress);
  }

  /**
   * One conditional write per interval, plus one per new client address while fewer than
   * {@link TokenRecord#MAX_LAST_USED_IPS} were added in the interval; a use from a known address,
   * or without one, within the interval writes nothing and allocates nothing. Losing the race, or
   * failing, never denies the request.
   */
  private void recordUse(TokenRecord token, Instant now, String clientAddress) {
    Duration interval = engine.policy.lastUsedInterval();
    // Decided without making an Instant: a fresh use from no new address, the usual case, stops here.
    boolean stale = token.lastUsedAt() == null || isBefore(token.lastUsedAt(), now, interval);
    String ip = engine.policy.lastUsedIpsRecorded() && ClientAddresses.recordable(clientAddress)
        ? clientAddress : null;
    boolean newAddress = ip != null && token.lastUsedIpsAdded() < TokenRecord.MAX_LAST_USED_IPS
        && !token.lastUsedIps().contains(ip);
    if (!stale && !newAddress) {
      return;
    }
    try {
      if (!stale) {
        engine.store.addLastUsedIp(token.id(), token.lastUsedIps(), token.lastUsedIpsAdded(),
            ClientAddresses.withFirst(token.lastUsedIps(), ip));
      } else if (ip == null) {
        engine.store.recordLastUsed(token.id(), now, now.minus(interval));
      } else {
        engine.store.recordLastUsed(token.id(), now, now.minus(interval),
            ClientAddresses.withFirst(token.lastUsedIps(), ip));
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record last use of token {}: {}", token.id(), e.toString());
    }
  }

  /**
   * A successor's first use ends its predecessors' grace period (one conditional statement, once
   * per successor), before that use's last-used write: a concurrent use that already sees the
   * write skips this, so the grace must have ended by then. Best effort: failing leaves the grace
   * to end at its time (and the next use, still seeing no last use, tries again).
   */
  private void endGraceOnFirstUse(TokenRecord token, Instant now) {
    // Only an active successor ends it: a predecessor working out its own grace does not.
    if (token.lastUsedAt() != null || token.id() == token.familyId() || token.revokedAt() != null
        || engine.policy.rotationGracePeriod().isZero()) {
      return;
    }
    try {
      engine.store.endRotationGrace(token.familyId(), now);
    } catch (RuntimeException e) {
      LOG.warn("could not end the rotation grace of family {}: {}", token.familyId(), e.toString());
    }
  }

  /** Whether {@code at} is before {@code now - interval}, without allocating. */
  static boolean isBefore(Instant at, Instant now, Duration interval) {
    long seconds = now.getEpochSecond() - interval.getSeconds();
    int nanos = now.getNano() - interval.getNano();
    if (nanos < 0) {
      seconds--;
      nanos += 1_000_000_000;
    }
    return at.getEpochSecond() < seconds || (at.getEpochSecond() == seconds && at.getNano() < nanos);
  }
}
