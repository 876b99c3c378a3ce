package io.wvs.auth.tck;

import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link TokenStore} (it delegates every call) that counts the calls made to it and the
 * last-used writes that took effect, for tests that pin how many store calls an operation makes.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class CountingTokenStore extends ForwardingTokenStore {
  private final TokenStore delegate;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger lastUsedWrites = new AtomicInteger();

  /**
   * Counts the calls made to {@code delegate}.
   *
   * @param delegate the store every call goes to
   */
  public CountingTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  private void count(String method) {
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * How many calls of any method were made since the last {@link #reset()}.
   *
   * @return the number of calls
   */
  public int calls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /**
   * How many calls of {@code method} were made since the last {@link #reset()}.
   *
   * @param method a {@link TokenStore} method name, such as {@code findByDigest}
   * @return the number of calls
   */
  public int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  /**
   * How many {@code recordLastUsed} and {@code addLastUsedIp} calls actually wrote, since the last
   * {@link #reset()}.
   *
   * @return the number of last-used writes
   */
  public int lastUsedWrites() {
    return lastUsedWrites.get();
  }

  /** Sets every count back to zero. */
  public void reset() {
    calls.clear();
    lastUsedWrites.set(0);
  }

  @Override
  protected TokenStore delegate() {
    return delegate;
  }

  @Override
  public TokenRecord insert(NewToken token) {
    count("insert");
    return super.insert(token);
  }

  @Override
  public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
    count("findByDigest");
    return super.findByDigest(candidates);
  }

  @Override
  public Optional<TokenRecord> findById(long id) {
    count("findById");
    return super.findById(id);
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    count("find");
    return super.find(query);
  }

  @Override
  public boolean revoke(long id, Instant at) {
    count("revoke");
    return super.revoke(id, at);
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
    count("rotate");
    return super.rotate(predecessorId, successor, at);
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at,
      Instant predecessorUntil) {
    count("rotate");
    return super.rotate(predecessorId, successor, at, predecessorUntil);
  }

  @Override
  public int endRotationGrace(long familyId, Instant at) {
    count("endRotationGrace");
    return super.endRotationGrace(familyId, at);
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
    count("recordLastUsed");
    boolean written = super.recordLastUsed(id, at, staleBefore);
    if (written) {
      lastUsedWrites.incrementAndGet();
    }
    return written;
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore, List<String> lastUsedIps) {
    count("recordLastUsed");
    return written(super.recordLastUsed(id, at, staleBefore, lastUsedIps));
  }

  @Override
  public boolean addLastUsedIp(long id, List<String> expected, int expectedAdded,
      List<String> lastUsedIps) {
    count("addLastUsedIp");
    return written(super.addLastUsedIp(id, expected, expectedAdded, lastUsedIps));
  }

  private boolean written(boolean written) {
    if (written) {
      lastUsedWrites.incrementAndGet();
    }
    return written;
  }

  @Override
  public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
    count("replaceDigest");
    return super.replaceDigest(id, expected, replacement);
  }

  @Override
  public String registerKeyCheck(String keyId, String checkValue) {
    count("registerKeyCheck");
    return super.registerKeyCheck(keyId, checkValue);
  }
}
