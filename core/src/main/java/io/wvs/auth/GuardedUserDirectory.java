package io.wvs.auth;

import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host's directory, guarded once where the library receives it: a failure of any call (a
 * runtime exception that is none of the library's own, or a null where an answer is due) is a
 * {@link StoreUnavailableException}, so one outage is the same refusal everywhere: authentication
 * fails closed, management throws it, the servlet answers 503. The library's own exceptions (a
 * name taken, {@link TokenConflictException}) and a missing capability
 * ({@link UnsupportedOperationException}) pass as they are. Thread-safe if the host's is.
 */
final class GuardedUserDirectory implements UserDirectory {
  private final UserDirectory host;

  private GuardedUserDirectory(UserDirectory host) {
    this.host = host;
  }

  static UserDirectory of(UserDirectory host) {
    return host instanceof GuardedUserDirectory ? host : new GuardedUserDirectory(host);
  }

  @Override
  public Optional<User> findUser(long id) {
    // Written out, not through answer(): this call is on every authentication's path.
    Optional<User> user;
    try {
      user = host.findUser(id);
    } catch (WvsAuthException | UnsupportedOperationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unavailable("findUser", e);
    }
    if (user == null) {
      throw new StoreUnavailableException("user directory unavailable: findUser answered null");
    }
    return user;
  }

  @Override
  public Optional<User> findUserByUsername(String username) {
    return answer("findUserByUsername", () -> host.findUserByUsername(username));
  }

  @Override
  public boolean isUsernameTaken(String username) {
    return answer("isUsernameTaken", () -> host.isUsernameTaken(username));
  }

  @Override
  public Optional<Resource> findResource(ResourceRef ref) {
    return answer("findResource", () -> host.findResource(ref));
  }

  @Override
  public Optional<Resource> findResourceByPath(String fullPath) {
    return answer("findResourceByPath", () -> host.findResourceByPath(fullPath));
  }

  @Override
  public Optional<Role> directRole(long userId, ResourceRef resource) {
    return answer("directRole", () -> host.directRole(userId, resource));
  }

  @Override
  public List<Membership> members(ResourceRef resource) {
    return answer("members", () -> host.members(resource));
  }

  @Override
  public User createBot(ResourceRef resource, String username, String name, Role role) {
    return answer("createBot", () -> host.createBot(resource, username, name, role));
  }

  @Override
  public void deleteBot(long botUserId) {
    answer("deleteBot", () -> {
      host.deleteBot(botUserId);
      return Boolean.TRUE;
    });
  }

  @Override
  public boolean verifyPassword(String username, char[] password) {
    return answer("verifyPassword", () -> host.verifyPassword(username, password));
  }

  private static <T> T answer(String call, Supplier<T> work) {
    T answer;
    try {
      answer = work.get();
    } catch (WvsAuthException | UnsupportedOperationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unavailable(call, e);
    }
    if (answer == null) {
      throw new StoreUnavailableException("user directory unavailable: " + call + " answered null");
    }
    return answer;
  }

  private static StoreUnavailableException unavailable(String call, RuntimeException e) {
    return new StoreUnavailableException("user directory unavailable: " + call + " failed ("
        + e.getClass().getSimpleName() + ")", e);
  }

  @Override
  public String toString() {
    return host.toString();
  }
}
