package io.wvs.auth.tck;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link UserDirectory} (it delegates every call) that counts the calls made to it, for
 * tests that pin how many directory calls a request makes. Thread-safe.
 *
 * @since 0.1
 */
public final class CountingUserDirectory extends ForwardingUserDirectory {
  private final UserDirectory delegate;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /**
   * Counts the calls made to {@code delegate}.
   *
   * @param delegate the directory every call goes to
   */
  public CountingUserDirectory(UserDirectory delegate) {
    this.delegate = delegate;
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
   * @param method a {@link UserDirectory} method name, such as {@code findUser}
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
  protected UserDirectory delegate() {
    return delegate;
  }

  @Override
  public Optional<User> findUser(long id) {
    count("findUser");
    return super.findUser(id);
  }

  @Override
  public Optional<User> findUserByUsername(String username) {
    count("findUserByUsername");
    return super.findUserByUsername(username);
  }

  @Override
  public boolean isUsernameTaken(String username) {
    count("isUsernameTaken");
    return super.isUsernameTaken(username);
  }

  @Override
  public Optional<Resource> findResource(ResourceRef ref) {
    count("findResource");
    return super.findResource(ref);
  }

  @Override
  public Optional<Resource> findResourceByPath(String fullPath) {
    count("findResourceByPath");
    return super.findResourceByPath(fullPath);
  }

  @Override
  public Optional<Role> directRole(long userId, ResourceRef resource) {
    count("directRole");
    return super.directRole(userId, resource);
  }

  @Override
  public List<Membership> members(ResourceRef resource) {
    count("members");
    return super.members(resource);
  }

  @Override
  public User createBot(ResourceRef resource, String username, String name, Role role) {
    count("createBot");
    return super.createBot(resource, username, name, role);
  }

  @Override
  public void deleteBot(long botUserId) {
    count("deleteBot");
    super.deleteBot(botUserId);
  }

  @Override
  public boolean verifyPassword(String username, char[] password) {
    count("verifyPassword");
    return super.verifyPassword(username, password);
  }
}
