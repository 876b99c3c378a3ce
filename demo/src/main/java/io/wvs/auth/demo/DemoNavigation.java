package io.wvs.auth.demo;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.web.Navigation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The top bar's links for a signed-in user: the fixture's projects and groups the user maintains
 * (Maintainer or Owner, directly or through a parent group), each linking to its access tokens
 * settings, and the admin area for administrators.
 */
final class DemoNavigation implements Navigation {
  private final Fixture fixture;
  private final ResourceDirectory directory;

  DemoNavigation(Fixture fixture, ResourceDirectory directory) {
    this.fixture = fixture;
    this.directory = directory;
  }

  /** The links for {@code user}, groups first, then projects, then the admin area. */
  @Override
  public List<Link> linksFor(User user) {
    List<Link> links = new ArrayList<>();
    for (Fixture.FixtureGroup g : fixture.groups()) {
      if (maintains(user, ResourceRef.group(g.id()))) {
        links.add(new Link(g.path(), "/groups/" + g.path() + "/-/settings/access_tokens"));
      }
    }
    for (Fixture.FixtureProject p : fixture.projects()) {
      if (maintains(user, ResourceRef.project(p.id()))) {
        links.add(new Link(p.path(), "/" + p.path() + "/-/settings/access_tokens"));
      }
    }
    if (user.admin()) {
      links.add(new Link("Admin area", "/admin/users"));
    }
    return List.copyOf(links);
  }

  /** Maintainer or above on {@code ref} or one of its parent groups. */
  private boolean maintains(User user, ResourceRef ref) {
    for (int depth = 0; ref != null && depth < 32; depth++) {
      Optional<Role> role = directory.directRole(user.id(), ref);
      if (role.isPresent() && role.get().atLeast(Role.MAINTAINER)) {
        return true;
      }
      ref = directory.findResource(ref).map(Resource::parent).orElse(null);
    }
    return false;
  }
}
