package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.BotTokenRefusedException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.Principal;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.User;
import org.junit.jupiter.api.Test;

/**
 * Bot users (of project and group access tokens) act only through their resource's tokens: nobody
 * gives them personal or impersonation tokens. Sudo acts as any user who is not blocked, as the
 * platform allows, and the target stays what it is (a bot stays a bot).
 */
class BotUserRulesTest {
  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());
  private final User bot = f.directory.findUser(f.auth.resourceTokens().create(BOB, API_PROJECT,
      TokenSpec.of("ci", Scope.API), null).token().userId()).orElseThrow();

  private long personalTokensOfTheBot() {
    return f.store.find(TokenQuery.ofUser(bot.id(), TokenType.PERSONAL, TokenType.IMPERSONATION)).size();
  }

  @Test
  void anAdministratorCannotCreateAPersonalTokenForABot() {
    assertThatThrownBy(() -> f.auth.personalTokens().create(ROOT, bot.id(), TokenSpec.of("pat", Scope.API)))
        .isInstanceOf(BotTokenRefusedException.class)
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining(bot.username()).hasMessageContaining("bots get no personal tokens");
    assertThat(personalTokensOfTheBot()).isZero();
  }

  @Test
  void anAdministratorCannotCreateAnImpersonationTokenForABot() {
    assertThatThrownBy(() -> f.auth.personalTokens().createImpersonation(ROOT, bot.id(),
        TokenSpec.of("imp", Scope.API)))
        .isInstanceOf(BotTokenRefusedException.class)
        .hasMessageContaining("bots get no impersonation tokens");
    assertThat(personalTokensOfTheBot()).isZero();
  }

  @Test
  void aBotCannotCreateAPersonalTokenForItself() {
    assertThatThrownBy(() -> f.auth.personalTokens().create(bot.id(), bot.id(), TokenSpec.of("pat", Scope.API)))
        .isInstanceOf(BotTokenRefusedException.class);
    assertThat(personalTokensOfTheBot()).isZero();
  }

  @Test
  void aBotGetsNoPredeterminedPersonalToken() {
    assertThatThrownBy(() -> f.auth.personalTokens().createWithValue(bot.id(), TokenSpec.of("seed", Scope.API),
        "predetermined-value-for-a-bot-0001"))
        .isInstanceOf(BotTokenRefusedException.class);
    assertThat(personalTokensOfTheBot()).isZero();
  }

  /** A personal token whose owner became a bot later (a host that turned an account into one). */
  @Test
  void aPersonalTokenOfABotCannotBeRotated() {
    io.wvs.auth.CreatedToken token = f.auth.personalTokens().create(ROOT, RulesFixture.CAROL,
        TokenSpec.of("carol", Scope.API));
    User carol = f.directory.findUser(RulesFixture.CAROL).orElseThrow();
    f.directory.put(new User(carol.id(), carol.username(), false, false, false, true));
    assertThatThrownBy(() -> f.auth.personalTokens().rotate(ROOT, token.token().id(), null))
        .isInstanceOf(BotTokenRefusedException.class);
    assertThatThrownBy(() -> f.auth.personalTokens().rotateByValue(token.value(), null))
        .isInstanceOf(BotTokenRefusedException.class);
    assertThat(f.store.find(TokenQuery.ofUser(carol.id(), TokenType.PERSONAL))).singleElement()
        .satisfies(t -> assertThat(t.isRevoked()).isFalse());
  }

  private AuthResult sudo(String token, String target) {
    return f.auth.authenticator().authenticate(AuthRequest.builder(token)
        .require(ScopeRequirement.forApiMethod("GET")).sudo(target).build());
  }

  private String rootSudoToken() {
    return f.auth.personalTokens().create(ROOT, ROOT, TokenSpec.of("sudo", Scope.API, Scope.SUDO)).value();
  }

  @Test
  void sudoIntoAnotherAdministratorActsAsThatAdministrator() {
    User second = f.directory.put(User.admin(50, "second-admin"));
    AuthResult.Success ok = (AuthResult.Success) sudo(rootSudoToken(), "second-admin");
    assertThat(ok.principal()).extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.USER, (long) (second.id()), "second-admin");
    assertThat(ok.sudoBy().username()).isEqualTo("root");
  }

  @Test
  void sudoIntoABotActsAsTheBotWithItsOwnRoleOnly() {
    AuthResult.Success ok = (AuthResult.Success) sudo(rootSudoToken(), bot.username());
    assertThat(ok.principal()).extracting(Principal::kind, Principal::id, Principal::username)
        .containsExactly(Principal.Kind.BOT, (long) (bot.id()), bot.username());
    assertThat(ok.sudoBy().username()).isEqualTo("root");
    // Acting as the bot is acting with the bot's rights: a bot manages no tokens.
    assertThatThrownBy(() -> f.auth.resourceTokens().list(ok.principal().id(), API_PROJECT))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> f.auth.personalTokens().create(ok.principal().id(), bot.id(),
        TokenSpec.of("pat", Scope.API))).isInstanceOf(BotTokenRefusedException.class);
  }
}
