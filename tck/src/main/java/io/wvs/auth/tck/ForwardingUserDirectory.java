package io.wvs.auth.tck;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.util.List;
import java.util.Optional;

/**
 * A {@link UserDirectory} that hands every call to {@link #delegate()}. Test wrappers extend it and
 * override only the calls they break, as {@link ForwardingTokenStore} does for stores.
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

  @Override
  public Optional<Resource> findResource(ResourceRef ref) {
    return delegate().findResource(ref);
  }

  @Override
  public Optional<Resource> findResourceByPath(String fullPath) {
    return delegate().findResourceByPath(fullPath);
  }

  @Override
  public Optional<Role> directRole(long userId, ResourceRef resource) {
    return delegate().directRole(userId, resource);
  }

  @Override
  public List<Membership> members(ResourceRef resource) {
    return delegate().members(resource);
  }

  @Override
  public User createBot(ResourceRef resource, String username, String name, Role role) {
    return delegate().createBot(resource, username, name, role);
  }

  @Override
  public void deleteBot(long botUserId) {
    delegate().deleteBot(botUserId);
  }

  @Override
  public boolean verifyPassword(String username, char[] password) {
    return delegate().verifyPassword(username, password);
  }
}
