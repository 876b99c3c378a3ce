package io.wvs.auth.inmemory;

import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.NoticeKey;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A thread-safe {@link TokenStore} in memory, for tests, demos and single-process hosts. Lookups
 * are lock-free (a lookup by digest is one map read, hit or miss); each single-token change is one
 * compare-and-set on the token's slot; changes spanning several
 * tokens (insert, rotate with its reuse detection, re-keying) are serialised, so every operation is
 * linearizable. It is also the {@link ExpiryNoticeStore} of the expiry e-mail jobs (an expiry
 * scan reads every token: fine in memory, which is why the JDBC store uses an index instead).
 * Each pepper key id's check value is set once ({@link #registerKeyCheck}, first writer wins).
 * Contents are lost when the process ends.
 *
 * @since 0.1
 */
public final class InMemoryTokenStore implements TokenStore, ExpiryNoticeStore {
  /** Both maps point at the same slot of a token, which holds its current record. */
  private final ConcurrentHashMap<Long, Slot> byId = new ConcurrentHashMap<>();
  /** Keyed by the digest itself (its bytes and key id), so a lookup needs no text form. */
  private final ConcurrentHashMap<TokenDigest, Slot> byDigest = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Object writeLock = new Object();
  private final ConcurrentHashMap<NoticeKey, Claim> claims = new ConcurrentHashMap<>();
  /** Pepper key id to its check value; written once per key id. */
  private final ConcurrentHashMap<String, String> keyChecks = new ConcurrentHashMap<>();

  private record Claim(String claimant, Instant leaseUntil, boolean delivered) {}

  /**
   * The current record of one token, kept as the {@code Optional} a lookup returns: made once per
   * change, so a lookup allocates nothing.
   */
  private static final class Slot {
    private final AtomicReference<Optional<TokenRecord>> current;

    Slot(TokenRecord record) {
      this.current = new AtomicReference<>(Optional.of(record));
    }

    TokenRecord get() {
      return current.get().orElseThrow();
    }

    Optional<TokenRecord> found() {
      return current.get();
    }

    /** Replaces {@code expected} by {@code next} if it is still the current record. */
    boolean compareAndSet(TokenRecord expected, TokenRecord next) {
      Optional<TokenRecord> seen = current.get();
      // Each change makes a new Optional, so the identity of seen stands for its record.
      return seen.orElseThrow() == expected && current.compareAndSet(seen, Optional.of(next));
    }
  }

  @Override
  public TokenRecord insert(NewToken token) {
    synchronized (writeLock) {
      return insertLocked(token, 0);
    }
  }

  private TokenRecord insertLocked(NewToken token, long familyId) {
    TokenDigest key = token.digest();
    if (byDigest.containsKey(key)) {
      throw new TokenConflictException("a token with this value already exists");
    }
    long id = ids.incrementAndGet();
    TokenRecord record = token.toRecord(id, familyId == 0 ? id : familyId);
    Slot slot = new Slot(record);
    byId.put(id, slot);
    byDigest.put(key, slot);
    return record;
  }

