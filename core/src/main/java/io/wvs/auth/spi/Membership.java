package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import java.util.Objects;

/**
 * A user's direct membership of a project or group.
 *
 * @param userId the member
 * @param resource the project or group
 * @param role the member's role there
 * @since 0.1
 */
public record Membership(long userId, ResourceRef resource, Role role) {
  /**
   * Checks that {@code resource} and {@code role} are given.
   *
   * @param userId the member
   * @param resource the project or group
   * @param role the member's role there
   */
  public Membership {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(role, "role");
  }
}
