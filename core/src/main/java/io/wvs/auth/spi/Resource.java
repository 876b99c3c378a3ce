package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import java.util.Objects;

/**
 * A project or group as the host's directory knows it.
 *
 * @param ref what it is
 * @param fullPath its full path, e.g. {@code acme/platform/api}
 * @param parent the group it belongs to, or null for a top-level group
 * @since 0.1
 */
public record Resource(ResourceRef ref, String fullPath, ResourceRef parent) {
  /**
   * Checks that {@code ref} and {@code fullPath} are given and that a parent is a group.
   *
   * @param ref what it is
   * @param fullPath its full path, e.g. {@code acme/platform/api}
   * @param parent the group it belongs to, or null for a top-level group
   * @throws IllegalArgumentException if {@code parent} is not a group
   */
  public Resource {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(fullPath, "fullPath");
    if (parent != null && parent.kind() != ResourceRef.Kind.GROUP) {
      throw new IllegalArgumentException("a parent must be a group, was " + parent);
    }
    if (ref.kind() == ResourceRef.Kind.PROJECT && parent == null) {
      throw new IllegalArgumentException("a project belongs to a group");
    }
  }
}
