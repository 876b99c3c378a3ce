package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import java.util.List;
import java.util.Optional;

/**
 * The host's users, projects and groups. The library asks, never stores: who is an administrator,
 * who is blocked, who uses two-factor authentication, which group a project belongs to, who is a
 * member with which role. Implementations must be thread-safe; failures may be thrown as
 * {@link io.wvs.auth.StoreUnavailableException} and make authentication fail closed.
 *
 * <p>A host that only uses personal and impersonation tokens implements the first two methods;
 * the defaults of the others describe a directory without projects, groups, bots or passwords.
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

  /**
   * Looks up a project or group.
   *
   * @param ref the project or group
   * @return the project or group {@code ref} with its parent group, or empty if it does not exist
   */
  default Optional<Resource> findResource(ResourceRef ref) {
    return Optional.empty();
  }

  /**
   * Looks up a project or group by its full path.
   *
   * @param fullPath the full path, e.g. {@code acme/platform/api}
   * @return the project or group whose full path is {@code fullPath}, or empty if there is none
   */
  default Optional<Resource> findResourceByPath(String fullPath) {
    return Optional.empty();
  }

  /**
   * The user's direct role in {@code resource} (not inherited from parent groups: the library
   * walks the parent chain itself), or empty if not a direct member.
   *
   * @param userId the user's id
   * @param resource the project or group
   * @return the user's direct role in {@code resource}, or empty if not a direct member
   */
  default Optional<Role> directRole(long userId, ResourceRef resource) {
    return Optional.empty();
  }

  /**
   * Lists the direct members of a project or group.
   *
   * @param resource the project or group
   * @return the direct members of {@code resource}, bots included
   */
  default List<Membership> members(ResourceRef resource) {
    return List.of();
  }

  /**
   * Creates a bot user for a project or group access token and makes it a member of
   * {@code resource} with {@code role}, in one step: either both exist afterwards or neither.
   * A bot belongs to that resource only and takes no licensed seat.
   *
   * @param resource the project or group the bot is made a member of
   * @param username the username the library chose ({@code project_<id>_bot…})
   * @param name the display name (the token's name)
   * @param role the bot's role in {@code resource}
   * @return the new bot user, with {@link User#bot()} set
   * @throws io.wvs.auth.TokenConflictException if {@code username} is taken (the library then
   *     tries the next name)
   * @throws UnsupportedOperationException if this directory has no bot users
   */
  default User createBot(ResourceRef resource, String username, String name, Role role) {
    throw new UnsupportedOperationException("this directory cannot create bot users");
  }

  /**
   * Deletes a bot user and its membership, moving every record it owns to the system-wide
   * "Ghost User". Idempotent.
   *
   * @param botUserId the bot user's id
   */
  default void deleteBot(long botUserId) {
    throw new UnsupportedOperationException("this directory cannot delete bot users");
  }

  /**
   * Whether {@code password} is the password of {@code username} (git over HTTP with basic auth).
   * Compare in constant time. A refusal must cost the same whatever its cause: for an unknown
   * user, or a user without a password, compute a stand-in hash with the same algorithm and
   * parameters as a real check, so the time of a refusal does not tell which usernames exist or
   * have a password. The default knows no passwords (and answers every call alike).
   *
   * @param username the username presented
   * @param password the password presented
   * @return true if {@code password} is the password of {@code username}
   */
  default boolean verifyPassword(String username, char[] password) {
    return false;
  }
}
