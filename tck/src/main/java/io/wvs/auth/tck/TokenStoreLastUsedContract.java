package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.INTERVAL;
import static io.wvs.auth.tck.ContractFixtures.T0;
import static io.wvs.auth.tck.ContractFixtures.UNKNOWN_ID;
import static io.wvs.auth.tck.ContractFixtures.at;
import static io.wvs.auth.tck.ContractFixtures.newUserId;
import static io.wvs.auth.tck.ContractFixtures.personal;
import static io.wvs.auth.tck.StoreChecks.RACERS;
import static io.wvs.auth.tck.StoreChecks.assertSameToken;
import static io.wvs.auth.tck.StoreChecks.insertPersonalTokens;
import static io.wvs.auth.tck.StoreChecks.instance;
import static io.wvs.auth.tck.StoreChecks.onlyWinner;
import static io.wvs.auth.tck.StoreChecks.start;
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
 * What {@code recordLastUsed} guarantees: at most one write per interval, also under concurrency.
 *
 * <p>Part of {@link TokenStoreContract}; a store's test may implement it alone, providing
 * {@link StoreUnderTest#store()} and {@link StoreUnderTest#other()} fresh for each test.
 *
 * @since 0.1
 */
public interface TokenStoreLastUsedContract extends StoreUnderTest {

  // recordLastUsed

  /** Checks: {@code recordLastUsed} when never used, writes. */
  @Test
  default void recordLastUsedWhenNeverUsedThenWrites() {
    TokenRecord token = store().insert(personal(newUserId()).build());

    assertThat(store().recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL))).isTrue();

    assertSameToken(stored(store(), token.id()), token.withLastUsedAt(at(60)));
  }

  /** Checks: {@code recordLastUsed} when recorded use is stale, writes. */
  @Test
  default void recordLastUsedWhenRecordedUseIsStaleThenWrites() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    store().recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL));
    Instant later = at(60).plus(INTERVAL).plusSeconds(1);

    assertThat(store().recordLastUsed(token.id(), later, later.minus(INTERVAL))).isTrue();

    assertSameToken(stored(store(), token.id()), token.withLastUsedAt(later));
  }

  /** Checks: {@code recordLastUsed} when recorded use is fresh, does not write. */
  @Test
  default void recordLastUsedWhenRecordedUseIsFreshThenDoesNotWrite() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    store().recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL));

    Instant soon = at(60).plusSeconds(3600);
    assertThat(store().recordLastUsed(token.id(), soon, soon.minus(INTERVAL))).isFalse();
    // A use exactly at the edge of the interval is not "before" it: still fresh.
    Instant edge = at(60).plus(INTERVAL);
    assertThat(store().recordLastUsed(token.id(), edge, edge.minus(INTERVAL))).isFalse();

    assertSameToken(stored(store(), token.id()), token.withLastUsedAt(at(60)));
  }

  /** Checks: {@code recordLastUsed} when unknown, returns false. */
  @Test
  default void recordLastUsedWhenUnknownThenReturnsFalse() {
    store().insert(personal(newUserId()).build());

    assertThat(store().recordLastUsed(UNKNOWN_ID, at(60), at(60).minus(INTERVAL))).isFalse();
    assertThat(store().findById(UNKNOWN_ID)).isEmpty();
  }

  /**
   * Checks: {@code recordLastUsed} concurrently, then exactly one write per interval.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void recordLastUsedConcurrentlyThenExactlyOneWritePerInterval() throws Exception {
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(RACERS)) {
      for (int round = 0; round < raceRounds(); round++) {
        List<Long> ids = insertPersonalTokens(store(), width);
        for (int interval = 0; interval < 2; interval++) {
          // Interval 0 starts at T0, when no use is recorded; interval 1 a day and an hour later,
          // when the use recorded in interval 0 is stale.
          Instant start = T0.plus(INTERVAL.multipliedBy(interval)).plusSeconds(3600L * interval);
          List<IntFunction<Boolean>> racing = new ArrayList<>();
          for (int i = 0; i < RACERS; i++) {
            TokenStore instance = instance(this, i);
            Instant when = start.plusMillis(i);
            Instant staleBefore = when.minus(INTERVAL);
            racing.add(t -> instance.recordLastUsed(ids.get(t), when, staleBefore));
          }

          List<List<Boolean>> results = race.runSteps(width, racing);

          for (int t = 0; t < width; t++) {
            int winner = onlyWinner(results, t, round, "last-used writes in interval " + interval);
            assertThat(stored(store(), ids.get(t)).lastUsedAt())
                .as("round %d, interval %d, token %d: lastUsedAt", round, interval, t)
                .isEqualTo(start.plusMillis(winner));
          }
        }
      }
    }
  }
}
