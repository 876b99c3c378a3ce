package io.wvs.auth;

import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;
import java.util.Locale;
import java.util.Optional;

/** Who may manage a resource's tokens: one walk up the resource chain per decision. */
final class Memberships {
  private Memberships() {}

  /**
   * The actor's effective role on {@code resource} (Owner for administrators), looking the
   * resource up once.
   *
   * @param enough the role at which the caller's decision is made ({@link Role#OWNER} when the
   *     exact role matters): the walk up the chain stops once it is found
   * @throws InvalidTokenRequestException if the resource does not exist
   * @throws PermissionDeniedException if the actor's role is below {@code needed}
   */
  static Role requireRole(Engine engine, User actor, ResourceRef resource, Role needed, Role enough,
      String what) {
    Optional<Resource> found = engine.resources.findResource(resource);
    if (found.isEmpty()) {
      throw new InvalidTokenRequestException("no " + resource.kind().name().toLowerCase(Locale.ROOT)
          + " with id " + resource.id());
    }
    return requireRole(engine, actor, found.get(), needed, enough, what);
  }

  /**
   * The actor's effective role on {@code resource}, a resource the directory already returned
   * (for this same decision), so it is not looked up again.
   *
   * @param enough the role at which the caller's decision is made ({@link Role#OWNER} when the
   *     exact role matters): the walk up the chain stops once it is found
   * @throws PermissionDeniedException if the actor's role is below {@code needed}
   */
  static Role requireRole(Engine engine, User actor, Resource resource, Role needed, Role enough,
      String what) {
    if (actor.admin()) {
      return Role.OWNER;
    }
    Role role = actor.bot() ? null
        : engine.hierarchy.effectiveRole(actor.id(), resource, enough.atLeast(needed) ? enough : needed)
            .orElse(null);
    if (role == null || !role.atLeast(needed)) {
      throw new PermissionDeniedException("managing " + what + " of " + resource.ref() + " needs the "
          + needed.name().toLowerCase(Locale.ROOT) + " role");
    }
    return role;
  }
}
