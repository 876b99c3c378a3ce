package io.wvs.auth.tck;

import io.wvs.auth.inmemory.InMemoryTokenStore;


/** The concurrency stress run against {@link InMemoryTokenStore}. */
class InMemoryStoreStressTest extends StoreStressContract {

  InMemoryStoreStressTest() {
    super(InMemoryTokenStore::new);
  }
}
