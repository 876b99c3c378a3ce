package io.wvs.auth.inmemory;

import io.wvs.auth.tck.ChannelRulesContract;
import io.wvs.auth.spi.TokenStore;

class InMemoryChannelRulesTest extends ChannelRulesContract {
  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
