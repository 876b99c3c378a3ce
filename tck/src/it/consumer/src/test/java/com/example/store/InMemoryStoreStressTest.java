package com.example.store;

import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.tck.StoreStressContract;

class InMemoryStoreStressTest extends StoreStressContract {
  InMemoryStoreStressTest() {
    super(InMemoryTokenStore::new);
  }
}
