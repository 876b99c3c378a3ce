package io.wvs.auth.servlet;

import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.tck.ForwardingTokenStore;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** An in-memory store that can be taken down: every call then throws StoreUnavailableException. */
final class SwitchableTokenStore extends ForwardingTokenStore {
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

  /** The in-memory store while up; throws while down. */
  @Override
  protected TokenStore delegate() {
    if (down.get()) {
      throw new StoreUnavailableException("connection refused (test)");
    }
    return delegate;
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    if (queriesDown.get()) {
      throw new StoreUnavailableException("query timed out (test)");
    }
    return super.find(query);
  }
}
