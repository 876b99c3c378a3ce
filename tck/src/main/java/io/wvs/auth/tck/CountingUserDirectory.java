package io.wvs.auth.tck;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real directory capabilities (every call is delegated) that count the calls made to them, for
 * tests that pin how many directory calls a request makes. One object serves all four
 * capabilities, so {@link #calls()} counts every directory call of a request; supply it for each
 * with {@link #supplyTo(WvsAuth.Builder)}. Thread-safe.
 *
 * @since 0.1
 */
public final class CountingUserDirectory
    implements UserDirectory, ResourceDirectory, BotAccounts, PasswordVerifier {
  private final UserDirectory users;
  private final ResourceDirectory resources;
  private final BotAccounts bots;
  private final PasswordVerifier passwords;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /**
   * Counts the calls made to {@code delegate}, which serves every capability (as
   * {@link io.wvs.auth.inmemory.InMemoryUserDirectory} does).
   *
   * @param delegate the directory every call goes to
   * @param <D> a type serving every directory capability
   */
  public <D extends UserDirectory & ResourceDirectory & BotAccounts & PasswordVerifier>
      CountingUserDirectory(D delegate) {
    this.users = delegate;
    this.resources = delegate;
    this.bots = delegate;
    this.passwords = delegate;
  }

  /**
   * Supplies this object as every directory capability of {@code builder}.
   *
   * @param builder the builder
   * @return {@code builder}
   */
  public WvsAuth.Builder supplyTo(WvsAuth.Builder builder) {
    return builder.userDirectory(this).resourceDirectory(this).botAccounts(this)
        .passwordVerifier(this);
  }

  /**
   * How many calls of any method were made since the last {@link #reset()}.
   *
   * @return the number of calls
   */
  public int calls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /**
   * How many calls of {@code method} were made since the last {@link #reset()}.
   *
   * @param method a directory method name, such as {@code findUser} or {@code directRole}
   * @return the number of calls
   */
  public int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  /** Sets every count back to zero. */
  public void reset() {
    calls.clear();
  }

  private void count(String method) {
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public Optional<User> findUser(long id) {
    count("findUser");
    return users.findUser(id);
  }

  @Override
  public Optional<User> findUserByUsername(String username) {
    count("findUserByUsername");
    return users.findUserByUsername(username);
  }

  @Override
  public boolean isUsernameTaken(String username) {
    count("isUsernameTaken");
    return users.isUsernameTaken(username);
  }

  @Override
  public Optional<Resource> findResource(ResourceRef ref) {
    count("findResource");
    return resources.findResource(ref);
  }

  @Override
  public Optional<Resource> findResourceByPath(String fullPath) {
    count("findResourceByPath");
    return resources.findResourceByPath(fullPath);
  }

  @Override
  public Optional<Role> directRole(long userId, ResourceRef resource) {
    count("directRole");
    return resources.directRole(userId, resource);
  }

  @Override
  public List<Membership> members(ResourceRef resource) {
    count("members");
    return resources.members(resource);
  }

  @Override
  public User createBot(ResourceRef resource, String username, String name, Role role) {
    count("createBot");
    return bots.createBot(resource, username, name, role);
  }

  @Override
  public void deleteBot(long botUserId) {
    count("deleteBot");
    bots.deleteBot(botUserId);
  }

  @Override
  public boolean verifyPassword(String username, char[] password) {
    count("verifyPassword");
    return passwords.verifyPassword(username, password);
  }
}
