package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ACME;
import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.Test;

/**
 * Every kind of token keeps the description it was created with: in the answer to the creation,
 * in every later read, and in the successor of a rotation.
 */
class TokenDescriptionRulesTest {
  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());

  @Test
  void aPersonalTokenKeepsItsDescriptionThroughReadsAndRotation() {
    CreatedToken created = f.auth.personalTokens().create(ALICE, ALICE,
        TokenSpec.of("laptop", Scope.READ_API).withDescription("Backups from the home laptop"));

    assertThat(created.token().description()).isEqualTo("Backups from the home laptop");
    assertThat(f.auth.personalTokens().get(ALICE, created.token().id()).description())
        .isEqualTo("Backups from the home laptop");
    CreatedToken rotated = f.auth.personalTokens().rotate(ALICE, created.token().id(), null);
    assertThat(rotated.token().description()).isEqualTo("Backups from the home laptop");
    assertThat(f.auth.personalTokens().list(ALICE, ALICE))
        .extracting(v -> v.description()).containsOnly("Backups from the home laptop");
  }

  @Test
  void anImpersonationTokenKeepsItsDescription() {
    CreatedToken created = f.auth.personalTokens().createImpersonation(ROOT, ALICE,
        TokenSpec.of("support", Scope.READ_USER).withDescription("Ticket 4711"));

    assertThat(f.auth.personalTokens().get(ROOT, created.token().id()).description())
        .isEqualTo("Ticket 4711");
  }

  @Test
  void aProjectAccessTokenKeepsItsDescriptionThroughRotation() {
    CreatedToken created = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("release", Scope.API).withDescription("Tags releases from CI"), null);

    assertThat(f.auth.resourceTokens().get(BOB, API_PROJECT, created.token().id()).description())
        .isEqualTo("Tags releases from CI");
    CreatedToken rotated = f.auth.resourceTokens().rotate(BOB, API_PROJECT, created.token().id(), null);
    assertThat(rotated.token().description()).isEqualTo("Tags releases from CI");
  }

  @Test
  void aDeployTokenKeepsItsDescription() {
    CreatedToken created = f.auth.deployTokens().create(ROOT, ACME,
        DeployTokenSpec.of("mirror", Scope.READ_REPOSITORY).withDescription("Read-only mirror"));

    assertThat(created.token().description()).isEqualTo("Read-only mirror");
    assertThat(f.auth.deployTokens().get(ROOT, ACME, created.token().id()).description())
        .isEqualTo("Read-only mirror");
  }

  @Test
  void aTokenCreatedWithoutADescriptionHasNone() {
    CreatedToken created = f.auth.personalTokens().create(ALICE, ALICE, TokenSpec.of("plain", Scope.READ_API));

    assertThat(created.token().description()).isNull();
  }
}
