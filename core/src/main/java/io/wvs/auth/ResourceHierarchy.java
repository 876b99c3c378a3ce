package io.wvs.auth;

import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Walks the host's project and group tree: reach of group tokens and inherited roles. */
final class ResourceHierarchy {
  /** Deeper chains are treated as broken data (a cycle, say) and reach nothing. */
  static final int MAX_DEPTH = 64;

  private final ResourceDirectory directory;

  ResourceHierarchy(ResourceDirectory directory) {
    this.directory = directory;
  }

  /**
   * {@code ref} followed by its parent groups up to the top; empty if {@code ref} does not exist
   * or the chain is broken.
   */
  List<ResourceRef> selfAndAncestors(ResourceRef ref) {
    List<ResourceRef> chain = new ArrayList<>();
    ResourceRef current = ref;
    while (current != null) {
      if (chain.size() == MAX_DEPTH || chain.contains(current)) {
        return List.of();
      }
      Optional<Resource> found = directory.findResource(current);
      if (found.isEmpty()) {
        return List.of();
      }
      chain.add(current);
      current = found.get().parent();
    }
    return chain;
  }

  /** Whether a token of {@code owner} reaches {@code requested}: the same resource, or a group above it. */
  boolean reaches(ResourceRef owner, ResourceRef requested) {
    if (owner.equals(requested)) {
      return true;
    }
    return owner.kind() == ResourceRef.Kind.GROUP && selfAndAncestors(requested).contains(owner);
  }

  /** The user's role in {@code resource}: the highest of its direct and inherited memberships. */
  Optional<Role> effectiveRole(long userId, ResourceRef resource) {
    Role best = null;
    for (ResourceRef r : selfAndAncestors(resource)) {
      Optional<Role> role = directory.directRole(userId, r);
      if (role.isPresent() && (best == null || role.get().atLeast(best))) {
        best = role.get();
      }
    }
    return Optional.ofNullable(best);
  }
}
