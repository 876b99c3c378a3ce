package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ACME;
import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.CAROL;
import static io.wvs.auth.tck.RulesFixture.DEEP_PROJECT;
import static io.wvs.auth.tck.RulesFixture.OTHER;
import static io.wvs.auth.tck.RulesFixture.PLATFORM;
import static io.wvs.auth.tck.RulesFixture.ROOT;
import static io.wvs.auth.tck.RulesFixture.TOOLS;
import static io.wvs.auth.tck.RulesFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidScopeException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.RoleNotHeldException;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of project and group access tokens and their bot users, over any store: bot
 * usernames, roles never above the creator's, all-or-nothing creation, revocation deleting the
 * bot, rotation. Each store module runs it by extending it with {@link #newStore()}.
 *
 * @since 0.1
 */
public abstract class ResourceTokenRulesContract {
  private RulesFixture f;

  /** {@return a fresh, empty store} */
  protected abstract TokenStore newStore();

  @BeforeEach
  void setUp() {
    f = new RulesFixture(newStore());
  }

  private CreatedToken projectToken(String name, Scope... scopes) {
    return f.auth.resourceTokens().create(BOB, API_PROJECT,
        new TokenSpec(name, java.util.EnumSet.of(scopes[0], scopes), null), null);
  }

  private String botUsername(CreatedToken token) {
    return f.directory.findUser(token.token().userId()).orElseThrow().username();
  }

  private AuthResult api(String token, ResourceRef resource) {
    return f.auth.authenticator().authenticate(AuthRequest.builder(token)
        .require(io.wvs.auth.ScopeRequirement.forApiMethod("GET")).resource(resource).build());
  }

  @Test
  void botUsernamesFollowTheSequenceAcrossCreateAndRevoke() {
    CreatedToken first = projectToken("one", Scope.READ_API);
    CreatedToken second = projectToken("two", Scope.READ_API);
    CreatedToken third = projectToken("three", Scope.READ_API);
    assertThat(List.of(botUsername(first), botUsername(second), botUsername(third)))
        .containsExactly("project_1_bot", "project_1_bot1", "project_1_bot2");

    f.auth.resourceTokens().revoke(BOB, API_PROJECT, second.token().id());
    CreatedToken fourth = projectToken("four", Scope.READ_API);

    assertThat(botUsername(fourth)).isEqualTo("project_1_bot3");
  }

  @Test
  void groupTokenBotsAreNamedAfterTheGroup() {
    CreatedToken token = f.auth.resourceTokens().create(ROOT, PLATFORM,
        TokenSpec.of("group", Scope.READ_API), null);
    assertThat(botUsername(token)).isEqualTo("group_2_bot");
  }

  @Test
  void botIsAMaintainerByDefault() {
    CreatedToken token = projectToken("ci", Scope.API);
    assertThat(f.directory.directRole(token.token().userId(), API_PROJECT)).contains(Role.MAINTAINER);
  }

  @Test
  void creatorMayPickALowerRoleForTheBot() {
    CreatedToken token = f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("reporter", Scope.READ_API), Role.REPORTER);
    assertThat(f.directory.directRole(token.token().userId(), API_PROJECT)).contains(Role.REPORTER);
  }

  @Test
  void botRoleAboveTheCreatorsOwnIsRefused() {
    assertThatThrownBy(() -> f.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("owner", Scope.READ_API), Role.OWNER))
        .isInstanceOf(RoleNotHeldException.class)
        .hasMessage("Not eligible to create tokens with permissions not held by the user");
    assertThat(f.directory.findUserByUsername("project_1_bot")).isEmpty();
  }

  /** An Owner-level token of {@code resource}, made by the administrator. */
  private CreatedToken ownerLevelToken(ResourceRef resource) {
    return f.auth.resourceTokens().create(ROOT, resource,
        new TokenSpec("owner", java.util.EnumSet.of(Scope.API), RulesFixture.START.atOffset(
            java.time.ZoneOffset.UTC).toLocalDate().plusDays(30)), Role.OWNER);
  }

  /** That {@code token} still works as before, unrevoked, with its expiry, and has no successor. */
  private void assertUnchanged(ResourceRef resource, CreatedToken token) {
    assertThat(api(token.value(), resource).isSuccess()).isTrue();
    assertThat(f.auth.resourceTokens().list(ROOT, resource)).singleElement().satisfies(v -> {
      assertThat(v.id()).isEqualTo(token.token().id());
      assertThat(v.active()).isTrue();
      assertThat(v.expiresOn()).isEqualTo(token.token().expiresOn());
    });
    assertThat(f.directory.directRole(token.token().userId(), resource)).contains(Role.OWNER);
  }

  @Test
  void aMaintainerCannotRotateAnOwnerLevelProjectToken() {
    CreatedToken owner = ownerLevelToken(API_PROJECT);
    assertThatThrownBy(() -> f.auth.resourceTokens().rotate(BOB, API_PROJECT, owner.token().id(),
        owner.token().expiresOn().plusDays(200)))
        .isInstanceOf(RoleNotHeldException.class)
        .hasMessage("Not eligible to rotate tokens with permissions not held by the user")
        .satisfies(e -> {
          assertThat(((RoleNotHeldException) e).tokenRole()).isEqualTo(Role.OWNER);
          assertThat(((RoleNotHeldException) e).actorRole()).isEqualTo(Role.MAINTAINER);
        });
    assertUnchanged(API_PROJECT, owner);
  }

  @Test
  void aMaintainerCannotRevokeAnOwnerLevelProjectToken() {
    CreatedToken owner = ownerLevelToken(API_PROJECT);
    assertThatThrownBy(() -> f.auth.resourceTokens().revoke(BOB, API_PROJECT, owner.token().id()))
        .isInstanceOf(RoleNotHeldException.class)
        .hasMessage("Not eligible to revoke tokens with permissions not held by the user");
    assertUnchanged(API_PROJECT, owner);
  }

  @Test
  void aMaintainerCannotRotateOrRevokeAnOwnerLevelGroupToken() {
    f.directory.addMember(CAROL, PLATFORM, Role.MAINTAINER);
    CreatedToken owner = ownerLevelToken(PLATFORM);
    assertThatThrownBy(() -> f.auth.resourceTokens().rotate(CAROL, PLATFORM, owner.token().id(), null))
        .isInstanceOf(RoleNotHeldException.class);
    assertThatThrownBy(() -> f.auth.resourceTokens().revoke(CAROL, PLATFORM, owner.token().id()))
        .isInstanceOf(RoleNotHeldException.class);
    assertUnchanged(PLATFORM, owner);
  }

  /** Presenting a superseded token to rotation would revoke its whole family: the same rule holds. */
  @Test
  void aMaintainerCannotRevokeAnOwnerLevelFamilyThroughReuseDetection() {
    CreatedToken owner = ownerLevelToken(API_PROJECT);
    CreatedToken successor = f.auth.resourceTokens().rotate(ROOT, API_PROJECT, owner.token().id(), null);
    assertThatThrownBy(() -> f.auth.resourceTokens().rotate(BOB, API_PROJECT, owner.token().id(), null))
        .isInstanceOf(RoleNotHeldException.class);
    assertThat(api(successor.value(), API_PROJECT).isSuccess()).isTrue();
  }

  @Test
  void anAdministratorMayRotateAndRevokeAnOwnerLevelToken() {
    CreatedToken owner = ownerLevelToken(API_PROJECT);
    CreatedToken rotated = f.auth.resourceTokens().rotate(ROOT, API_PROJECT, owner.token().id(), null);
    assertThat(api(rotated.value(), API_PROJECT).isSuccess()).isTrue();
    f.auth.resourceTokens().revoke(ROOT, API_PROJECT, rotated.token().id());
    assertThat(api(rotated.value(), API_PROJECT).isSuccess()).isFalse();
  }

  @Test
  void anOwnerMayRotateAndRevokeAnOwnerLevelToken() {
    f.directory.addMember(CAROL, ACME, Role.OWNER);
    CreatedToken owner = ownerLevelToken(API_PROJECT);
    CreatedToken rotated = f.auth.resourceTokens().rotate(CAROL, API_PROJECT, owner.token().id(), null);
    assertThat(api(rotated.value(), API_PROJECT).isSuccess()).isTrue();
    f.auth.resourceTokens().revoke(CAROL, API_PROJECT, rotated.token().id());
    assertThat(api(rotated.value(), API_PROJECT).isSuccess()).isFalse();
  }

  @Test
  void aMaintainerStillRotatesAndRevokesAMaintainerLevelToken() {
    CreatedToken token = f.auth.resourceTokens().create(ROOT, API_PROJECT,
        TokenSpec.of("maintainer", Scope.API), Role.MAINTAINER);
    CreatedToken rotated = f.auth.resourceTokens().rotate(BOB, API_PROJECT, token.token().id(), null);
    f.auth.resourceTokens().revoke(BOB, API_PROJECT, rotated.token().id());
    assertThat(api(rotated.value(), API_PROJECT).isSuccess()).isFalse();
  }

  @Test
  void developersCannotCreateProjectAccessTokens() {
    assertThatThrownBy(() -> f.auth.resourceTokens().create(ALICE, API_PROJECT,
        TokenSpec.of("dev", Scope.READ_API), Role.GUEST))
        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("maintainer");
  }

  @Test
  void apiCallsWithAProjectTokenActAsItsBot() {
    CreatedToken token = projectToken("ci", Scope.READ_API);
    AuthResult result = api(token.value(), API_PROJECT);
    assertThat(result).isInstanceOf(AuthResult.Success.class);
    Principal principal = ((AuthResult.Success) result).principal();
    assertThat(principal.kind()).isEqualTo(Principal.Kind.BOT);
    assertThat(principal.username()).isEqualTo("project_1_bot");
    assertThat(((AuthResult.Via.Token) ((AuthResult.Success) result).via()).type())
        .isEqualTo(TokenType.PROJECT_ACCESS);
  }

  @Test
  void revokingDeletesTheBotAndMovesItsRecordsToTheGhostUser() {
    CreatedToken token = projectToken("ci", Scope.API);
    long bot = token.token().userId();
    long record = f.directory.addRecord(bot);

    f.auth.resourceTokens().revoke(BOB, API_PROJECT, token.token().id());

    assertThat(f.directory.findUser(bot)).isEmpty();
    assertThat(f.directory.members(API_PROJECT)).noneMatch(m -> m.userId() == bot);
    assertThat(f.directory.recordOwner(record)).map(User::username)
        .contains(InMemoryUserDirectory.GHOST_USERNAME);
    assertThat(api(token.value(), API_PROJECT)).isEqualTo(
        new AuthResult.Failure(FailureReason.REVOKED, java.util.Set.of(), token.token().id()));
  }

  @Test
  void botsCannotBeAddedToAnotherResource() {
    CreatedToken token = projectToken("ci", Scope.API);
    assertThatThrownBy(() -> f.directory.addMember(token.token().userId(), WEBSITE, Role.GUEST))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void botsTakeNoLicensedSeat() {
    long before = f.directory.billableUserCount();
    projectToken("ci", Scope.API);
    projectToken("ci2", Scope.API);
    assertThat(f.directory.billableUserCount()).isEqualTo(before);
  }

  @Test
  void creatingTokenAndBotIsAllOrNothing() {
    TokenStore failing = new FailingInsertStore(newStore());
    RulesFixture broken = new RulesFixture(failing);
    assertThatThrownBy(() -> broken.auth.resourceTokens().create(BOB, API_PROJECT,
        TokenSpec.of("ci", Scope.API), null)).isInstanceOf(StoreUnavailableException.class);
    assertThat(broken.directory.findUserByUsername("project_1_bot")).isEmpty();
    assertThat(broken.directory.members(API_PROJECT)).allMatch(m ->
        broken.directory.findUser(m.userId()).map(u -> !u.bot()).orElse(false));
  }

  @Test
  void projectTokenOnlyReachesItsOwnProject() {
    CreatedToken token = projectToken("ci", Scope.READ_API);
    assertThat(api(token.value(), API_PROJECT).isSuccess()).isTrue();
    assertThat(((AuthResult.Failure) api(token.value(), WEBSITE)).reason())
        .isEqualTo(FailureReason.RESOURCE_MISMATCH);
    assertThat(((AuthResult.Failure) api(token.value(), PLATFORM)).reason())
        .isEqualTo(FailureReason.RESOURCE_MISMATCH);
  }

  @Test
  void groupTokenReachesTheGroupsProjectsAndSubgroupsButNotASiblingGroup() {
    CreatedToken token = f.auth.resourceTokens().create(ROOT, ACME,
        TokenSpec.of("group", Scope.READ_API), null);
    assertThat(api(token.value(), ACME).isSuccess()).isTrue();
    assertThat(api(token.value(), PLATFORM).isSuccess()).isTrue();
    assertThat(api(token.value(), API_PROJECT).isSuccess()).isTrue();
    assertThat(api(token.value(), DEEP_PROJECT).isSuccess()).isTrue();
    assertThat(((AuthResult.Failure) api(token.value(), OTHER)).reason())
        .isEqualTo(FailureReason.RESOURCE_MISMATCH);
    assertThat(((AuthResult.Failure) api(token.value(), TOOLS)).reason())
        .isEqualTo(FailureReason.RESOURCE_MISMATCH);
  }

  @Test
  void projectTokensCannotHoldSudoOrReadUser() {
    assertThatThrownBy(() -> projectToken("s", Scope.SUDO)).isInstanceOf(InvalidScopeException.class);
    assertThatThrownBy(() -> projectToken("u", Scope.READ_USER)).isInstanceOf(InvalidScopeException.class);
  }

  @Test
  void projectTokenScopesAreTheSixAllowedOnes() {
    CreatedToken token = projectToken("all", Scope.API, Scope.READ_API, Scope.READ_REPOSITORY,
        Scope.WRITE_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY);
    assertThat(token.token().scopes()).hasSize(6);
  }

  @Test
  void rotatedProjectTokenKeepsItsBot() {
    CreatedToken token = projectToken("ci", Scope.READ_API);
    CreatedToken rotated = f.auth.resourceTokens().rotate(BOB, API_PROJECT, token.token().id(), null);
    assertThat(rotated.token().userId()).isEqualTo(token.token().userId());
    assertThat(api(token.value(), API_PROJECT).isSuccess()).isFalse();
    assertThat(api(rotated.value(), API_PROJECT).isSuccess()).isTrue();
    assertThat(f.directory.findUser(token.token().userId())).isPresent();
  }

  @Test
  void listShowsTheResourcesTokensOnly() {
    projectToken("a", Scope.READ_API);
    f.auth.resourceTokens().create(BOB, WEBSITE, TokenSpec.of("b", Scope.READ_API), null);
    assertThat(f.auth.resourceTokens().list(BOB, API_PROJECT)).extracting(v -> v.name())
        .containsExactly("a");
  }

  /** A real store whose inserts fail, as a database would on a lost connection. */
  private static final class FailingInsertStore extends ForwardingTokenStore {
    private final TokenStore delegate;

    FailingInsertStore(TokenStore delegate) {
      this.delegate = delegate;
    }

    @Override
    protected TokenStore delegate() {
      return delegate;
    }

    @Override
    public TokenRecord insert(NewToken token) {
      throw new StoreUnavailableException("connection lost");
    }
  }
}
