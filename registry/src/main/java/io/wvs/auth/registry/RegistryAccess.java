package io.wvs.auth.registry;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a registry token's {@code access} claim: what may be done with one repository.
 * An entry with no actions is the answer for a repository the credential may not use (an empty
 * grant, not an error, as the token authentication specification asks). Immutable.
 *
 * @param type the resource type, {@code repository}
 * @param name the repository name as the client asked, e.g. {@code acme/platform/api} or
 *     {@code acme/platform/api/worker}
 * @param actions the granted actions, a subset of {@code pull} and {@code push} in the order asked
 * @since 0.1
 */
public record RegistryAccess(String type, String name, List<String> actions) {
  /**
   * Copies {@code actions}, so the value is immutable.
   *
   * @param type the resource type
   * @param name the repository name
   * @param actions the granted actions
   */
  public RegistryAccess {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    actions = List.copyOf(actions);
  }
}
