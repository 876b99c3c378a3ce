package io.wvs.auth;

import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the host's project and group tree: reach of group tokens and inherited roles. Every walk
 * goes up the chain once and stops as soon as its answer is known.
 */
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

  /** As {@link #selfAndAncestors}, the resources themselves (for expiry events). */
  List<Resource> chainOf(ResourceRef ref) {
    List<Resource> chain = new ArrayList<>();
    for (ResourceRef r : selfAndAncestors(ref)) {
      Optional<Resource> found = directory.findResource(r);
      if (found.isEmpty()) {
        return List.of();
      }
      chain.add(found.get());
    }
    return chain;
  }

  /**
   * Whether a token of {@code owner} reaches {@code requested}: the same resource, or a group above
   * it. Walks up from {@code requested} only until {@code owner} is met.
   */
  boolean reaches(ResourceRef owner, ResourceRef requested) {
    if (owner.equals(requested)) {
      return true;
    }
    if (owner.kind() != ResourceRef.Kind.GROUP) {
      return false;
    }
    List<ResourceRef> seen = new ArrayList<>();
    ResourceRef current = requested;
    while (current != null && !seen.contains(current) && seen.size() < MAX_DEPTH) {
      Optional<Resource> found = directory.findResource(current);
      if (found.isEmpty()) {
        return false;
      }
      seen.add(current);
      current = found.get().parent();
      if (owner.equals(current)) {
        // The owner's own existence is the directory's word through its child's parent link.
        return true;
      }
    }
    return false;
  }

  /**
   * The user's role in {@code resource}: the highest of its direct and inherited memberships,
   * found in one walk up from {@code resource}. The walk stops once a role of at least
   * {@code enough} is found (nothing higher can change the caller's decision); the parent of a
   * group is looked up only when the walk must go above it. A broken chain (a missing group, a
   * cycle, more than {@link #MAX_DEPTH} levels) before such a role is found fails closed: empty.
   *
   * @param enough the role at which the caller's decision is made; {@link Role#OWNER} for the
   *     exact effective role
   */
  Optional<Role> effectiveRole(long userId, Resource resource, Role enough) {
    Role best = null;
    List<ResourceRef> seen = new ArrayList<>();
    ResourceRef current = resource.ref();
    Resource loaded = resource;
    while (true) {
      if (seen.size() == MAX_DEPTH || seen.contains(current)) {
        return Optional.empty();
      }
      seen.add(current);
      Optional<Role> role = directory.directRole(userId, current);
      if (role.isPresent() && (best == null || role.get().atLeast(best))) {
        best = role.get();
        if (best.atLeast(enough)) {
          return Optional.of(best);
        }
      }
      if (loaded == null) {
        Optional<Resource> found = directory.findResource(current);
        if (found.isEmpty()) {
          return Optional.empty();
        }
        loaded = found.get();
      }
      if (loaded.parent() == null) {
        return Optional.ofNullable(best);
      }
      current = loaded.parent();
      loaded = null;
    }
  }
}