  @Override
  public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
    for (int i = 0; i < candidates.size(); i++) { // indexed: a lookup allocates nothing
      Slot slot = byDigest.get(candidates.get(i));
      if (slot != null) {
        return slot.found();
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<TokenRecord> findByDigest(TokenDigest digest) {
    Slot slot = byDigest.get(digest);
    return slot == null ? Optional.empty() : slot.found();
  }

  @Override
  public Optional<TokenRecord> findById(long id) {
    Slot slot = byId.get(id);
    return slot == null ? Optional.empty() : slot.found();
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    return records()
        .filter(query::matches)
        .sorted(Comparator.comparingLong(TokenRecord::id))
        .collect(Collectors.toList());
  }

  @Override
  public boolean revoke(long id, Instant at) {
    return update(id, r -> r.isRevoked() ? null : r.withRevokedAt(at));
  }

  /**
   * Replaces the record of token {@code id} by {@code change} of it, atomically; {@code change}
   * returns null for no change (and may run more than once under contention). Whether it changed.
   */
  private boolean update(long id, UnaryOperator<TokenRecord> change) {
    Slot slot = byId.get(id);
    if (slot == null) {
      return false;
    }
    while (true) {
      TokenRecord current = slot.get();
      TokenRecord next = change.apply(current);
      if (next == null) {
        return false;
      }
      if (slot.compareAndSet(current, next)) {
        return true;
      }
    }
  }

  private Stream<TokenRecord> records() {
    return byId.values().stream().map(Slot::get);
  }

  private int revokeFamilyLocked(long familyId, Instant at) {
    int count = 0;
    for (Slot slot : byId.values()) {
      TokenRecord r = slot.get();
      if (r.familyId() == familyId && revoke(r.id(), at)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
    return rotate(predecessorId, successor, at, null);
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at,
      Instant graceUntil) {
    synchronized (writeLock) {
      Slot predecessorSlot = byId.get(predecessorId);
      if (predecessorSlot == null) {
        return RotationResult.notFound();
      }
      TokenRecord predecessor = predecessorSlot.get();
      if (byDigest.containsKey(successor.digest())) {
        // Checked before revoking, so a conflicting successor leaves the predecessor untouched.
        throw new TokenConflictException("a token with this value already exists");
      }
      // Revoked means revoked for rotation, even within a grace period: that is reuse. The
      // revocation and the grace are one change of the slot, seen together or not at all.
      if (!update(predecessorId, r -> r.isRevoked() ? null
          : r.withRevokedAt(at).withRotationGraceUntil(graceUntil))) {
        revokeFamilyLocked(predecessor.familyId(), at);
        endRotationGrace(predecessor.familyId(), at);
        return RotationResult.reuseDetected();
      }
      return RotationResult.rotated(insertLocked(successor, predecessor.familyId()));
    }
  }

  @Override
  public int endRotationGrace(long familyId, Instant at) {
    int count = 0;
    for (Slot slot : byId.values()) {
      TokenRecord r = slot.get();
      if (r.familyId() == familyId && update(r.id(), t -> t.rotationGraceUntil() != null
          && t.rotationGraceUntil().isAfter(at) ? t.withRotationGraceUntil(at) : null)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
    return update(id, r -> r.lastUsedAt() != null && !r.lastUsedAt().isBefore(staleBefore)
        ? null : r.withLastUsedAt(at));
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore, List<String> lastUsedIps) {
    return update(id, r -> r.lastUsedAt() != null && !r.lastUsedAt().isBefore(staleBefore)
        ? null : r.withLastUsedAt(at).withLastUsedIps(lastUsedIps, 0));
  }

  @Override
  public boolean addLastUsedIp(long id, List<String> expected, int expectedAdded,
      List<String> lastUsedIps) {
    return update(id, r -> r.lastUsedIps().equals(expected) && r.lastUsedIpsAdded() == expectedAdded
        ? r.withLastUsedIps(lastUsedIps, expectedAdded + 1) : null);
  }

  @Override
  public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
    synchronized (writeLock) {
      Slot slot = byId.get(id);
      if (slot == null || byDigest.containsKey(replacement)
          || !update(id, r -> r.digest().equals(expected) ? r.withDigest(replacement) : null)) {
        return false;
      }
      byDigest.put(replacement, slot);
      byDigest.remove(expected);
      return true;
    }
  }

  @Override
  public String registerKeyCheck(String keyId, String checkValue) {
    Objects.requireNonNull(keyId, "keyId must not be null");
    Objects.requireNonNull(checkValue, "checkValue must not be null");
    // One atomic map operation: the first caller's value stays, every caller gets it back.
    String earlier = keyChecks.putIfAbsent(keyId, checkValue);
    return earlier == null ? checkValue : earlier;
  }

  @Override
  public List<TokenRecord> findExpiring(LocalDate from, LocalDate to, LocalDate afterDate,
      long afterId, int limit) {
    return records()
        .filter(r -> !r.isRevoked() && r.type() != TokenType.IMPERSONATION
            && r.expiresOn() != null && !r.expiresOn().isBefore(from) && !r.expiresOn().isAfter(to)
            && (r.expiresOn().isAfter(afterDate) || (r.expiresOn().equals(afterDate) && r.id() > afterId)))
        .sorted(Comparator.comparing(TokenRecord::expiresOn).thenComparingLong(TokenRecord::id))
        .limit(limit)
        .collect(Collectors.toList());
  }

  @Override
  public boolean claim(NoticeKey key, String claimant, Instant now, Instant leaseUntil) {
    AtomicBoolean won = new AtomicBoolean();
    claims.compute(key, (k, c) -> {
      if (c == null || (!c.delivered() && c.leaseUntil().isBefore(now))) {
        won.set(true);
        return new Claim(claimant, leaseUntil, false);
      }
      return c;
    });
    return won.get();
  }

  @Override
  public void markDelivered(NoticeKey key, String claimant, Instant at) {
    claims.computeIfPresent(key, (k, c) -> c.claimant().equals(claimant) ? new Claim(claimant, at, true) : c);
  }

  @Override
  public void release(NoticeKey key, String claimant) {
    claims.computeIfPresent(key, (k, c) -> c.claimant().equals(claimant) && !c.delivered() ? null : c);
  }

  /** {@return how many tokens are stored} */
  public int size() {
    return byId.size();
  }

  @Override
  public String toString() {
    return "InMemoryTokenStore{tokens=" + byId.size() + "}";
  }
}
