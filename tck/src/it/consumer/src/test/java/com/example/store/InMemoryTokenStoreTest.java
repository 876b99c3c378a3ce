package com.example.store;

import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.tck.TokenStoreContract;

class InMemoryTokenStoreTest extends TokenStoreContract {
  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
