package io.wvs.auth.spi;

import java.util.Optional;

/**
 * The host's users: who is an administrator, who is blocked, who uses two-factor authentication.
 * The library asks, never stores. The one directory capability every host supplies
 * ({@code WvsAuth.builder().userDirectory(...)}); projects and groups, bot users and passwords are
 * the separate, optional capabilities {@link ResourceDirectory}, {@link BotAccounts} and
 * {@link PasswordVerifier}. Implementations must be thread-safe. The library wraps it once: any
 * failure (a runtime exception that is none of the library's own, or a null answer) becomes an
 * {@link io.wvs.auth.StoreUnavailableException}, so authentication fails closed and the servlet
 * answers 503.
 *
 * @since 0.1
 */
public interface UserDirectory {

  /**
   * Looks up a user by id.
   *
   * @param id the user's id
   * @return the user with {@code id}, or empty if there is none (a deleted user)
   */
  Optional<User> findUser(long id);

  /**
   * Looks up a user by username.
   *
   * @param username the username, matched exactly
   * @return the user named {@code username}, or empty if there is none
   */
  Optional<User> findUserByUsername(String username);

  /**
   * Whether {@code username} is, or is kept for, a user of this host: a user, a bot user, a
   * reserved or deleted name. The library asks before a deploy token gets a custom username, so that
   * no deploy token is named like a user. Compare as the host compares usernames (the platform:
   * ignoring case). The default asks {@link #findUserByUsername} (an exact match); override it when
   * usernames are unique regardless of case, or when names no user has are still not free.
   *
   * @param username a proposed username, never null
   * @return true if it must not be given to a deploy token
   * @since 0.1
   */
  default boolean isUsernameTaken(String username) {
    return findUserByUsername(username).isPresent();
  }
}
