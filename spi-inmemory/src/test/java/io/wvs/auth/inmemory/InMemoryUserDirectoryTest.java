package io.wvs.auth.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

class InMemoryUserDirectoryTest {

  /**
   * Revoked tokens keep their deleted bot's id. Were the id handed to a new bot, those tokens would
   * name it, and a revocation of one of them racing the new bot's token creation (it checks for
   * active tokens of that id, then deletes the bot) could delete the new bot under a live token:
   * the store stress run saw project tokens refused as USER_BLOCKED that nobody had revoked.
   */
  @Test
  void aDeletedBotsIdIsNeverGivenToANewBot() {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.addGroup(1, "acme", null);
    directory.addProject(1, "acme/api", 1);
    ResourceRef project = ResourceRef.project(1);
    User first = directory.createBot(project, "project_1_bot", "ci", Role.MAINTAINER);
    directory.deleteBot(first.id()); // creates the Ghost User
    User second = directory.createBot(project, "project_1_bot1", "ci", Role.MAINTAINER);
    directory.deleteBot(second.id());

    User third = directory.createBot(project, "project_1_bot2", "ci", Role.MAINTAINER);

    assertThat(third.id()).isNotIn(first.id(), second.id());
  }

  @Test
  void passwordRefusalsDoTheSameWorkForUnknownUsersUsersWithoutPasswordAndWrongPasswords() {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(new User(1, "alice", false, false, false, false));
    directory.put(new User(2, "bob", false, false, false, false));
    directory.setPassword("alice", "correct horse");

    long before = directory.passwordHashCount();
    assertThat(directory.verifyPassword("alice", "wrong".toCharArray())).isFalse();
    long wrongPassword = directory.passwordHashCount() - before;
    before = directory.passwordHashCount();
    assertThat(directory.verifyPassword("bob", "wrong".toCharArray())).isFalse();
    long noPassword = directory.passwordHashCount() - before;
    before = directory.passwordHashCount();
    assertThat(directory.verifyPassword("mallory", "wrong".toCharArray())).isFalse();
    long unknownUser = directory.passwordHashCount() - before;
    before = directory.passwordHashCount();
    assertThat(directory.verifyPassword(null, null)).isFalse();
    long nothingGiven = directory.passwordHashCount() - before;

    assertThat(wrongPassword).isEqualTo(1);
    assertThat(noPassword).isEqualTo(wrongPassword);
    assertThat(unknownUser).isEqualTo(wrongPassword);
    assertThat(nothingGiven).isEqualTo(wrongPassword);
    assertThat(directory.verifyPassword("alice", "correct horse".toCharArray())).isTrue();
  }
}
