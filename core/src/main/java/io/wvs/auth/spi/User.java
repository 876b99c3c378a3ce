package io.wvs.auth.spi;

import java.util.Objects;

/**
 * A user as the host's {@link UserDirectory} knows it.
 *
 * @param id the host's user id, positive
 * @param username the username
 * @param admin whether the user is an instance administrator
 * @param blocked whether the user is blocked (tokens of blocked users do not authenticate)
 * @param twoFactorEnabled whether the user has two-factor authentication (no passwords on git)
 * @param bot whether this is a project or group bot user
 * @since 0.1
 */
public record User(long id, String username, boolean admin, boolean blocked,
    boolean twoFactorEnabled, boolean bot) {
  /**
   * Checks that {@code username} is given and {@code id} is positive.
   *
   * @param id the host's user id, positive
   * @param username the username
   * @param admin whether the user is an instance administrator
   * @param blocked whether the user is blocked (tokens of blocked users do not authenticate)
   * @param twoFactorEnabled whether the user has two-factor authentication (no passwords on git)
   * @param bot whether this is a project or group bot user
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public User {
    Objects.requireNonNull(username, "username");
    if (id <= 0) {
      throw new IllegalArgumentException("user id must be positive, was " + id);
    }
  }

  /**
   * An active, non-admin human user without two-factor authentication.
   *
   * @param id the user's id, positive
   * @param username the username
   * @return the user
   */
  public static User regular(long id, String username) {
    return new User(id, username, false, false, false, false);
  }

  /**
   * An active administrator.
   *
   * @param id the user's id, positive
   * @param username the username
   * @return the user
   */
  public static User admin(long id, String username) {
    return new User(id, username, true, false, false, false);
  }
}
