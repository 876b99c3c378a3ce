package io.wvs.auth.inmemory;

import io.wvs.auth.tck.StoreStressContract;

/** The concurrency stress run against {@link InMemoryTokenStore}. */
class InMemoryStoreStressTest extends StoreStressContract {

  InMemoryStoreStressTest() {
    super(InMemoryTokenStore::new);
  }
}
