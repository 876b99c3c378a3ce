package io.wvs.auth.tck;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.User;

/**
 * {@link BotAccounts} that hand every call to {@link #delegate()}. Test wrappers extend it and
 * override only the calls they break (a bot that cannot be deleted, say).
 *
 * @since 0.1
 */
public abstract class ForwardingBotAccounts implements BotAccounts {

  /** {@return the bot accounts the next call goes to} */
  protected abstract BotAccounts delegate();

  @Override
  public User createBot(ResourceRef resource, String username, String name, Role role) {
    return delegate().createBot(resource, username, name, role);
  }

  @Override
  public void deleteBot(long botUserId) {
    delegate().deleteBot(botUserId);
  }
}
