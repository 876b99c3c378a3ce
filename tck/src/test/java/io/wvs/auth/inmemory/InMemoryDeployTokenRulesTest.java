package io.wvs.auth.inmemory;

import io.wvs.auth.tck.DeployTokenRulesContract;
import io.wvs.auth.spi.TokenStore;

class InMemoryDeployTokenRulesTest extends DeployTokenRulesContract {
  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
