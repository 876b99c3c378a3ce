package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.TODAY;
import static io.wvs.auth.tck.SeedWorld.assertFailure;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static io.wvs.auth.tck.SeedWorld.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenInactiveException;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Design brief, "Rotation": "revoke and issue a successor with the same name and scopes in one
 * atomic step; presenting a revoked token to rotation revokes the whole family (reuse detection)".
 */
class RotationRulesTest {
  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();
  private final CreatedToken original = auth.personalTokens().create(world.alice.id(), world.alice.id(),
      TokenSpec.of("ci runner", Scope.READ_API, Scope.WRITE_REPOSITORY).expiringOn(TODAY.plusDays(90)));

  @Test
  void rotationRevokesOldAndIssuesSuccessorWithSameNameAndScopes() {
    CreatedToken successor = auth.personalTokens().rotate(world.alice.id(), original.token().id(), null);

    assertThat(successor.value()).isNotEqualTo(original.value()).startsWith("wvspat-");
    TokenView next = successor.token();
    assertThat(next.id()).isNotEqualTo(original.token().id());
    assertThat(next.name()).isEqualTo("ci runner");
    assertThat(next.scopes()).containsExactlyInAnyOrder(Scope.READ_API, Scope.WRITE_REPOSITORY);
    assertThat(next.userId()).isEqualTo(world.alice.id());
    assertThat(next.active()).isTrue();
    assertThat(next.expiresOn()).isEqualTo(TODAY.plusDays(7));

    assertFailure(get(auth, original.value()), FailureReason.REVOKED);
    assertSuccess(get(auth, successor.value()));
    assertThat(auth.personalTokens().get(world.alice.id(), original.token().id()).revoked()).isTrue();
    assertThat(auth.personalTokens().list(world.alice.id(), world.alice.id()))
        .extracting(TokenView::id, TokenView::active)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(original.token().id(), false),
            org.assertj.core.groups.Tuple.tuple(next.id(), true));
  }

  @Test
  void rotationTakesAnExplicitExpiryWithinThePolicy() {
    LocalDate date = TODAY.plusDays(60);
    assertThat(auth.personalTokens().rotate(world.alice.id(), original.token().id(), date).token().expiresOn())
        .isEqualTo(date);
  }

  @Test
  void rotationRefusesAnExpiryOutsideThePolicyAndKeepsTheOldToken() {
    assertThatThrownBy(() -> auth.personalTokens().rotate(world.alice.id(), original.token().id(),
        TODAY.plusDays(400))).isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> auth.personalTokens().rotate(world.alice.id(), original.token().id(),
        TODAY)).isInstanceOf(InvalidTokenRequestException.class);
    assertSuccess(get(auth, original.value()));
  }

  @Test
  void rotateByValueWorksLikeSelfRotate() {
    CreatedToken successor = auth.personalTokens().rotateByValue(original.value(), null);
    assertFailure(get(auth, original.value()), FailureReason.REVOKED);
    assertSuccess(get(auth, successor.value()));
    assertThat(successor.token().name()).isEqualTo("ci runner");
  }

  @Test
  void reuseOfRevokedTokenInRotationRevokesTheFamily() {
    CreatedToken second = auth.personalTokens().rotateByValue(original.value(), null);
    CreatedToken third = auth.personalTokens().rotateByValue(second.value(), null);
    CreatedToken unrelated = auth.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("unrelated", Scope.API));
    assertSuccess(get(auth, third.value()));

    // A copy of the first, superseded token is presented for rotation again.
    assertThatThrownBy(() -> auth.personalTokens().rotateByValue(original.value(), null))
        .isInstanceOf(TokenReuseDetectedException.class)
        .hasMessageContaining("rotation family has been revoked");

    assertFailure(get(auth, third.value()), FailureReason.REVOKED);
    assertFailure(get(auth, second.value()), FailureReason.REVOKED);
    assertSuccess(get(auth, unrelated.value()));
    assertThat(auth.personalTokens().list(world.alice.id(), world.alice.id())).hasSize(4)
        .filteredOn(TokenView::active).extracting(TokenView::name).containsExactly("unrelated");
  }

  @Test
  void rotatingARevokedTokenByIdIsRefused() {
    auth.personalTokens().revoke(world.alice.id(), original.token().id());
    assertThatThrownBy(() -> auth.personalTokens().rotate(world.alice.id(), original.token().id(), null))
        .isInstanceOf(TokenInactiveException.class);
    assertThat(world.store.size()).isEqualTo(1);
  }

  @Test
  void rotatingAnExpiredTokenIsRefused() {
    world.clock.set(TODAY.plusDays(90).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    assertThatThrownBy(() -> auth.personalTokens().rotate(world.alice.id(), original.token().id(), null))
        .isInstanceOf(TokenInactiveException.class);
    assertThatThrownBy(() -> auth.personalTokens().rotateByValue(original.value(), null))
        .isInstanceOf(TokenInactiveException.class);
  }

  @Test
  void onlyTheOwnerOrAnAdministratorRotates() {
    assertThatThrownBy(() -> auth.personalTokens().rotate(world.bob.id(), original.token().id(), null))
        .isInstanceOf(TokenNotFoundException.class);
    assertSuccess(get(auth, original.value()));
    CreatedToken byAdmin = auth.personalTokens().rotate(world.root.id(), original.token().id(), null);
    assertThat(assertSuccess(get(auth, byAdmin.value())).principal().username()).isEqualTo("alice");
  }

  @Test
  void rotateByValueOfAnUnknownTokenIsNotFound() {
    assertThatThrownBy(() -> auth.personalTokens().rotateByValue("no-such-token-string-1", null))
        .isInstanceOf(TokenNotFoundException.class);
  }

  /**
   * A blocked user's token does not authenticate, so it must not be able to mint a successor
   * either (rotateByValue is the platform's self-rotation: presenting the token is the credential).
   */
  @Test
  void blockedUsersTokenCannotBeRotatedByValue() {
    world.setBlocked(world.alice, true);
    assertFailure(get(auth, original.value()), FailureReason.USER_BLOCKED);
    assertThatThrownBy(() -> auth.personalTokens().rotateByValue(original.value(), null))
        .isInstanceOf(RuntimeException.class);
    assertThat(world.store.size()).as("no successor was issued").isEqualTo(1);
  }
}
