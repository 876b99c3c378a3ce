package io.wvs.auth.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

/**
 * A management decision walks the resource chain once: each project and group above the addressed
 * one is looked up at most once, and the walk stops at the membership that decides.
 */
class MembershipWalkTest {
  private static final ResourceRef API = ResourceRef.project(1);
  private final InMemoryUserDirectory directory = new InMemoryUserDirectory();
  private final CountingUserDirectory counting = new CountingUserDirectory(directory);
  private final WvsAuth auth = counting.supplyTo(WvsAuth.builder()).tokenStore(new InMemoryTokenStore())
      .keyring(DigestKeyring.of("k1", new byte[32])).build();

  MembershipWalkTest() {
    directory.put(User.regular(2, "carol"));
    directory.put(User.regular(3, "dave"));
    directory.put(User.regular(4, "erin"));
    directory.addGroup(1, "acme", null);
    directory.addGroup(2, "acme/platform", 1L);
    directory.addProject(1, "acme/platform/api", 2);
    directory.addMember(2, ResourceRef.group(1), Role.MAINTAINER);
    directory.addMember(3, API, Role.MAINTAINER);
    directory.addMember(4, API, Role.DEVELOPER);
  }

  @Test
  void aRoleInheritedFromTheTopGroupIsFoundInOneWalkUpTheChain() {
    counting.reset();

    assertThat(auth.resourceTokens().list(2, API)).isEmpty();

    System.out.println("inherited role, list by id: " + counting.calls() + " calls (findResource "
        + counting.calls("findResource") + ", directRole " + counting.calls("directRole") + ")");
    // api, platform, acme: each looked up at most once, one role question each.
    assertThat(counting.calls("findResource")).isLessThanOrEqualTo(3);
    assertThat(counting.calls("directRole")).isEqualTo(3);
  }

  @Test
  void aDirectMaintainerRoleEndsTheWalkAtTheProject() {
    counting.reset();

    assertThat(auth.resourceTokens().list(3, API)).isEmpty();

    assertThat(counting.calls("findResource")).isEqualTo(1);
    assertThat(counting.calls("directRole")).isEqualTo(1);
  }

  @Test
  void aDeveloperIsStillRefusedAfterTheWholeChainIsWalkedOnce() {
    counting.reset();

    assertThatThrownBy(() -> auth.resourceTokens().list(4, API)).isInstanceOf(PermissionDeniedException.class);

    assertThat(counting.calls("findResource")).isLessThanOrEqualTo(3);
    assertThat(counting.calls("directRole")).isEqualTo(3);
  }
}
