package io.wvs.auth;

import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is told about a token, and how it is described to them: its owner for a personal or
 * impersonation token, the maintainers (direct or inherited) of its project or group for access and
 * deploy tokens; blocked users and bots are never told. One rule for expiry notices and leak
 * revocations.
 */
final class TokenRecipients {
  private final Engine engine;

  TokenRecipients(Engine engine) {
    this.engine = engine;
  }

  /** The people told about {@code token}; maintainers are looked up once per resource in {@code cache}. */
  List<User> of(TokenRecord token, Map<ResourceRef, List<User>> cache) {
    if (token.type().belongsToUser()) {
      return engine.directory.findUser(token.userId())
          .filter(TokenRecipients::canReceive).map(List::of).orElse(List.of());
    }
    return token.resource() == null ? List.of()
        : cache.computeIfAbsent(token.resource(), this::maintainersOf);
  }

  private List<User> maintainersOf(ResourceRef resource) {
    Set<Long> ids = new LinkedHashSet<>();
    for (ResourceRef r : engine.hierarchy.selfAndAncestors(resource)) {
      for (Membership m : engine.resources.members(r)) {
        if (m.role().atLeast(Role.MAINTAINER)) {
          ids.add(m.userId());
        }
      }
    }
    List<User> users = new ArrayList<>();
    for (long id : ids) {
      engine.directory.findUser(id).filter(TokenRecipients::canReceive).ifPresent(users::add);
    }
    return users;
  }

  private static boolean canReceive(User user) {
    return !user.blocked() && !user.bot();
  }

  /** What the token is, e.g. "personal access token" or "project access token of acme/api". */
  String describe(TokenRecord token) {
    ResourceRef resource = token.resource();
    if (resource == null) {
      return token.type().noticeName();
    }
    Optional<String> path = engine.resources.findResource(resource).map(Resource::fullPath);
    return token.type().noticeName() + " of " + path.orElse(resource.toString());
  }

  /** The token's project or group and the groups above it, nearest first; empty for a user's. */
  List<Resource> chainOf(TokenRecord token) {
    return token.resource() == null ? List.of() : engine.hierarchy.chainOf(token.resource());
  }
}
