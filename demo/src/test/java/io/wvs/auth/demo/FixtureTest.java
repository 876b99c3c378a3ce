package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.Resource;
import org.junit.jupiter.api.Test;

class FixtureTest {

  @Test
  void builtInFixtureIsTheDocumentedOne() {
    Fixture f = Fixture.builtIn();
    InMemoryUserDirectory d = f.toDirectory();

    assertThat(d.findUser(1)).hasValueSatisfying(u -> {
      assertThat(u.username()).isEqualTo("root");
      assertThat(u.admin()).isTrue();
    });
    assertThat(d.findUser(2)).hasValueSatisfying(u -> {
      assertThat(u.username()).isEqualTo("alice");
      assertThat(u.twoFactorEnabled()).isTrue();
      assertThat(u.admin()).isFalse();
    });
    assertThat(d.findUser(3)).hasValueSatisfying(u -> assertThat(u.username()).isEqualTo("bob"));
    assertThat(d.verifyPassword("alice", "alice-password".toCharArray())).isTrue();
    assertThat(d.verifyPassword("bob", "bob-password".toCharArray())).isTrue();
    assertThat(d.verifyPassword("bob", "alice-password".toCharArray())).isFalse();

    assertThat(d.findResourceByPath("acme")).map(Resource::ref).hasValue(ResourceRef.group(1));
    assertThat(d.findResourceByPath("acme/platform")).hasValueSatisfying(r -> {
      assertThat(r.ref()).isEqualTo(ResourceRef.group(2));
      assertThat(r.parent()).isEqualTo(ResourceRef.group(1));
    });
    assertThat(d.findResourceByPath("other")).map(Resource::ref).hasValue(ResourceRef.group(3));
    assertThat(d.findResourceByPath("acme/platform/api")).hasValueSatisfying(r -> {
      assertThat(r.ref()).isEqualTo(ResourceRef.project(1));
      assertThat(r.parent()).isEqualTo(ResourceRef.group(2));
    });
    assertThat(d.findResourceByPath("acme/website")).map(Resource::parent).hasValue(ResourceRef.group(1));
    assertThat(d.findResourceByPath("other/tools")).map(Resource::ref).hasValue(ResourceRef.project(3));

    assertThat(d.directRole(3, ResourceRef.project(1))).hasValue(Role.MAINTAINER);
    assertThat(d.directRole(2, ResourceRef.project(1))).hasValue(Role.DEVELOPER);
    assertThat(d.directRole(3, ResourceRef.project(2))).hasValue(Role.MAINTAINER);
    assertThat(d.directRole(1, ResourceRef.project(3))).hasValue(Role.OWNER);
    assertThat(d.directRole(2, ResourceRef.project(2))).isEmpty();
  }

  @Test
  void emailIsOptionalAndChecked() {
    Fixture builtIn = Fixture.builtIn();
    assertThat(builtIn.email(1)).hasValue("root@example.com");
    assertThat(builtIn.email(2)).hasValue("alice@example.com");
    assertThat(builtIn.email(3)).hasValue("bob@example.com");
    assertThat(builtIn.email(99)).isEmpty();

    Fixture f = Fixture.parse("""
        {"users": [{"id": 7, "username": "carol", "email": "carol@mail.example.org"},
                   {"id": 8, "username": "dave"}]}""", "test");
    assertThat(f.email(7)).hasValue("carol@mail.example.org");
    assertThat(f.email(8)).isEmpty();
    for (String bad : new String[] {"carol", "carol@", "@example.com", "Carol <c@example.com>",
        "c d@example.com", "c@exa mple.com", "c@example.com\\r\\nBcc: x@example.com"}) {
      assertThatThrownBy(() -> Fixture.parse("{\"users\": [{\"id\": 7, \"username\": \"carol\","
          + " \"email\": \"" + bad + "\"}]}", "f.json"))
          .as(bad).hasMessageContaining("users[0].email");
    }
  }

  @Test
  void parseWhenRolesAsAccessLevelsAndGroupMembersThenAccepted() {
    Fixture f = Fixture.parse("""
        {"users": [{"id": 7, "username": "carol"}],
         "groups": [{"id": 9, "path": "g", "members": [{"user_id": 7, "role": 40}]}],
         "projects": [{"id": 4, "path": "g/p", "group_id": 9}]}""", "test");
    assertThat(f.toDirectory().directRole(7, ResourceRef.group(9))).hasValue(Role.MAINTAINER);
    assertThat(f.maxUserId()).isEqualTo(7);
  }

  @Test
  void parseWhenInvalidThenTheMessageSaysWhatAndWhere() {
    assertThatThrownBy(() -> Fixture.parse("{", "f.json")).hasMessageContaining("f.json is not valid JSON");
    assertThatThrownBy(() -> Fixture.parse("{\"user\": []}", "f.json"))
        .hasMessageContaining("unknown field 'user'");
    assertThatThrownBy(() -> Fixture.parse("{\"users\": [{\"id\": 1}]}", "f.json"))
        .hasMessageContaining("users[0].username is required");
    assertThatThrownBy(() -> Fixture.parse("{\"users\": [{\"id\": 1, \"username\": \"a\"},"
        + " {\"id\": 1, \"username\": \"b\"}]}", "f.json")).hasMessageContaining("user id 1 is used twice");
    assertThatThrownBy(() -> Fixture.parse("{\"groups\": [{\"id\": 1, \"path\": \"a/b\"}]}", "f.json"))
        .hasMessageContaining("no parent_id");
    assertThatThrownBy(() -> Fixture.parse("{\"groups\": [{\"id\": 1, \"path\": \"a\"}],"
        + " \"projects\": [{\"id\": 1, \"path\": \"b/p\", \"group_id\": 1}]}", "f.json"))
        .hasMessageContaining("must be 'a/<name>'");
    assertThatThrownBy(() -> Fixture.parse("{\"groups\": [{\"id\": 1, \"path\": \"a\"}],"
        + " \"projects\": [{\"id\": 1, \"path\": \"a/p\", \"group_id\": 1,"
        + " \"members\": [{\"user_id\": 5, \"role\": \"developer\"}]}]}", "f.json"))
        .hasMessageContaining("user_id 5, which is no user");
    assertThatThrownBy(() -> Fixture.parse("{\"users\": [{\"id\": 1, \"username\": \"a\"}],"
        + " \"groups\": [{\"id\": 1, \"path\": \"a\", \"members\": [{\"user_id\": 1, \"role\": \"boss\"}]}]}",
        "f.json")).hasMessageContaining("role must be guest, reporter, developer, maintainer or owner");
    assertThatThrownBy(() -> Fixture.parse("{\"groups\": [{\"id\": 1, \"path\": \"../etc\"}]}", "f.json"))
        .hasMessageContaining("must be names of letters");
  }
}
