package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.PLATFORM;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static io.wvs.auth.tck.RulesFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenService;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.spi.TokenStore;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of rotating deploy tokens, over any store: maintainers rotate them, the successor
 * keeps username, name, description, scopes and expiry, the CI token stays the CI token, and
 * presenting a rotated-away token to rotation again revokes its whole family. A store module runs
 * it by extending it with {@link #newStore()}.
 *
 * @since 0.1
 */
public abstract class DeployTokenRotationRulesContract {
  private RulesFixture f;

  /** {@return a fresh, empty store} */
  protected abstract TokenStore newStore();

  @BeforeEach
  void setUp() {
    f = new RulesFixture(newStore());
  }

  private boolean clones(String username, String token, ResourceRef project) {
    return f.auth.authenticator().authenticate(AuthRequest.builder(token).channel(Channel.GIT_HTTP)
        .username(username).require(ScopeRequirement.gitPull()).resource(project).build()).isSuccess();
  }

  @Test
  void aMaintainerRotatesADeployTokenKeepingItsUsernameScopesAndExpiry() {
    LocalDate expiry = LocalDate.of(2026, 9, 1);
    CreatedToken token = f.auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of("puller", Scope.READ_REPOSITORY, Scope.READ_PACKAGE_REGISTRY)
            .withUsername("ci-puller").withDescription("Pulls for the release job").expiringOn(expiry));

    CreatedToken successor = f.auth.deployTokens().rotate(BOB, API_PROJECT, token.token().id(), null);

    assertThat(successor.token().id()).isNotEqualTo(token.token().id());
    assertThat(successor.token().username()).isEqualTo("ci-puller");
    assertThat(successor.token().name()).isEqualTo("puller");
    assertThat(successor.token().description()).isEqualTo("Pulls for the release job");
    assertThat(successor.token().scopes())
        .containsExactlyInAnyOrder(Scope.READ_REPOSITORY, Scope.READ_PACKAGE_REGISTRY);
    assertThat(successor.token().expiresOn()).isEqualTo(expiry);
    assertThat(clones("ci-puller", successor.value(), API_PROJECT)).isTrue();
    assertThat(clones("ci-puller", token.value(), API_PROJECT)).isFalse();
    assertThat(f.auth.deployTokens().get(BOB, API_PROJECT, token.token().id()).revoked()).isTrue();
  }

  @Test
  void aRotatedDeployTokenKeepsItsDefaultUsernameAndNeverExpiringUnlessADateIsGiven() {
    CreatedToken token = f.auth.deployTokens().create(ROOT, PLATFORM, DeployTokenSpec.of("g", Scope.READ_REPOSITORY));

    CreatedToken successor = f.auth.deployTokens().rotate(ROOT, PLATFORM, token.token().id(), null);
    CreatedToken dated = f.auth.deployTokens().rotate(ROOT, PLATFORM, successor.token().id(),
        LocalDate.of(2026, 12, 31));

    assertThat(successor.token().username()).isEqualTo("wvs+deploy-token-" + token.token().id());
    assertThat(successor.token().expiresOn()).isNull();
    assertThat(dated.token().username()).isEqualTo("wvs+deploy-token-" + token.token().id());
    assertThat(dated.token().expiresOn()).isEqualTo(LocalDate.of(2026, 12, 31));
    assertThat(clones(dated.token().username(), dated.value(), API_PROJECT)).isTrue();
    assertThatThrownBy(() -> f.auth.deployTokens().rotate(ROOT, PLATFORM, dated.token().id(),
        LocalDate.of(2026, 3, 10))).isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void onlyMaintainersOfItsResourceRotateADeployToken() {
    CreatedToken token = f.auth.deployTokens().create(BOB, API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));

    assertThatThrownBy(() -> f.auth.deployTokens().rotate(ALICE, API_PROJECT, token.token().id(), null))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> f.auth.deployTokens().rotate(BOB, WEBSITE, token.token().id(), null))
        .isInstanceOf(TokenNotFoundException.class);
    assertThat(clones(token.token().username(), token.value(), API_PROJECT)).isTrue();
  }

  /** Reuse detection as for every rotation: the superseded token presented again revokes the family. */
  @Test
  void rotatingARotatedAwayDeployTokenRevokesItsWholeFamily() {
    CreatedToken token = f.auth.deployTokens().create(BOB, API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
    CreatedToken successor = f.auth.deployTokens().rotate(BOB, API_PROJECT, token.token().id(), null);

    assertThatThrownBy(() -> f.auth.deployTokens().rotate(BOB, API_PROJECT, token.token().id(), null))
        .isInstanceOf(TokenReuseDetectedException.class);
    assertThat(clones(successor.token().username(), successor.value(), API_PROJECT)).isFalse();
    assertThat(f.auth.deployTokens().get(BOB, API_PROJECT, successor.token().id()).revoked()).isTrue();
  }

  @Test
  void theCiDeployTokenStaysTheCiTokenWhenRotated() {
    CreatedToken ci = f.auth.deployTokens().create(BOB, API_PROJECT,
        DeployTokenSpec.of(DeployTokenService.CI_TOKEN_NAME, Scope.READ_REGISTRY));

    CreatedToken successor = f.auth.deployTokens().rotate(BOB, API_PROJECT, ci.token().id(), null);

    assertThat(f.auth.deployTokens().ciVariables(API_PROJECT)).hasValueSatisfying(v -> {
      assertThat(v.user()).isEqualTo(ci.token().username());
      assertThat(v.password()).isEqualTo(successor.value());
    });
    AuthResult registry = f.auth.authenticator().authenticate(AuthRequest.builder(successor.value())
        .channel(Channel.CONTAINER_REGISTRY).username(ci.token().username())
        .require(ScopeRequirement.anyOf(Scope.READ_REGISTRY)).resource(API_PROJECT).build());
    assertThat(registry.isSuccess()).isTrue();
  }
}
