package io.wvs.auth;

import io.wvs.auth.spi.User;

/** Who may manage a resource's tokens. */
final class Memberships {
  private Memberships() {}

  /**
   * The actor's effective role on {@code resource} (Owner for administrators).
   *
   * @throws InvalidTokenRequestException if the resource does not exist
   * @throws PermissionDeniedException if the actor's role is below {@code needed}
   */
  static Role requireRole(Engine engine, User actor, ResourceRef resource, Role needed, String what) {
    if (engine.hierarchy.selfAndAncestors(resource).isEmpty()) {
      throw new InvalidTokenRequestException("no " + resource.kind().name().toLowerCase(java.util.Locale.ROOT)
          + " with id " + resource.id());
    }
    if (actor.admin()) {
      return Role.OWNER;
    }
    Role role = engine.hierarchy.effectiveRole(actor.id(), resource).orElse(null);
    if (role == null || !role.atLeast(needed) || actor.bot()) {
      throw new PermissionDeniedException("managing " + what + " of " + resource + " needs the "
          + needed.name().toLowerCase(java.util.Locale.ROOT) + " role");
    }
    return role;
  }
}
