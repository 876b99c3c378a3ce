package io.wvs.auth.inmemory;

import io.wvs.auth.tck.TokenStoreContract;
import io.wvs.auth.spi.TokenStore;

/** The store contract, run against {@link InMemoryTokenStore}. */
class InMemoryTokenStoreTest extends TokenStoreContract {

  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
