package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ACME;
import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static io.wvs.auth.tck.RulesFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenService;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuthException;
import io.wvs.auth.spi.TokenRecord;
import org.junit.jupiter.api.Test;

/**
 * Deploy token management beyond the seed rules: reading and revoking one token, which stays
 * within its resource and its maintainers, and what the CI token's sealing guarantees.
 */
class DeployTokenServiceTest {
  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());
  private final DeployTokenService deployTokens = f.auth.deployTokens();

  private CreatedToken deploy(ResourceRef resource, String name) {
    return deployTokens.create(resource == ACME ? ROOT : BOB, resource,
        DeployTokenSpec.of(name, Scope.READ_REPOSITORY));
  }

  @Test
  void maintainersReadOneTokenOfTheirResource() {
    CreatedToken token = deploy(API_PROJECT, "reader");

    TokenView view = deployTokens.get(BOB, API_PROJECT, token.token().id());

    assertThat(view).isEqualTo(token.token());
    assertThatThrownBy(() -> deployTokens.get(ALICE, API_PROJECT, token.token().id()))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void maintainersListTheirResourcesTokensOnly() {
    CreatedToken mine = deploy(API_PROJECT, "mine");
    deploy(WEBSITE, "theirs");

    assertThat(deployTokens.list(BOB, API_PROJECT)).containsExactly(mine.token());
  }

  @Test
  void aTokenIsNotFoundThroughAnotherResource() {
    long id = deploy(API_PROJECT, "reader").token().id();

    assertThatThrownBy(() -> deployTokens.get(BOB, WEBSITE, id)).isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> deployTokens.revoke(BOB, WEBSITE, id)).isInstanceOf(TokenNotFoundException.class);
    assertThat(deployTokens.get(BOB, API_PROJECT, id).active()).isTrue();
  }

  @Test
  void aProjectAccessTokenIsNoDeployToken() {
    long id = f.auth.resourceTokens().create(BOB, API_PROJECT, TokenSpec.of("bot", Scope.READ_API), null)
        .token().id();

    assertThatThrownBy(() -> deployTokens.get(BOB, API_PROJECT, id)).isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> deployTokens.revoke(BOB, API_PROJECT, id))
        .isInstanceOf(TokenNotFoundException.class);
  }

  @Test
  void onlyMaintainersRevokeAndTheResultShowsTheTokenRevoked() {
    long id = deploy(API_PROJECT, "reader").token().id();

    assertThatThrownBy(() -> deployTokens.revoke(ALICE, API_PROJECT, id))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(deployTokens.get(BOB, API_PROJECT, id).active()).isTrue();

    TokenView revoked = deployTokens.revoke(BOB, API_PROJECT, id);
    assertThat(revoked.revoked()).isTrue();
    assertThat(revoked.active()).isFalse();
    assertThat(deployTokens.revoke(BOB, API_PROJECT, id).revoked()).isTrue();
  }

  @Test
  void onlyTheProjectCiTokenIsSealed() {
    long other = deploy(API_PROJECT, "not-ci").token().id();
    long group = deploy(ACME, DeployTokenService.CI_TOKEN_NAME).token().id();
    long ci = deploy(API_PROJECT, DeployTokenService.CI_TOKEN_NAME).token().id();

    assertThat(f.store.findById(other).orElseThrow().sealedSecret()).isNull();
    assertThat(f.store.findById(group).orElseThrow().sealedSecret()).isNull();
    assertThat(f.store.findById(ci).orElseThrow().sealedSecret()).isNotNull();
  }

  @Test
  void ciVariablesComeFromTheCiTokenEvenWhenNewerTokensExist() {
    CreatedToken ci = deploy(API_PROJECT, DeployTokenService.CI_TOKEN_NAME);
    deploy(API_PROJECT, "newer");

    assertThat(deployTokens.ciVariables(API_PROJECT).orElseThrow().password()).isEqualTo(ci.value());
  }

  @Test
  void aSealedCiTokenCopiedToAnotherProjectDoesNotOpen() {
    CreatedToken ci = deploy(API_PROJECT, DeployTokenService.CI_TOKEN_NAME);
    TokenRecord sealed = f.store.findById(ci.token().id()).orElseThrow();
    f.store.insert(ContractFixtures.deploy(WEBSITE).name(DeployTokenService.CI_TOKEN_NAME)
        .createdAt(RulesFixture.START).expiresOn(null).sealedSecret(sealed.sealedSecret()).build());

    assertThatThrownBy(() -> deployTokens.ciVariables(WEBSITE)).isInstanceOf(WvsAuthException.class);
    assertThat(deployTokens.ciVariables(API_PROJECT).orElseThrow().password()).isEqualTo(ci.value());
  }
}
