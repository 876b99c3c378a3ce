package io.wvs.auth.tck;

import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TokenStore} that hands every call to {@link #delegate()}, asked afresh on each call.
 * Test wrappers extend it and override only the calls they count, break or guard; a
 * {@code delegate()} that throws fails every call that is not overridden.
 */
public abstract class ForwardingTokenStore implements TokenStore {

  /** {@return the store the next call goes to} */
  protected abstract TokenStore delegate();

  @Override
  public TokenRecord insert(NewToken token) {
    return delegate().insert(token);
  }

  @Override
  public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
    return delegate().findByDigest(candidates);
  }

  @Override
  public Optional<TokenRecord> findById(long id) {
    return delegate().findById(id);
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    return delegate().find(query);
  }

  @Override
  public boolean revoke(long id, Instant at) {
    return delegate().revoke(id, at);
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
    return delegate().rotate(predecessorId, successor, at);
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at,
      Instant predecessorUntil) {
    return delegate().rotate(predecessorId, successor, at, predecessorUntil);
  }

  @Override
  public int endRotationGrace(long familyId, Instant at) {
    return delegate().endRotationGrace(familyId, at);
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
    return delegate().recordLastUsed(id, at, staleBefore);
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore, List<String> lastUsedIps) {
    return delegate().recordLastUsed(id, at, staleBefore, lastUsedIps);
  }

  @Override
  public boolean addLastUsedIp(long id, List<String> expected, int expectedAdded,
      List<String> lastUsedIps) {
    return delegate().addLastUsedIp(id, expected, expectedAdded, lastUsedIps);
  }

  @Override
  public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
    return delegate().replaceDigest(id, expected, replacement);
  }

  @Override
  public String registerKeyCheck(String keyId, String checkValue) {
    return delegate().registerKeyCheck(keyId, checkValue);
  }
}
