package io.wvs.auth.servlet;

import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** An in-memory store that can be taken down: every call then throws StoreUnavailableException. */
final class SwitchableTokenStore implements TokenStore {
  private final InMemoryTokenStore delegate = new InMemoryTokenStore();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean queriesDown = new AtomicBoolean();

  void down(boolean isDown) {
    down.set(isDown);
  }

  /** Only {@link #find} fails: authentication works, management listings do not. */
  void queriesDown(boolean isDown) {
    queriesDown.set(isDown);
  }

  private TokenStore up() {
    if (down.get()) {
      throw new StoreUnavailableException("connection refused (test)");
    }
    return delegate;
  }

  @Override
  public TokenRecord insert(NewToken token) {
    return up().insert(token);
  }

  @Override
  public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
    return up().findByDigest(candidates);
  }

  @Override
  public Optional<TokenRecord> findById(long id) {
    return up().findById(id);
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    if (queriesDown.get()) {
      throw new StoreUnavailableException("query timed out (test)");
    }
    return up().find(query);
  }

  @Override
  public boolean revoke(long id, Instant at) {
    return up().revoke(id, at);
  }

  @Override
  public int revokeFamily(long familyId, Instant at) {
    return up().revokeFamily(familyId, at);
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
    return up().rotate(predecessorId, successor, at);
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
    return up().recordLastUsed(id, at, staleBefore);
  }

  @Override
  public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
    return up().replaceDigest(id, expected, replacement);
  }
}
