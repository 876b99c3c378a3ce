package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.UNKNOWN_ID;
import static io.wvs.auth.tck.ContractFixtures.at;
import static io.wvs.auth.tck.ContractFixtures.newUserId;
import static io.wvs.auth.tck.ContractFixtures.personal;
import static io.wvs.auth.tck.StoreChecks.RACERS;
import static io.wvs.auth.tck.StoreChecks.assertSameToken;
import static io.wvs.auth.tck.StoreChecks.byDigest;
import static io.wvs.auth.tck.StoreChecks.insertPersonalTokens;
import static io.wvs.auth.tck.StoreChecks.instance;
import static io.wvs.auth.tck.StoreChecks.onlyWinner;
import static io.wvs.auth.tck.StoreChecks.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * What {@code revoke} guarantees: once, idempotent, on that token only, seen at once by every
 * instance, and exactly one winner among concurrent revocations.
 *
 * <p>Part of {@link TokenStoreContract}; a store's test may implement it alone, providing
 * {@link StoreUnderTest#store()} and {@link StoreUnderTest#other()} fresh for each test.
 *
 * @since 0.1
 */
public interface TokenStoreRevocationContract extends StoreUnderTest {

  // revoke

  /** Checks: {@code revoke} when active, returns true and stores the revocation time. */
  @Test
  default void revokeWhenActiveThenReturnsTrueAndStoresRevokedAt() {
    TokenRecord token = store().insert(personal(newUserId()).build());

    assertThat(store().revoke(token.id(), at(60))).isTrue();

    assertSameToken(stored(store(), token.id()), token.withRevokedAt(at(60)));
  }

  /**
   * Checks: {@code revoke} when already revoked, returns false and keeps the first revocation time.
   */
  @Test
  default void revokeWhenAlreadyRevokedThenReturnsFalseAndKeepsTheFirstRevocationTime() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    store().revoke(token.id(), at(60));

    assertThat(store().revoke(token.id(), at(120))).isFalse();
    assertThat(store().revoke(token.id(), at(30))).isFalse();

    assertThat(stored(store(), token.id()).revokedAt()).isEqualTo(at(60));
  }

  /** Checks: {@code revoke} when unknown, returns false. */
  @Test
  default void revokeWhenUnknownThenReturnsFalse() {
    store().insert(personal(newUserId()).build());

    assertThat(store().revoke(UNKNOWN_ID, at(60))).isFalse();
    assertThat(store().findById(UNKNOWN_ID)).isEmpty();
  }

  /** Checks: {@code revoke} changes only that token. */
  @Test
  default void revokeChangesOnlyThatToken() {
    long user = newUserId();
    TokenRecord target = store().insert(personal(user).build());
    TokenRecord sibling = store().insert(personal(user).build());

    store().revoke(target.id(), at(60));

    assertSameToken(stored(store(), sibling.id()), sibling);
  }

  /** Checks: {@code revoke} through a second instance is seen at once through the first. */
  @Test
  default void revokeThroughASecondInstanceIsSeenAtOnceThroughTheFirst() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    assertThat(stored(store(), token.id()).isRevoked()).isFalse();

    assertThat(other().revoke(token.id(), at(60))).isTrue();

    assertThat(stored(store(), token.id()).revokedAt()).isEqualTo(at(60));
    assertThat(byDigest(store(), token.digest()).revokedAt()).isEqualTo(at(60));
    assertThat(store().revoke(token.id(), at(61))).isFalse();
  }

  /**
   * Checks: {@code revoke} concurrently, then exactly one caller revokes.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void revokeConcurrentlyThenExactlyOneCallerRevokes() throws Exception {
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(RACERS)) {
      for (int round = 0; round < raceRounds(); round++) {
        List<Long> ids = insertPersonalTokens(store(), width);
        List<IntFunction<Boolean>> racing = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
          TokenStore instance = instance(this, i);
          Instant when = at(100 + i);
          racing.add(t -> instance.revoke(ids.get(t), when));
        }

        List<List<Boolean>> results = race.runSteps(width, racing);

        for (int t = 0; t < width; t++) {
          int winner = onlyWinner(results, t, round, "revocations");
          assertThat(stored(store(), ids.get(t)).revokedAt()).as("round %d, token %d: revokedAt", round, t)
              .isEqualTo(at(100 + winner));
        }
      }
    }
  }
}
