package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.CAROL;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.PersonalTokenService;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import org.junit.jupiter.api.Test;

/**
 * Personal and impersonation token management beyond the seed rules: the instance-wide list, and
 * the by-value and by-id calls, which never reach a token that does not belong to a user.
 */
class PersonalTokenServiceTest {
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final RulesFixture f = new RulesFixture(store);
  private final PersonalTokenService personalTokens = f.auth.personalTokens();

  private CreatedToken personal(long userId, String name) {
    return personalTokens.create(userId, userId, TokenSpec.of(name, Scope.READ_API));
  }

  private CreatedToken impersonation(long userId) {
    return personalTokens.createImpersonation(ROOT, userId, TokenSpec.of("support", Scope.API));
  }

  private CreatedToken deployToken() {
    return f.auth.deployTokens().create(BOB, API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY));
  }

  @Test
  void administratorsListEveryUsersTokensAndNothingElse() {
    CreatedToken bobs = personal(BOB, "bob's");
    CreatedToken carols = personal(CAROL, "carol's");
    CreatedToken support = impersonation(CAROL);
    deployToken();

    assertThat(personalTokens.listAll(ROOT)).extracting(TokenView::id)
        .containsExactly(bobs.token().id(), carols.token().id(), support.token().id());
    assertThatThrownBy(() -> personalTokens.listAll(BOB)).isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void viewsSayWhetherTheyAreImpersonationTokens() {
    assertThat(personal(BOB, "own").token().impersonation()).isFalse();
    assertThat(impersonation(BOB).token().impersonation()).isTrue();
  }

  @Test
  void aDeployTokenIsNotAPersonalToken() {
    CreatedToken deploy = deployToken();

    assertThat(personalTokens.revokeByValue(deploy.value())).isFalse();
    assertThatThrownBy(() -> personalTokens.rotateByValue(deploy.value(), null))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> personalTokens.get(ROOT, deploy.token().id()))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> personalTokens.revoke(ROOT, deploy.token().id()))
        .isInstanceOf(TokenNotFoundException.class);
    assertThat(f.auth.deployTokens().get(BOB, API_PROJECT, deploy.token().id()).active()).isTrue();
  }

  @Test
  void withImpersonationDisabledOnlyImpersonationTokensCannotBeRotatedByValue() {
    CreatedToken own = personal(BOB, "own");
    CreatedToken support = impersonation(BOB);
    PersonalTokenService disabled = new RulesFixture(store,
        TokenPolicy.builder().impersonationEnabled(false).build()).auth.personalTokens();

    assertThatThrownBy(() -> disabled.rotateByValue(support.value(), null))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(disabled.rotateByValue(own.value(), null).token().active()).isTrue();
    assertThat(personalTokens.get(ROOT, support.token().id()).active()).isTrue();
  }
}
