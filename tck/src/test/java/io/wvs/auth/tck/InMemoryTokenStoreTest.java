package io.wvs.auth.tck;

import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.TokenStore;

/** The store contract, run against {@link InMemoryTokenStore}. */
class InMemoryTokenStoreTest extends TokenStoreContract {

  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
