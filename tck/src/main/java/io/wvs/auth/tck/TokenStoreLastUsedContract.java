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
 * What {@code recordLastUsed} guarantees: at most one write per interval, also under concurrency;
 * and what {@code addLastUsedIp} guarantees: a compare-and-set of the recent client addresses.
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

  // client addresses

  /** Checks: {@code recordLastUsed} with addresses stores them, most recent first, none added. */
  @Test
  default void recordLastUsedWithAddressesStoresThemAndNoneAdded() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    assertThat(token.lastUsedIps()).isEmpty();
    List<String> ips = List.of("2001:db8::1", "192.0.2.7");

    assertThat(store().recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL), ips)).isTrue();

    TokenRecord stored = stored(store(), token.id());
    assertSameToken(stored, token.withLastUsedAt(at(60)).withLastUsedIps(ips, 0));
    assertThat(stored.lastUsedIps()).containsExactlyElementsOf(ips);
    assertThat(stored.lastUsedIpsAdded()).isZero();
  }

  /** Checks: {@code recordLastUsed} with addresses, when fresh, changes neither time nor addresses. */
  @Test
  default void recordLastUsedWithAddressesWhenFreshThenWritesNothing() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    store().recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL), List.of("192.0.2.1"));
    Instant soon = at(60).plusSeconds(60);

    assertThat(store().recordLastUsed(token.id(), soon, soon.minus(INTERVAL), List.of("192.0.2.2")))
        .isFalse();

    assertThat(stored(store(), token.id()).lastUsedIps()).containsExactly("192.0.2.1");
    assertThat(stored(store(), token.id()).lastUsedAt()).isEqualTo(at(60));
  }

  /** Checks: {@code addLastUsedIp} writes only from the expected addresses and count, counting it. */
  @Test
  default void addLastUsedIpWritesOnlyWhenAddressesAndCountAreStillTheExpectedOnes() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    store().recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL), List.of("192.0.2.1"));
    List<String> two = List.of("192.0.2.2", "192.0.2.1");

    assertThat(store().addLastUsedIp(token.id(), List.of(), 0, two)).as("stale addresses").isFalse();
    assertThat(store().addLastUsedIp(token.id(), List.of("192.0.2.1"), 1, two)).as("stale count")
        .isFalse();
    assertThat(other().addLastUsedIp(token.id(), List.of("192.0.2.1"), 0, two)).isTrue();
    assertThat(store().addLastUsedIp(token.id(), List.of("192.0.2.1"), 0,
        List.of("192.0.2.3", "192.0.2.1"))).as("the same state again").isFalse();

    TokenRecord stored = stored(store(), token.id());
    assertThat(stored.lastUsedIps()).containsExactlyElementsOf(two);
    assertThat(stored.lastUsedIpsAdded()).isEqualTo(1);
    assertThat(stored.lastUsedAt()).isEqualTo(at(60));
    assertThat(store().addLastUsedIp(UNKNOWN_ID, List.of(), 0, two)).isFalse();
  }

  /** Checks: the interval's write sets the count of added addresses back to zero. */
  @Test
  default void recordLastUsedAfterAddedAddressesSetsTheCountBackToZero() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    store().recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL), List.of("192.0.2.1"));
    store().addLastUsedIp(token.id(), List.of("192.0.2.1"), 0, List.of("192.0.2.2", "192.0.2.1"));
    Instant later = at(60).plus(INTERVAL).plusSeconds(1);
    List<String> five = List.of("192.0.2.9", "192.0.2.2", "192.0.2.1", "2001:db8::a",
        "2001:db8:0:0:0:0:0:ffff");

    assertThat(store().recordLastUsed(token.id(), later, later.minus(INTERVAL), five)).isTrue();

    TokenRecord stored = stored(store(), token.id());
    assertThat(stored.lastUsedIps()).containsExactlyElementsOf(five);
    assertThat(stored.lastUsedIpsAdded()).isZero();
  }

  /**
   * Checks: {@code addLastUsedIp} from one state, concurrently, then exactly one writes.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void addLastUsedIpConcurrentlyThenExactlyOneWrites() throws Exception {
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(RACERS)) {
      for (int round = 0; round < raceRounds(); round++) {
        List<Long> ids = insertPersonalTokens(store(), width);
        for (long id : ids) {
          store().recordLastUsed(id, T0, T0.minus(INTERVAL), List.of("192.0.2.1"));
        }
        List<IntFunction<Boolean>> racing = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
          TokenStore instance = instance(this, i);
          List<String> mine = List.of("198.51.100." + i, "192.0.2.1");
          racing.add(t -> instance.addLastUsedIp(ids.get(t), List.of("192.0.2.1"), 0, mine));
        }

        List<List<Boolean>> results = race.runSteps(width, racing);

        for (int t = 0; t < width; t++) {
          int winner = onlyWinner(results, t, round, "address additions");
          assertThat(stored(store(), ids.get(t)).lastUsedIps())
              .as("round %d, token %d", round, t).containsExactly("198.51.100." + winner, "192.0.2.1");
        }
      }
    }
  }
}
