package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.START;
import static io.wvs.auth.tck.SeedWorld.TODAY;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static io.wvs.auth.tck.SeedWorld.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seed 000: "You can create as many personal access tokens as you like"; "After you leave the page,
 * you no longer have access to the token"; the "Active personal access tokens area". Design brief:
 * revoked and expired tokens stay listable with a state.
 */
class PersonalTokenManagementRulesTest {
  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();

  private CreatedToken aliceToken(String name, java.time.LocalDate expiresOn) {
    return auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of(name, Scope.READ_API).expiringOn(expiresOn));
  }

  @Test
  void asManyTokensAsYouLike() {
    Set<String> values = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      CreatedToken t = aliceToken("token " + i, null);
      values.add(t.value());
      assertSuccess(get(auth, t.value()));
    }
    assertThat(values).hasSize(200);
    assertThat(auth.personalTokens().list(world.alice.id(), world.alice.id())).hasSize(200);
  }

  @Test
  void theCreatedTokenShowsItsDetails() {
    CreatedToken created = auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("laptop", Scope.READ_API, Scope.READ_REPOSITORY).expiringOn(TODAY.plusDays(30)));
    TokenView view = created.token();
    assertThat(view.name()).isEqualTo("laptop");
    assertThat(view.scopes()).containsExactlyInAnyOrder(Scope.READ_API, Scope.READ_REPOSITORY);
    assertThat(view.createdAt()).isEqualTo(START);
    assertThat(view.expiresOn()).isEqualTo(TODAY.plusDays(30));
    assertThat(view.userId()).isEqualTo(world.alice.id());
    assertThat(view.resource()).isNull();
    assertThat(view.active()).isTrue();
    assertThat(view.revoked()).isFalse();
    assertThat(view.lastUsedAt()).isNull();
  }

  @Test
  void listShowsActiveAndInactiveTokens() {
    CreatedToken active = aliceToken("active", TODAY.plusDays(30));
    CreatedToken revoked = aliceToken("revoked", TODAY.plusDays(30));
    CreatedToken expiring = aliceToken("expired", TODAY.plusDays(2));
    auth.personalTokens().revoke(world.alice.id(), revoked.token().id());
    world.clock.set("2025-03-03T00:00:00Z");

    assertThat(auth.personalTokens().list(world.alice.id(), world.alice.id()))
        .extracting(TokenView::name, TokenView::active, TokenView::revoked)
        .containsExactly(
            tuple("active", true, false),
            tuple("revoked", false, true),
            tuple("expired", false, false));
    assertThat(active.token().id()).isLessThan(expiring.token().id());
  }

  @Test
  void usersSeeAndRevokeOnlyTheirOwnTokens() {
    CreatedToken alices = aliceToken("alice's", null);
    long id = alices.token().id();
    assertThatThrownBy(() -> auth.personalTokens().list(world.bob.id(), world.alice.id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> auth.personalTokens().get(world.bob.id(), id))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> auth.personalTokens().revoke(world.bob.id(), id))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> auth.personalTokens().create(world.bob.id(), world.alice.id(),
        TokenSpec.of("for alice", Scope.API))).isInstanceOf(PermissionDeniedException.class);
    assertSuccess(get(auth, alices.value()));
  }

  @Test
  void administratorsManageEveryonesTokens() {
    CreatedToken byAdmin = auth.personalTokens().create(world.root.id(), world.alice.id(),
        TokenSpec.of("made by root", Scope.API));
    assertThat(assertSuccess(get(auth, byAdmin.value())).principal().username()).isEqualTo("alice");
    assertThat(auth.personalTokens().list(world.root.id(), world.alice.id())).hasSize(1);
    assertThat(auth.personalTokens().revoke(world.root.id(), byAdmin.token().id()).revoked()).isTrue();
  }

  @Test
  void blockedOrUnknownActorsManageNothing() {
    world.setBlocked(world.alice, true);
    assertThatThrownBy(() -> auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("blocked", Scope.API))).isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> auth.personalTokens().list(42, 42)).isInstanceOf(PermissionDeniedException.class);
    assertThat(world.store.size()).isZero();
  }

  @Test
  void unknownTokenIdsAreNotFound() {
    assertThatThrownBy(() -> auth.personalTokens().get(world.alice.id(), 12345))
        .isInstanceOf(TokenNotFoundException.class).hasMessageContaining("12345");
  }

  @Test
  void specsAreValidated() {
    assertThatThrownBy(() -> TokenSpec.of(" ", Scope.API)).isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> TokenSpec.of("x".repeat(256), Scope.API))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> new TokenSpec("ok", Set.of(), null))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> auth.personalTokens().create(world.alice.id(), 999,
        TokenSpec.of("nobody", Scope.API))).isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> auth.personalTokens().create(world.root.id(), 999,
        TokenSpec.of("nobody", Scope.API))).isInstanceOf(InvalidTokenRequestException.class);
  }
}
