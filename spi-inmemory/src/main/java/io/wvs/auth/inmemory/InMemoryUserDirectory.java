package io.wvs.auth.inmemory;

import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link UserDirectory} in memory. Users are added and changed with
 * {@link #put(User)}; a changed user (blocked, say) takes effect on the next authentication.
 *
 * @since 0.1
 */
public final class InMemoryUserDirectory implements UserDirectory {
  private final ConcurrentHashMap<Long, User> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> idByUsername = new ConcurrentHashMap<>();

  /** Adds or replaces {@code user} (matched by id). Returns {@code user}. */
  public synchronized User put(User user) {
    User previous = byId.put(user.id(), user);
    if (previous != null && !previous.username().equals(user.username())) {
      idByUsername.remove(previous.username());
    }
    idByUsername.put(user.username(), user.id());
    return user;
  }

  /** Removes the user with {@code id}; its tokens stop authenticating. */
  public synchronized void remove(long id) {
    User previous = byId.remove(id);
    if (previous != null) {
      idByUsername.remove(previous.username());
    }
  }

  @Override
  public Optional<User> findUser(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<User> findUserByUsername(String username) {
    Long id = username == null ? null : idByUsername.get(username);
    return id == null ? Optional.empty() : findUser(id);
  }
}
