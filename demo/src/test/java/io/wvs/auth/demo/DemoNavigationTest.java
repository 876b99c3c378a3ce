package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.web.Navigation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The top bar's links: what a user maintains, directly or through a group above it. */
class DemoNavigationTest {
  private static final Fixture FIXTURE = Fixture.parse("""
      { "users": [ {"id": 1, "username": "root", "admin": true}, {"id": 2, "username": "gina"},
                   {"id": 3, "username": "dev"} ],
        "groups": [ {"id": 1, "path": "acme", "members": [ {"user_id": 2, "role": "maintainer"},
                                                            {"user_id": 3, "role": "developer"} ]},
                    {"id": 2, "path": "acme/sub", "parent_id": 1},
                    {"id": 3, "path": "other"} ],
        "projects": [ {"id": 1, "path": "acme/sub/api", "group_id": 2},
                      {"id": 2, "path": "other/tools", "group_id": 3,
                       "members": [ {"user_id": 3, "role": "owner"} ]} ] }
      """, "test");

  private final InMemoryUserDirectory directory = FIXTURE.toDirectory();
  private final DemoNavigation navigation = new DemoNavigation(FIXTURE, directory);

  private List<String> hrefs(long userId) {
    User user = directory.findUser(userId).orElseThrow();
    return navigation.linksFor(user).stream().map(Navigation.Link::href).toList();
  }

  @Test
  void aGroupMaintainerGetsLinksToTheGroupItsSubgroupsAndTheirProjects() {
    assertThat(hrefs(2)).containsExactly("/groups/acme/-/settings/access_tokens",
        "/groups/acme/sub/-/settings/access_tokens", "/acme/sub/api/-/settings/access_tokens");
  }

  @Test
  void aDeveloperGetsNoLinkToWhatTheyOnlyDevelopButToWhatTheyOwn() {
    assertThat(hrefs(3)).containsExactly("/other/tools/-/settings/access_tokens");
  }

  @Test
  void onlyAnAdministratorGetsTheAdminArea() {
    assertThat(hrefs(1)).containsExactly(BrowserRoutes.ADMIN_USERS);
    assertThat(navigation.linksFor(directory.findUser(1).orElseThrow()).get(0).label()).isEqualTo("Admin area");
  }
}
