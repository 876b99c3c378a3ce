package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.PLATFORM;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.MissingCapabilityException;
import io.wvs.auth.Role;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.User;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The host's directory comes in capabilities: users (required), projects and groups, bot accounts
 * and password checks (each optional). A missing capability is named at build() when the
 * combination cannot work, and at the first call of a feature that needs it, never a raw failure;
 * every capability the host supplies is guarded so that any failure in it is a store failure.
 */
class CapabilitiesTest {
  private final RulesFixture f = new RulesFixture(new InMemoryTokenStore());

  /** An instance over the fixture's store and users, with only the capabilities the caller adds. */
  private WvsAuth.Builder usersOnly() {
    return WvsAuth.builder().tokenStore(f.store).userDirectory(f.directory)
        .keyring(RulesFixture.keyring()).clock(f.clock);
  }

  @Test
  void creatingAProjectTokenWithoutBotAccountsNamesTheMissingCapability() {
    WvsAuth noBots = usersOnly().resourceDirectory(f.directory).build();

    assertThatThrownBy(() -> noBots.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("ci", Scope.API), null))
        .isInstanceOfSatisfying(MissingCapabilityException.class,
            e -> assertThat(e.capability()).isEqualTo("botAccounts"))
        .hasMessage("creating a project access token needs bot accounts:"
            + " supply WvsAuth.builder().botAccounts(...)");
    assertThatThrownBy(() -> noBots.resourceTokens().create(ROOT, PLATFORM,
        TokenSpec.of("ci", Scope.API), null))
        .isInstanceOf(MissingCapabilityException.class)
        .hasMessageStartingWith("creating a group access token needs bot accounts");
    assertThat(f.store.find(TokenQuery.ofResource(API_PROJECT, TokenType.PROJECT_ACCESS))).isEmpty();
    assertThat(f.directory.findUserByUsername("project_1_bot")).isEmpty();
  }

  @Test
  void botAccountsWithoutAResourceDirectoryIsRefusedAtBuild() {
    assertThatThrownBy(() -> usersOnly().botAccounts(f.directory).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("botAccounts serves projects and groups, which need a resource directory:"
            + " supply WvsAuth.builder().resourceDirectory(...)");
  }

  @Test
  void aCiSecretKeyWithoutAResourceDirectoryIsRefusedAtBuild() {
    assertThatThrownBy(() -> usersOnly().ciSecretKey(new byte[32]).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ciSecretKey serves projects and groups")
        .hasMessageContaining("WvsAuth.builder().resourceDirectory(...)");
    assertThatThrownBy(() -> usersOnly().botAccounts(f.directory).ciSecretKey(new byte[32]).build())
        .hasMessageStartingWith("botAccounts and ciSecretKey serve projects and groups");
  }

  @Test
  void aCapabilitySuppliedTwiceIsRefusedNamingTheFirst() {
    WvsAuth.Builder builder = usersOnly().resourceDirectory(f.directory).botAccounts(f.directory)
        .passwordVerifier(f.directory);
    assertThatThrownBy(() -> builder.resourceDirectory(f.directory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("resourceDirectory was already set to ");
    assertThatThrownBy(() -> builder.botAccounts(f.directory))
        .hasMessageStartingWith("botAccounts was already set to ");
    assertThatThrownBy(() -> builder.passwordVerifier(f.directory))
        .hasMessageStartingWith("passwordVerifier was already set to ");
  }

  @Test
  void withoutAResourceDirectoryNoProjectOrGroupExists() {
    WvsAuth noResources = usersOnly().build();

    assertThat(noResources.resourceDirectory().findResource(API_PROJECT)).isEmpty();
    assertThat(noResources.resourceDirectory().findResourceByPath("acme/platform/api")).isEmpty();
    assertThat(noResources.resourceDirectory().directRole(BOB, API_PROJECT)).isEmpty();
    assertThat(noResources.resourceDirectory().members(API_PROJECT)).isEmpty();
    assertThatThrownBy(() -> noResources.deployTokens().create(ROOT, API_PROJECT,
        DeployTokenSpec.of("deploy", Scope.READ_REPOSITORY)))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> noResources.resourceTokens().list(ROOT, API_PROJECT))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void revokingWithoutBotAccountsStillRevokesTheToken() {
    CreatedToken token = f.auth.resourceTokens().create(BOB, API_PROJECT, TokenSpec.of("ci", Scope.API), null);
    WvsAuth noBots = usersOnly().resourceDirectory(f.directory).build();

    noBots.resourceTokens().revoke(BOB, API_PROJECT, token.token().id());

    assertThat(f.store.findById(token.token().id()).orElseThrow().isRevoked()).isTrue();
    assertThat(f.auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET")))
        .isInstanceOf(AuthResult.Failure.class);
  }

  @Test
  void aFailingResourceDirectoryIsAStoreFailureEverywhere() {
    ResourceDirectory down = new ForwardingResourceDirectory() {
      @Override
      protected ResourceDirectory delegate() {
        return f.directory;
      }

      @Override
      public Optional<Resource> findResource(ResourceRef ref) {
        // Not one of the library's exceptions: the guard must still make it a store failure.
        throw new UnsupportedOperationException("LDAP down");
      }

      @Override
      public List<Membership> members(ResourceRef resource) {
        return null;
      }
    };
    WvsAuth auth = usersOnly().resourceDirectory(down).botAccounts(f.directory).build();
    CreatedToken group = f.auth.resourceTokens().create(ROOT, PLATFORM, TokenSpec.of("ci", Scope.API), null);

    assertThatThrownBy(() -> auth.resourceTokens().list(BOB, API_PROJECT))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("resource directory unavailable: findResource failed (UnsupportedOperationException)");
    assertThatThrownBy(() -> auth.resourceDirectory().members(API_PROJECT))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("resource directory unavailable: members answered null");
    // A group token used at a project: whether the project is below the group needs the tree.
    AuthResult atProject = auth.authenticator().authenticate(
        AuthRequest.builder(group.value()).channel(Channel.API).resource(API_PROJECT)
            .require(ScopeRequirement.anyOf(Scope.READ_API)).build());
    assertThat(atProject).isInstanceOfSatisfying(AuthResult.Failure.class,
        r -> assertThat(r.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
  }

  @Test
  void failingBotAccountsAreAStoreFailureButATakenNamePassesThrough() {
    BotAccounts broken = new ForwardingBotAccounts() {
      @Override
      protected BotAccounts delegate() {
        return f.directory;
      }

      @Override
      public User createBot(ResourceRef resource, String username, String name, Role role) {
        if (username.equals("project_1_bot")) {
          // The library's own exception: the name is taken, the library tries the next one.
          throw new TokenConflictException("taken");
        }
        throw new IllegalStateException("directory is read-only");
      }
    };
    WvsAuth auth = usersOnly().resourceDirectory(f.directory).botAccounts(broken).build();

    assertThatThrownBy(() -> auth.resourceTokens().create(BOB, API_PROJECT, TokenSpec.of("ci", Scope.API), null))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("bot accounts unavailable: createBot failed (IllegalStateException)")
        .hasRootCauseMessage("directory is read-only");
  }
}
