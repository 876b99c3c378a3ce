package io.wvs.auth.tck;

import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.TokenStore;

class InMemoryLastUsedIpsRulesTest extends LastUsedIpsRulesContract {
  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
