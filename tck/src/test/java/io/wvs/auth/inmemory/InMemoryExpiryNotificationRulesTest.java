package io.wvs.auth.inmemory;

import io.wvs.auth.tck.ExpiryNotificationRulesContract;
import io.wvs.auth.spi.TokenStore;

class InMemoryExpiryNotificationRulesTest extends ExpiryNotificationRulesContract {
  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
