package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.EXPIRY;
import static io.wvs.auth.tck.ContractFixtures.INTERVAL;
import static io.wvs.auth.tck.ContractFixtures.UNKNOWN_ID;
import static io.wvs.auth.tck.ContractFixtures.at;
import static io.wvs.auth.tck.ContractFixtures.deploy;
import static io.wvs.auth.tck.ContractFixtures.newProject;
import static io.wvs.auth.tck.ContractFixtures.newUserId;
import static io.wvs.auth.tck.ContractFixtures.personal;
import static io.wvs.auth.tck.StoreChecks.assertSameToken;
import static io.wvs.auth.tck.StoreChecks.byDigest;
import static io.wvs.auth.tck.StoreChecks.byId;
import static io.wvs.auth.tck.StoreChecks.expected;
import static io.wvs.auth.tck.StoreChecks.instance;
import static io.wvs.auth.tck.StoreChecks.rotated;
import static io.wvs.auth.tck.StoreChecks.stored;
import static io.wvs.auth.tck.StoreChecks.tokensOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult.Outcome;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code rotate} guarantees: the predecessor revoked and the successor inserted in its family
 * atomically, reuse of a rotated or revoked token detected (its family revoked), nothing inserted on
 * failure, and a consistent winner when revocation races rotation.
 *
 * <p>Part of {@link TokenStoreContract}; a store's test may implement it alone, providing
 * {@link StoreUnderTest#store()} and {@link StoreUnderTest#other()} fresh for each test.
 *
 * @since 0.1
 */
public interface TokenStoreRotationContract extends StoreUnderTest {

  // rotate

  /**
   * Checks: {@code rotate} when active, revokes predecessor and inserts successor in its family.
   */
  @Test
  default void rotateWhenActiveThenRevokesPredecessorAndInsertsSuccessorInItsFamily() {
    long user = newUserId();
    TokenRecord predecessor = store().insert(personal(user).name("laptop").build());
    store().recordLastUsed(predecessor.id(), at(5), at(5).minus(INTERVAL));
    TokenRecord before = stored(store(), predecessor.id());
    NewToken next = personal(user).name("laptop").createdAt(at(100)).expiresOn(EXPIRY.plusDays(7))
        .createdBy(user).build();

    RotationResult result = store().rotate(predecessor.id(), next, at(100));

    assertThat(result.outcome()).isEqualTo(Outcome.ROTATED);
    TokenRecord successor = result.successor();
    assertThat(successor).isNotNull();
    assertThat(successor.id()).isPositive().isNotEqualTo(predecessor.id());
    assertThat(successor.familyId()).isEqualTo(predecessor.familyId()).isEqualTo(predecessor.id());
    TokenRecord expectedSuccessor = expected(next, successor.id(), predecessor.id());
    assertSameToken(successor, expectedSuccessor);
    assertSameToken(stored(store(), successor.id()), expectedSuccessor);
    assertSameToken(byDigest(store(), next.digest()), expectedSuccessor);
    assertSameToken(stored(store(), predecessor.id()), before.withRevokedAt(at(100)));
    assertThat(tokensOf(store(), user))
        .containsExactlyElementsOf(byId(stored(store(), predecessor.id()), expectedSuccessor));
  }

  /** Checks: the successor a rotation inserts keeps the description it is given. */
  @Test
  default void rotateStoresTheSuccessorsDescription() {
    long user = newUserId();
    TokenRecord predecessor = store().insert(personal(user).description("CI on the build farm").build());
    NewToken next = personal(user).description(predecessor.description()).createdAt(at(100)).build();

    RotationResult result = store().rotate(predecessor.id(), next, at(100));

    assertThat(result.outcome()).isEqualTo(Outcome.ROTATED);
    assertThat(result.successor().description()).isEqualTo("CI on the build farm");
    assertThat(stored(store(), result.successor().id()).description()).isEqualTo("CI on the build farm");
  }

  /** Checks: {@code rotate} chain keeps every token in the first token's family. */
  @Test
  default void rotateChainKeepsEveryTokenInTheFirstTokensFamily() {
    long user = newUserId();
    TokenRecord first = store().insert(personal(user).build());
    TokenRecord second = rotated(store().rotate(first.id(), personal(user).build(), at(10)));
    TokenRecord third = rotated(store().rotate(second.id(), personal(user).build(), at(20)));

    assertThat(second.familyId()).isEqualTo(first.id());
    assertThat(third.familyId()).isEqualTo(first.id());
    assertThat(stored(store(), third.id()).familyId()).isEqualTo(first.id());
    assertThat(stored(store(), first.id()).revokedAt()).isEqualTo(at(10));
    assertThat(stored(store(), second.id()).revokedAt()).isEqualTo(at(20));
    assertThat(stored(store(), third.id()).isRevoked()).isFalse();
  }

  /**
   * Checks: {@code rotate} when deploy successor has no username, assigns its own default username.
   */
  @Test
  default void rotateWhenDeploySuccessorHasNoUsernameThenAssignsItsOwnDefaultUsername() {
    ResourceRef project = newProject();
    TokenRecord predecessor = store().insert(deploy(project).build());
    TokenRecord custom = store().insert(deploy(project).username("ci-bot").build());

    TokenRecord successor =
        rotated(store().rotate(predecessor.id(), deploy(project).build(), at(10)));
    TokenRecord customSuccessor =
        rotated(store().rotate(custom.id(), deploy(project).username("ci-bot").build(), at(10)));

    assertThat(successor.username()).isEqualTo("wvs+deploy-token-" + successor.id());
    assertThat(stored(store(), successor.id()).username()).isEqualTo("wvs+deploy-token-" + successor.id());
    assertThat(stored(store(), customSuccessor.id()).username()).isEqualTo("ci-bot");
  }

  /**
   * Checks: {@code rotate} when predecessor was rotated, detects reuse, revokes the family and
   * inserts nothing.
   */
  @Test
  default void rotateWhenPredecessorWasRotatedThenDetectsReuseRevokesTheFamilyAndInsertsNothing() {
    long user = newUserId();
    TokenRecord first = store().insert(personal(user).build());
    TokenRecord second = rotated(store().rotate(first.id(), personal(user).build(), at(10)));
    TokenRecord third = rotated(store().rotate(second.id(), personal(user).build(), at(20)));
    TokenRecord unrelated = store().insert(personal(user).build());
    NewToken replay = personal(user).build();

    RotationResult result = store().rotate(first.id(), replay, at(30));

    assertThat(result.outcome()).isEqualTo(Outcome.REUSE_DETECTED);
    assertThat(result.successor()).isNull();
    assertThat(stored(store(), first.id()).revokedAt()).isEqualTo(at(10));
    assertThat(stored(store(), second.id()).revokedAt()).isEqualTo(at(20));
    assertSameToken(stored(store(), third.id()), third.withRevokedAt(at(30)));
    assertSameToken(stored(store(), unrelated.id()), unrelated);
    assertThat(store().findByDigest(List.of(replay.digest()))).isEmpty();
    assertThat(tokensOf(store(), user)).extracting(TokenRecord::id)
        .containsExactlyInAnyOrder(first.id(), second.id(), third.id(), unrelated.id());
  }

  /** Checks: {@code rotate} when predecessor was revoked, detects reuse and inserts nothing. */
  @Test
  default void rotateWhenPredecessorWasRevokedThenDetectsReuseAndInsertsNothing() {
    long user = newUserId();
    TokenRecord token = store().insert(personal(user).build());
    store().revoke(token.id(), at(10));
    NewToken replay = personal(user).build();

    RotationResult result = store().rotate(token.id(), replay, at(20));

    assertThat(result.outcome()).isEqualTo(Outcome.REUSE_DETECTED);
    assertThat(result.successor()).isNull();
    assertThat(stored(store(), token.id()).revokedAt()).isEqualTo(at(10));
    assertThat(store().findByDigest(List.of(replay.digest()))).isEmpty();
    assertThat(tokensOf(store(), user)).hasSize(1);
  }

  /** Checks: {@code rotate} when unknown, answers not found and inserts nothing. */
  @Test
  default void rotateWhenUnknownThenNotFoundAndInsertsNothing() {
    long user = newUserId();
    NewToken successor = personal(user).build();

    RotationResult result = store().rotate(UNKNOWN_ID, successor, at(10));

    assertThat(result.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(result.successor()).isNull();
    assertThat(store().findByDigest(List.of(successor.digest()))).isEmpty();
    assertThat(tokensOf(store(), user)).isEmpty();
  }

  /**
   * Checks: {@code rotate} when successor digest is taken, throws {@code TokenConflictException}
   * and changes nothing.
   */
  @Test
  default void rotateWhenSuccessorDigestIsTakenThenThrowsTokenConflictAndChangesNothing() {
    long user = newUserId();
    TokenRecord predecessor = store().insert(personal(user).build());
    TokenRecord holder = store().insert(personal(newUserId()).build());
    NewToken clash = personal(user).digest(holder.digest()).build();

    assertThatThrownBy(() -> store().rotate(predecessor.id(), clash, at(10)))
        .isInstanceOf(TokenConflictException.class);

    // Nothing is half-written: the predecessor must still work, or the user is locked out.
    assertSameToken(stored(store(), predecessor.id()), predecessor);
    assertSameToken(stored(store(), holder.id()), holder);
    assertThat(tokensOf(store(), user)).containsExactly(predecessor);
  }

  /**
   * Checks: {@code rotate} concurrently, then exactly one rotates and the others revoke its
   * successor.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void rotateConcurrentlyThenExactlyOneRotatesAndTheOthersRevokeItsSuccessor()
      throws Exception {
    int racers = 8;
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(racers)) {
      for (int round = 0; round < raceRounds(); round++) {
        long user = newUserId();
        List<TokenRecord> tokens = new ArrayList<>();
        for (int t = 0; t < width; t++) {
          tokens.add(store().insert(personal(user).build()));
        }
        List<List<NewToken>> successors = new ArrayList<>();
        List<IntFunction<RotationResult>> racing = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          TokenStore instance = instance(this, i);
          Instant when = at(100 + i);
          List<NewToken> mine = Stream.generate(() -> personal(user).createdAt(when).build())
              .limit(width).collect(Collectors.toList());
          successors.add(mine);
          racing.add(t -> instance.rotate(tokens.get(t).id(), mine.get(t), when));
        }

        List<List<RotationResult>> results = race.runSteps(width, racing);

        Set<Long> expectedIds = new HashSet<>();
        for (int t = 0; t < width; t++) {
          int step = t;
          List<Outcome> outcomes = results.stream().map(r -> r.get(step).outcome())
              .collect(Collectors.toList());
          assertThat(outcomes).as("round %d, token %d: outcomes", round, t)
              .containsOnlyOnce(Outcome.ROTATED)
              .containsOnly(Outcome.ROTATED, Outcome.REUSE_DETECTED);
          int winner = outcomes.indexOf(Outcome.ROTATED);
          TokenRecord token = tokens.get(t);
          TokenRecord successor = results.get(winner).get(t).successor();
          Set<Instant> loserTimes = IntStream.range(0, racers).filter(i -> i != winner)
              .mapToObj(i -> at(100 + i)).collect(Collectors.toSet());
          assertThat(stored(store(), token.id()).revokedAt())
              .as("round %d, token %d: predecessor revokedAt", round, t)
              .isEqualTo(at(100 + winner));
          // Every loser ran after the winner and found the predecessor revoked, so it revoked the
          // family: the winner's successor included.
          assertThat(stored(store(), successor.id()).familyId()).isEqualTo(token.id());
          assertThat(stored(store(), successor.id()).revokedAt())
              .as("round %d, token %d: successor revokedAt", round, t)
              .isIn(loserTimes);
          for (int i = 0; i < racers; i++) {
            if (i != winner) {
              assertThat(store().findByDigest(List.of(successors.get(i).get(t).digest())))
                  .as("round %d, token %d: successor of loser %d", round, t, i).isEmpty();
            }
          }
          expectedIds.add(token.id());
          expectedIds.add(successor.id());
        }
        assertThat(tokensOf(store(), user)).extracting(TokenRecord::id).as("round %d: tokens", round)
            .containsExactlyInAnyOrderElementsOf(expectedIds);
      }
    }
  }

  /**
   * Checks: {@code revoke} racing rotate, then exactly one of them wins consistently.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void revokeRacingRotateThenExactlyOneOfThemWinsConsistently() throws Exception {
    int width = tokensPerRace();
    Instant revokeAt = at(100);
    Instant rotateAt = at(200);
    try (ContractRace race = new ContractRace(2)) {
      for (int round = 0; round < raceRounds(); round++) {
        List<Long> users = new ArrayList<>();
        List<TokenRecord> tokens = new ArrayList<>();
        List<NewToken> successors = new ArrayList<>();
        for (int t = 0; t < width; t++) {
          long user = newUserId();
          users.add(user);
          tokens.add(store().insert(personal(user).build()));
          successors.add(personal(user).createdAt(rotateAt).build());
        }
        TokenStore revoker = instance(this, round);
        TokenStore rotator = instance(this, round + 1);
        List<IntFunction<Object>> racing = List.of(
            t -> revoker.revoke(tokens.get(t).id(), revokeAt),
            t -> rotator.rotate(tokens.get(t).id(), successors.get(t), rotateAt));

        List<List<Object>> results = race.runSteps(width, racing);

        for (int t = 0; t < width; t++) {
          boolean revoked = (Boolean) results.get(0).get(t);
          RotationResult rotation = (RotationResult) results.get(1).get(t);
          TokenRecord token = tokens.get(t);
          NewToken next = successors.get(t);
          List<TokenRecord> family = tokensOf(store(), users.get(t));
          if (rotation.outcome() == Outcome.ROTATED) {
            // Rotation first: the revoke found the token already revoked by the rotation.
            assertThat(revoked).as("round %d, token %d: revoke after rotation", round, t).isFalse();
            assertThat(stored(store(), token.id()).revokedAt()).as("round %d, token %d", round, t)
                .isEqualTo(rotateAt);
            TokenRecord successor = byDigest(store(), next.digest());
            assertThat(successor.familyId()).isEqualTo(token.id());
            assertThat(successor.isRevoked()).as("round %d, token %d: successor revoked", round, t)
                .isFalse();
            assertThat(family).hasSize(2);
          } else {
            // Revocation first: the rotation saw a revoked token, which is reuse.
            assertThat(rotation.outcome()).as("round %d, token %d: rotation outcome", round, t)
                .isEqualTo(Outcome.REUSE_DETECTED);
            assertThat(revoked).as("round %d, token %d: revoke before rotation", round, t).isTrue();
            assertThat(stored(store(), token.id()).revokedAt()).as("round %d, token %d", round, t)
                .isEqualTo(revokeAt);
            assertThat(store().findByDigest(List.of(next.digest()))).as("round %d, token %d", round, t)
                .isEmpty();
            assertThat(family).hasSize(1);
          }
        }
      }
    }
  }
}
