package io.wvs.auth;

/**
 * A member's role in a project or group, lowest first, with the platform's numeric access levels.
 *
 * @since 0.1
 */
public enum Role {
  /** Guest, access level 10. */
  GUEST(10),
  /** Reporter, access level 20. */
  REPORTER(20),
  /** Developer, access level 30. */
  DEVELOPER(30),
  /** Maintainer, access level 40. */
  MAINTAINER(40),
  /** Owner, access level 50. */
  OWNER(50);

  private final int accessLevel;

  Role(int accessLevel) {
    this.accessLevel = accessLevel;
  }

  /** {@return the platform's numeric access level (10 guest … 50 owner)} */
  public int accessLevel() {
    return accessLevel;
  }

  /**
   * Whether this role is at least {@code other}.
   *
   * @param other another role
   * @return true if this role is {@code other} or above it
   */
  public boolean atLeast(Role other) {
    return compareTo(other) >= 0;
  }

  /**
   * The role with access level {@code level}.
   *
   * @param level a numeric access level
   * @return the role with that level
   * @throws InvalidTokenRequestException if no role has that level
   */
  public static Role ofAccessLevel(int level) {
    for (Role r : values()) {
      if (r.accessLevel == level) {
        return r;
      }
    }
    throw new InvalidTokenRequestException("access level must be one of 10, 20, 30, 40, 50, was " + level);
  }
}
