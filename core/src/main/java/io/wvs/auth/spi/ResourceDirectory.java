package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import java.util.List;
import java.util.Optional;

/**
 * The host's projects and groups and who is a member with which role: the capability behind
 * project and group access tokens, deploy tokens and the expiry e-mails to a resource's
 * maintainers. Optional ({@code WvsAuth.builder().resourceDirectory(...)}): without it the library
 * knows no project or group, so every resource is unknown (the REST API answers 404 for it).
 * Implementations must be thread-safe. The library wraps it once: any failure (a runtime exception
 * that is none of the library's own, or a null answer) becomes an
 * {@link io.wvs.auth.StoreUnavailableException}.
 *
 * @since 0.1
 */
public interface ResourceDirectory {

  /**
   * Looks up a project or group.
   *
   * @param ref the project or group
   * @return the project or group {@code ref} with its parent group, or empty if it does not exist
   */
  Optional<Resource> findResource(ResourceRef ref);

  /**
   * Looks up a project or group by its full path.
   *
   * @param fullPath the full path, e.g. {@code acme/platform/api}
   * @return the project or group whose full path is {@code fullPath}, or empty if there is none
   */
  Optional<Resource> findResourceByPath(String fullPath);

  /**
   * The user's direct role in {@code resource} (not inherited from parent groups: the library
   * walks the parent chain itself), or empty if not a direct member.
   *
   * @param userId the user's id
   * @param resource the project or group
   * @return the user's direct role in {@code resource}, or empty if not a direct member
   */
  Optional<Role> directRole(long userId, ResourceRef resource);

  /**
   * Lists the direct members of a project or group.
   *
   * @param resource the project or group
   * @return the direct members of {@code resource}, bots included
   */
  List<Membership> members(ResourceRef resource);
}
