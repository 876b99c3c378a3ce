package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ACME;
import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.CAROL;
import static io.wvs.auth.tck.RulesFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.ResourceTokenService;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

/**
 * Project and group access token management beyond the seed rules: reading and revoking one token
 * within its resource, keeping a bot its rotated successor still uses, bot names already taken, and
 * roles inherited from parent groups.
 */
class ResourceTokenServiceTest {
  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());
  private final ResourceTokenService resourceTokens = f.auth.resourceTokens();

  private CreatedToken projectToken(String name) {
    return resourceTokens.create(BOB, API_PROJECT, TokenSpec.of(name, Scope.READ_API), null);
  }

  @Test
  void maintainersReadOneTokenOfTheirResource() {
    CreatedToken token = projectToken("ci");

    assertThat(resourceTokens.get(BOB, API_PROJECT, token.token().id())).isEqualTo(token.token());
    assertThatThrownBy(() -> resourceTokens.get(ALICE, API_PROJECT, token.token().id()))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void aTokenIsNotFoundThroughAnotherResourceOrAsAnotherType() {
    long id = projectToken("ci").token().id();
    long deploy = f.auth.deployTokens().create(BOB, API_PROJECT, DeployTokenSpec.of("d", Scope.READ_REPOSITORY))
        .token().id();

    assertThatThrownBy(() -> resourceTokens.get(BOB, WEBSITE, id)).isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> resourceTokens.revoke(BOB, WEBSITE, id)).isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> resourceTokens.get(BOB, API_PROJECT, deploy))
        .isInstanceOf(TokenNotFoundException.class);
    assertThat(resourceTokens.get(BOB, API_PROJECT, id).active()).isTrue();
  }

  @Test
  void revokeAnswersWithTheRevokedToken() {
    long id = projectToken("ci").token().id();

    TokenView revoked = resourceTokens.revoke(BOB, API_PROJECT, id);

    assertThat(revoked.id()).isEqualTo(id);
    assertThat(revoked.revoked()).isTrue();
    assertThat(revoked.active()).isFalse();
  }

  @Test
  void revokingDeletesOnlyTheTokensOwnBotAndNotOneItsSuccessorStillUses() {
    CreatedToken a = projectToken("a");
    CreatedToken b = projectToken("b");

    resourceTokens.revoke(BOB, API_PROJECT, a.token().id());
    assertThat(f.directory.findUser(a.token().userId())).isEmpty();
    assertThat(f.directory.findUser(b.token().userId())).isPresent();

    CreatedToken successor = resourceTokens.rotate(BOB, API_PROJECT, b.token().id(), null);
    resourceTokens.revoke(BOB, API_PROJECT, b.token().id());
    assertThat(f.directory.findUser(successor.token().userId())).isPresent();
    assertThat(resourceTokens.get(BOB, API_PROJECT, successor.token().id()).active()).isTrue();
  }

  @Test
  void aBotNameTakenByAUserIsSkipped() {
    f.directory.put(User.regular(50, "project_1_bot"));
    f.directory.put(User.regular(51, "project_1_bot2"));

    CreatedToken first = projectToken("one");
    CreatedToken second = projectToken("two");

    assertThat(f.directory.findUser(first.token().userId()).orElseThrow().username()).isEqualTo("project_1_bot1");
    assertThat(f.directory.findUser(second.token().userId()).orElseThrow().username())
        .isEqualTo("project_1_bot3");
  }

  @Test
  void creationGivesUpAfterOneHundredTakenBotNames() {
    f.directory.put(User.regular(100, "project_1_bot"));
    for (int i = 1; i < 100; i++) {
      f.directory.put(User.regular(100 + i, "project_1_bot" + i));
    }

    assertThatThrownBy(() -> projectToken("ci")).isInstanceOf(TokenConflictException.class)
        .hasMessageContaining("after 100 attempts");
    assertThat(resourceTokens.list(BOB, API_PROJECT)).isEmpty();
  }

  @Test
  void aBotThatCannotBeRemovedAfterAFailedInsertIsReportedWithTheInsertFailure() {
    TokenStore failingInserts = new ForwardingTokenStore() {
      @Override
      protected TokenStore delegate() {
        return f.store;
      }

      @Override
      public TokenRecord insert(NewToken token) {
        throw new StoreUnavailableException("connection lost");
      }
    };
    BotAccounts undeletableBots = new ForwardingBotAccounts() {
      @Override
      protected BotAccounts delegate() {
        return f.directory;
      }

      @Override
      public void deleteBot(long botUserId) {
        throw new IllegalStateException("directory is read-only");
      }
    };
    WvsAuth broken = WvsAuth.builder().tokenStore(failingInserts).userDirectory(f.directory)
        .resourceDirectory(f.directory).botAccounts(undeletableBots).keyring(RulesFixture.keyring()).clock(f.clock).build();

    assertThatThrownBy(() -> broken.resourceTokens().create(BOB, API_PROJECT, TokenSpec.of("ci", Scope.API), null))
        .isInstanceOf(StoreUnavailableException.class).hasMessage("connection lost")
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
            .satisfies(s -> assertThat(s).isInstanceOf(StoreUnavailableException.class)
                .hasRootCauseMessage("directory is read-only")));
  }

  @Test
  void theHighestOfDirectAndInheritedRolesCounts() {
    f.directory.addMember(ALICE, ACME, Role.MAINTAINER); // developer of the project itself
    f.directory.addMember(CAROL, API_PROJECT, Role.MAINTAINER);
    f.directory.addMember(CAROL, ACME, Role.DEVELOPER);

    assertThat(resourceTokens.create(ALICE, API_PROJECT, TokenSpec.of("a", Scope.READ_API), null)
        .token().active()).isTrue();
    assertThat(resourceTokens.create(CAROL, API_PROJECT, TokenSpec.of("c", Scope.READ_API), Role.MAINTAINER)
        .token().active()).isTrue();
  }
}
