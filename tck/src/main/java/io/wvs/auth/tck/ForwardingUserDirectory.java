package io.wvs.auth.tck;

import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.util.Optional;

/**
 * A {@link UserDirectory} that hands every call to {@link #delegate()}. Test wrappers extend it and
 * override only the calls they break, as {@link ForwardingTokenStore} does for stores; the other
 * capabilities have {@link ForwardingResourceDirectory} and {@link ForwardingBotAccounts}.
 */
public abstract class ForwardingUserDirectory implements UserDirectory {

  /** {@return the directory the next call goes to} */
  protected abstract UserDirectory delegate();

  @Override
  public Optional<User> findUser(long id) {
    return delegate().findUser(id);
  }

  @Override
  public Optional<User> findUserByUsername(String username) {
    return delegate().findUserByUsername(username);
  }

  @Override
  public boolean isUsernameTaken(String username) {
    return delegate().isUsernameTaken(username);
  }
}
