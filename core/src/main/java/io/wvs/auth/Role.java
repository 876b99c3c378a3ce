package io.wvs.auth;

/**
 * A member's role in a project or group, lowest first, with the platform's numeric access levels.
 *
 * @since 0.1
 */
public enum Role {
  GUEST(10),
  REPORTER(20),
  DEVELOPER(30),
  MAINTAINER(40),
  OWNER(50);

  private final int accessLevel;

  Role(int accessLevel) {
    this.accessLevel = accessLevel;
  }

  /** The platform's numeric access level (10 guest … 50 owner). */
  public int accessLevel() {
    return accessLevel;
  }

  /** Whether this role is at least {@code other}. */
  public boolean atLeast(Role other) {
    return compareTo(other) >= 0;
  }

  /**
   * The role with access level {@code level}.
   *
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
