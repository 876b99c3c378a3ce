package io.wvs.auth;

import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every host directory capability, guarded once where the library receives it: a failure of any
 * call (a runtime exception that is none of the library's own, or a null where an answer is due)
 * is a {@link StoreUnavailableException}, so one outage is the same refusal everywhere:
 * authentication fails closed, management throws it, the servlet answers 503. The library's own
 * exceptions (a bot name taken, {@link TokenConflictException}) pass as they are. Each guard is
 * thread-safe if the host's object is.
 */
final class HostGuard {
  /** A resource directory that knows no project or group: what an instance without one uses. */
  static final ResourceDirectory NO_RESOURCES = new ResourceDirectory() {
    @Override
    public Optional<Resource> findResource(ResourceRef ref) {
      return Optional.empty();
    }

    @Override
    public Optional<Resource> findResourceByPath(String fullPath) {
      return Optional.empty();
    }

    @Override
    public Optional<Role> directRole(long userId, ResourceRef resource) {
      return Optional.empty();
    }

    @Override
    public List<Membership> members(ResourceRef resource) {
      return List.of();
    }

    @Override
    public String toString() {
      return "no resource directory";
    }
  };

  /** Refuses every password alike: what an instance without a password verifier uses. */
  static final PasswordVerifier NO_PASSWORDS = new PasswordVerifier() {
    @Override
    public boolean verifyPassword(String username, char[] password) {
      return false;
    }

    @Override
    public String toString() {
      return "no password verifier";
    }
  };

  private HostGuard() {}

  static UserDirectory users(UserDirectory host) {
    return host instanceof Users ? host : new Users(host);
  }

  /** The guarded {@code host}, or {@link #NO_RESOURCES} for null. */
  static ResourceDirectory resources(ResourceDirectory host) {
    if (host == null || host == NO_RESOURCES || host instanceof Resources) {
      return host == null ? NO_RESOURCES : host;
    }
    return new Resources(host);
  }

  /** The guarded {@code host}, or null for null (the capability is missing). */
  static BotAccounts bots(BotAccounts host) {
    return host == null || host instanceof Bots ? host : new Bots(host);
  }

  /** The guarded {@code host}, or {@link #NO_PASSWORDS} for null. */
  static PasswordVerifier passwords(PasswordVerifier host) {
    if (host == null || host == NO_PASSWORDS || host instanceof Passwords) {
      return host == null ? NO_PASSWORDS : host;
    }
    return new Passwords(host);
  }

  private static <T> T answer(String capability, String call, Supplier<T> work) {
    T answer;
    try {
      answer = work.get();
    } catch (WvsAuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unavailable(capability, call, e);
    }
    if (answer == null) {
      throw new StoreUnavailableException(capability + " unavailable: " + call + " answered null");
    }
    return answer;
  }

  private static StoreUnavailableException unavailable(String capability, String call,
      RuntimeException e) {
    // The class name only: a host's message may carry anything, and this one reaches logs.
    return new StoreUnavailableException(capability + " unavailable: " + call + " failed ("
        + e.getClass().getSimpleName() + ")", e);
  }

  /** The guarded {@link UserDirectory}. */
  private static final class Users implements UserDirectory {
    private static final String NAME = "user directory";
    private final UserDirectory host;

    Users(UserDirectory host) {
      this.host = host;
    }

    @Override
    public Optional<User> findUser(long id) {
      // Written out, not through answer(): this call is on every authentication's path.
      Optional<User> user;
      try {
        user = host.findUser(id);
      } catch (WvsAuthException e) {
        throw e;
      } catch (RuntimeException e) {
        throw unavailable(NAME, "findUser", e);
      }
      if (user == null) {
        throw new StoreUnavailableException(NAME + " unavailable: findUser answered null");
      }
      return user;
    }

    @Override
    public Optional<User> findUserByUsername(String username) {
      return answer(NAME, "findUserByUsername", () -> host.findUserByUsername(username));
    }

    @Override
    public boolean isUsernameTaken(String username) {
      return answer(NAME, "isUsernameTaken", () -> host.isUsernameTaken(username));
    }

    @Override
    public String toString() {
      return host.toString();
    }
  }

  /** The guarded {@link ResourceDirectory}. */
  private static final class Resources implements ResourceDirectory {
    private static final String NAME = "resource directory";
    private final ResourceDirectory host;

    Resources(ResourceDirectory host) {
      this.host = host;
    }

    @Override
    public Optional<Resource> findResource(ResourceRef ref) {
      return answer(NAME, "findResource", () -> host.findResource(ref));
    }

    @Override
    public Optional<Resource> findResourceByPath(String fullPath) {
      return answer(NAME, "findResourceByPath", () -> host.findResourceByPath(fullPath));
    }

    @Override
    public Optional<Role> directRole(long userId, ResourceRef resource) {
      return answer(NAME, "directRole", () -> host.directRole(userId, resource));
    }

    @Override
    public List<Membership> members(ResourceRef resource) {
      return answer(NAME, "members", () -> host.members(resource));
    }

    @Override
    public String toString() {
      return host.toString();
    }
  }

  /** The guarded {@link BotAccounts}. */
  private static final class Bots implements BotAccounts {
    private static final String NAME = "bot accounts";
    private final BotAccounts host;

    Bots(BotAccounts host) {
      this.host = host;
    }

    @Override
    public User createBot(ResourceRef resource, String username, String name, Role role) {
      return answer(NAME, "createBot", () -> host.createBot(resource, username, name, role));
    }

    @Override
    public void deleteBot(long botUserId) {
      answer(NAME, "deleteBot", () -> {
        host.deleteBot(botUserId);
        return Boolean.TRUE;
      });
    }

    @Override
    public String toString() {
      return host.toString();
    }
  }

  /** The guarded {@link PasswordVerifier}. */
  private static final class Passwords implements PasswordVerifier {
    private final PasswordVerifier host;

    Passwords(PasswordVerifier host) {
      this.host = host;
    }

    @Override
    public boolean verifyPassword(String username, char[] password) {
      return answer("password verifier", "verifyPassword", () -> host.verifyPassword(username, password));
    }

    @Override
    public String toString() {
      return host.toString();
    }
  }
}
