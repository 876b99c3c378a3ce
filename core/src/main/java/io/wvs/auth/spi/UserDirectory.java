package io.wvs.auth.spi;

import java.util.Optional;

/**
 * The host's users. The library asks, never stores: who is an administrator, who is blocked, who
 * uses two-factor authentication. Implementations must be thread-safe; failures may be thrown as
 * {@link io.wvs.auth.StoreUnavailableException} and make authentication fail closed.
 *
 * @since 0.1
 */
public interface UserDirectory {

  /** The user with {@code id}, or empty if there is none (a deleted user). */
  Optional<User> findUser(long id);

  /** The user named {@code username} (exact match), or empty. */
  Optional<User> findUserByUsername(String username);
}
