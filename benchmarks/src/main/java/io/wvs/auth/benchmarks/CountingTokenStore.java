package io.wvs.auth.benchmarks;

import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TokenStore} that delegates every call and counts it, so a benchmark or a sanity check
 * can prove that a path made no store call (or no write). Only used where the count is expected
 * to stay at zero inside the measured path, so the counting costs nothing there.
 */
final class CountingTokenStore implements TokenStore {
  private final TokenStore delegate;
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong lastUsedWrites = new AtomicLong();

  CountingTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  /** Every call made since the last {@link #reset()}. */
  long calls() {
    return reads.get() + writes.get();
  }

  /** Lookups ({@code findBy*}, {@code find}) since the last {@link #reset()}. */
  long reads() {
    return reads.get();
  }

  /** State changes since the last {@link #reset()}. */
  long writes() {
    return writes.get();
  }

  /** {@code recordLastUsed} calls since the last {@link #reset()}. */
  long lastUsedWrites() {
    return lastUsedWrites.get();
  }

  void reset() {
    reads.set(0);
    writes.set(0);
    lastUsedWrites.set(0);
  }

  @Override
  public TokenRecord insert(NewToken token) {
    writes.incrementAndGet();
    return delegate.insert(token);
  }

  @Override
  public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
    reads.incrementAndGet();
    return delegate.findByDigest(candidates);
  }

  @Override
  public Optional<TokenRecord> findByDigest(TokenDigest digest) {
    reads.incrementAndGet();
    return delegate.findByDigest(digest);
  }

  @Override
  public Optional<TokenRecord> findById(long id) {
    reads.incrementAndGet();
    return delegate.findById(id);
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    reads.incrementAndGet();
    return delegate.find(query);
  }

  @Override
  public boolean revoke(long id, Instant at) {
    writes.incrementAndGet();
    return delegate.revoke(id, at);
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
    writes.incrementAndGet();
    return delegate.rotate(predecessorId, successor, at);
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
    writes.incrementAndGet();
    lastUsedWrites.incrementAndGet();
    return delegate.recordLastUsed(id, at, staleBefore);
  }

  @Override
  public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
    writes.incrementAndGet();
    return delegate.replaceDigest(id, expected, replacement);
  }

  @Override
  public String registerKeyCheck(String keyId, String checkValue) {
    writes.incrementAndGet();
    return delegate.registerKeyCheck(keyId, checkValue);
  }

  @Override
  public String toString() {
    return "CountingTokenStore{reads=" + reads + ", writes=" + writes + ", delegate=" + delegate + "}";
  }
}
