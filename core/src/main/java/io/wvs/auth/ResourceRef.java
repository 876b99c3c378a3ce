package io.wvs.auth;

/**
 * A project or group, by the host's numeric id.
 *
 * @param kind project or group
 * @param id the host's id, positive
 * @since 0.1
 */
public record ResourceRef(Kind kind, long id) {
  /** What a resource is. */
  public enum Kind {
    /** A project. */
    PROJECT,
    /** A group. */
    GROUP
  }

  /**
   * Checks the kind and the id.
   *
   * @param kind project or group
   * @param id the host's id, positive
   * @throws IllegalArgumentException if {@code kind} is null or {@code id} is not positive
   */
  public ResourceRef {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (id <= 0) {
      throw new IllegalArgumentException("resource id must be positive, was " + id);
    }
  }

  /**
   * The project with {@code id}.
   *
   * @param id the project's id, positive
   * @return a reference to the project
   */
  public static ResourceRef project(long id) {
    return new ResourceRef(Kind.PROJECT, id);
  }

  /**
   * The group with {@code id}.
   *
   * @param id the group's id, positive
   * @return a reference to the group
   */
  public static ResourceRef group(long id) {
    return new ResourceRef(Kind.GROUP, id);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }
}
