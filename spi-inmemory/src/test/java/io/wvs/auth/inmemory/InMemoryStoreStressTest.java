package io.wvs.auth.inmemory;

/** The concurrency stress run against {@link InMemoryTokenStore}. */
class InMemoryStoreStressTest extends StoreStressContract {

  InMemoryStoreStressTest() {
    super(InMemoryTokenStore::new);
  }
}
