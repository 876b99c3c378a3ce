package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.at;
import static io.wvs.auth.tck.ContractFixtures.newUserId;
import static io.wvs.auth.tck.ContractFixtures.personal;
import static io.wvs.auth.tck.StoreChecks.assertSameToken;
import static io.wvs.auth.tck.StoreChecks.stored;
import static io.wvs.auth.tck.StoreChecks.tokensOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.RotationResult.Outcome;
import io.wvs.auth.spi.TokenRecord;
import org.junit.jupiter.api.Test;

/**
 * What {@code rotate} with a grace period and {@code endRotationGrace} guarantee: the predecessor
 * revoked and its grace's end stored in one write, reuse within the grace still detected (the
 * family revoked, every grace in it ended), and ending a family's graces touching no other family.
 *
 * <p>Part of {@link TokenStoreContract}; a store's test may implement it alone, providing
 * {@link StoreUnderTest#store()} and {@link StoreUnderTest#other()} fresh for each test.
 *
 * @since 0.1
 */
public interface TokenStoreRotationGraceContract extends StoreUnderTest {

  /** Checks: {@code rotate} with a grace revokes the predecessor and stores its grace's end. */
  @Test
  default void rotateWithAGraceThenThePredecessorIsRevokedAndWorksUntilItsEnd() {
    long user = newUserId();
    TokenRecord predecessor = store().insert(personal(user).build());

    RotationResult result = store().rotate(predecessor.id(),
        personal(user).createdAt(at(100)).build(), at(100), at(1900));

    assertThat(result.outcome()).isEqualTo(Outcome.ROTATED);
    TokenRecord stored = stored(other(), predecessor.id());
    assertSameToken(stored, predecessor.withRevokedAt(at(100)).withRotationGraceUntil(at(1900)));
    assertThat(stored.isRevoked()).isTrue();
    assertThat(stored.isRevokedAt(at(1899))).isFalse();
    assertThat(stored.isRevokedAt(at(1900))).isTrue();
    assertThat(stored(store(), result.successor().id()).rotationGraceUntil()).isNull();
  }

  /** Checks: rotating a token within its grace is reuse: the family is revoked, every grace ends. */
  @Test
  default void rotateWithinTheGraceThenReuseRevokesTheFamilyAndEndsItsGrace() {
    long user = newUserId();
    TokenRecord predecessor = store().insert(personal(user).build());
    TokenRecord successor = store().rotate(predecessor.id(),
        personal(user).createdAt(at(100)).build(), at(100), at(1900)).successor();

    RotationResult again = other().rotate(predecessor.id(),
        personal(user).createdAt(at(200)).build(), at(200), at(2000));

    assertThat(again.outcome()).isEqualTo(Outcome.REUSE_DETECTED);
    assertThat(stored(store(), predecessor.id()).isRevokedAt(at(200))).isTrue();
    assertThat(stored(store(), predecessor.id()).revokedAt()).isEqualTo(at(100));
    assertThat(stored(store(), successor.id()).revokedAt()).isEqualTo(at(200));
    assertThat(tokensOf(store(), user)).hasSize(2);
  }

  /** Checks: {@code revoke} of a token within its grace changes nothing: it is revoked already. */
  @Test
  default void revokeWithinTheGraceThenReturnsFalseAndKeepsTheGrace() {
    long user = newUserId();
    TokenRecord predecessor = store().insert(personal(user).build());
    store().rotate(predecessor.id(), personal(user).createdAt(at(100)).build(), at(100), at(1900));

    assertThat(other().revoke(predecessor.id(), at(300))).isFalse();

    assertThat(stored(store(), predecessor.id()).revokedAt()).isEqualTo(at(100));
    assertThat(stored(store(), predecessor.id()).rotationGraceUntil()).isEqualTo(at(1900));
  }

  /** Checks: {@code endRotationGrace} ends the family's graces still running, and only those. */
  @Test
  default void endRotationGraceEndsTheRunningGracesOfTheFamilyOnly() {
    long user = newUserId();
    TokenRecord first = store().insert(personal(user).build());
    TokenRecord second = store().rotate(first.id(), personal(user).createdAt(at(100)).build(),
        at(100), at(1900)).successor();
    TokenRecord third = store().rotate(second.id(), personal(user).createdAt(at(200)).build(),
        at(200), at(2000)).successor();
    TokenRecord stranger = store().insert(personal(user).build());
    store().rotate(stranger.id(), personal(user).createdAt(at(100)).build(), at(100), at(1900));

    assertThat(other().endRotationGrace(first.familyId(), at(300))).isEqualTo(2);
    assertThat(store().endRotationGrace(first.familyId(), at(400))).isZero();

    assertThat(stored(store(), first.id()).rotationGraceUntil()).isEqualTo(at(300));
    assertThat(stored(store(), second.id()).rotationGraceUntil()).isEqualTo(at(300));
    assertThat(stored(store(), third.id()).isRevoked()).isFalse();
    assertThat(stored(store(), stranger.id()).rotationGraceUntil()).isEqualTo(at(1900));
  }
}
