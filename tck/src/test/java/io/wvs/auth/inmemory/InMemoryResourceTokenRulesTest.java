package io.wvs.auth.inmemory;

import io.wvs.auth.tck.ResourceTokenRulesContract;
import io.wvs.auth.spi.TokenStore;

class InMemoryResourceTokenRulesTest extends ResourceTokenRulesContract {
  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
