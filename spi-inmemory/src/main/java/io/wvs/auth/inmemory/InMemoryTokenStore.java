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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A thread-safe {@link TokenStore} in memory, for tests, demos and single-process hosts. Lookups
 * are lock-free; each single-token change is one atomic map operation; changes spanning several
 * tokens (insert, rotate, family revocation, re-keying) are serialised, so every operation is
 * linearizable. It is also the {@link ExpiryNoticeStore} of the expiry e-mail jobs (an expiry
 * scan reads every token: fine in memory, which is why the JDBC store uses an index instead).
 * Contents are lost when the process ends.
 *
 * @since 0.1
 */
public final class InMemoryTokenStore implements TokenStore, ExpiryNoticeStore {
  private final ConcurrentHashMap<Long, TokenRecord> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> idByDigest = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Object writeLock = new Object();
  private final ConcurrentHashMap<NoticeKey, Claim> claims = new ConcurrentHashMap<>();

  private record Claim(String claimant, Instant leaseUntil, boolean delivered) {}

  @Override
  public TokenRecord insert(NewToken token) {
    synchronized (writeLock) {
      return insertLocked(token, 0);
    }
  }

  private TokenRecord insertLocked(NewToken token, long familyId) {
    String key = token.digest().encoded();
    if (idByDigest.containsKey(key)) {
      throw new TokenConflictException("a token with this value already exists");
    }
    long id = ids.incrementAndGet();
    TokenRecord record = token.toRecord(id, familyId == 0 ? id : familyId);
    byId.put(id, record);
    idByDigest.put(key, id);
    return record;
  }

  @Override
  public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
    for (TokenDigest candidate : candidates) {
      Long id = idByDigest.get(candidate.encoded());
      if (id != null) {
        TokenRecord record = byId.get(id);
        if (record != null) {
          return Optional.of(record);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<TokenRecord> findById(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    return byId.values().stream()
        .filter(query::matches)
        .sorted(Comparator.comparingLong(TokenRecord::id))
        .collect(Collectors.toList());
  }

  @Override
  public boolean revoke(long id, Instant at) {
    AtomicBoolean changed = new AtomicBoolean();
    byId.computeIfPresent(id, (k, r) -> {
      if (r.isRevoked()) {
        return r;
      }
      changed.set(true);
      return r.withRevokedAt(at);
    });
    return changed.get();
  }

  @Override
  public int revokeFamily(long familyId, Instant at) {
    synchronized (writeLock) {
      return revokeFamilyLocked(familyId, at);
    }
  }

  private int revokeFamilyLocked(long familyId, Instant at) {
    int count = 0;
    for (TokenRecord r : byId.values()) {
      if (r.familyId() == familyId && revoke(r.id(), at)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
    synchronized (writeLock) {
      TokenRecord predecessor = byId.get(predecessorId);
      if (predecessor == null) {
        return RotationResult.notFound();
      }
      if (idByDigest.containsKey(successor.digest().encoded())) {
        // Checked before revoking, so a conflicting successor leaves the predecessor untouched.
        throw new TokenConflictException("a token with this value already exists");
      }
      if (!revoke(predecessorId, at)) {
        revokeFamilyLocked(predecessor.familyId(), at);
        return RotationResult.reuseDetected();
      }
      return RotationResult.rotated(insertLocked(successor, predecessor.familyId()));
    }
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
    AtomicBoolean written = new AtomicBoolean();
    byId.computeIfPresent(id, (k, r) -> {
      if (r.lastUsedAt() != null && !r.lastUsedAt().isBefore(staleBefore)) {
        return r;
      }
      written.set(true);
      return r.withLastUsedAt(at);
    });
    return written.get();
  }

  @Override
  public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
    synchronized (writeLock) {
      AtomicBoolean replaced = new AtomicBoolean();
      byId.computeIfPresent(id, (k, r) -> {
        if (!r.digest().equals(expected) || idByDigest.containsKey(replacement.encoded())) {
          return r;
        }
        replaced.set(true);
        return r.withDigest(replacement);
      });
      if (replaced.get()) {
        idByDigest.remove(expected.encoded());
        idByDigest.put(replacement.encoded(), id);
      }
      return replaced.get();
    }
  }

  @Override
  public List<TokenRecord> findExpiring(LocalDate from, LocalDate to, LocalDate afterDate,
      long afterId, int limit) {
    return byId.values().stream()
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

  /** How many tokens are stored. */
  public int size() {
    return byId.size();
  }

  @Override
  public String toString() {
    return "InMemoryTokenStore{tokens=" + byId.size() + "}";
  }
}
