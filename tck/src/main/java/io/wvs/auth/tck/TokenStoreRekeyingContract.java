package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.CURRENT_KEY;
import static io.wvs.auth.tck.ContractFixtures.RETIRED_KEY;
import static io.wvs.auth.tck.ContractFixtures.UNKNOWN_ID;
import static io.wvs.auth.tck.ContractFixtures.at;
import static io.wvs.auth.tck.ContractFixtures.newDigest;
import static io.wvs.auth.tck.ContractFixtures.newDigestBytes;
import static io.wvs.auth.tck.ContractFixtures.newRetiredDigest;
import static io.wvs.auth.tck.ContractFixtures.newUserId;
import static io.wvs.auth.tck.ContractFixtures.personal;
import static io.wvs.auth.tck.StoreChecks.ALICE;
import static io.wvs.auth.tck.StoreChecks.KEY_CHECK_LABEL;
import static io.wvs.auth.tck.StoreChecks.RACERS;
import static io.wvs.auth.tck.StoreChecks.assertNoSecretIn;
import static io.wvs.auth.tck.StoreChecks.assertSameToken;
import static io.wvs.auth.tck.StoreChecks.byDigest;
import static io.wvs.auth.tck.StoreChecks.expected;
import static io.wvs.auth.tck.StoreChecks.hmacSha256;
import static io.wvs.auth.tck.StoreChecks.instance;
import static io.wvs.auth.tck.StoreChecks.newCheckValue;
import static io.wvs.auth.tck.StoreChecks.newKeyId;
import static io.wvs.auth.tck.StoreChecks.onlyWinner;
import static io.wvs.auth.tck.StoreChecks.start;
import static io.wvs.auth.tck.StoreChecks.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.PepperMismatchException;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What pepper rotation needs of a store: {@code replaceDigest} as a compare-and-set, and the key
 * check values ({@code registerKeyCheck}) that stop an instance from starting with a wrong pepper.
 *
 * <p>Part of {@link TokenStoreContract}; a store's test may implement it alone, providing
 * {@link StoreUnderTest#store()} and {@link StoreUnderTest#other()} fresh for each test.
 *
 * @since 0.1
 */
public interface TokenStoreRekeyingContract extends StoreUnderTest {

  // replaceDigest

  /**
   * Checks: {@code replaceDigest} when expected matches, token is found only under the replacement.
   */
  @Test
  default void replaceDigestWhenExpectedMatchesThenTokenIsFoundOnlyUnderTheReplacement() {
    TokenDigest retired = newRetiredDigest();
    TokenRecord token = store().insert(personal(newUserId()).digest(retired).build());
    TokenDigest current = newDigest();

    assertThat(store().replaceDigest(token.id(), retired, current)).isTrue();

    TokenRecord rekeyed = token.withDigest(current);
    assertSameToken(stored(store(), token.id()), rekeyed);
    assertSameToken(byDigest(store(), current), rekeyed);
    assertThat(store().findByDigest(List.of(retired))).isEmpty();
    assertThat(store().findByDigest(List.of(current, retired))).contains(rekeyed);
  }

  /** Checks: {@code replaceDigest} when expected differs, changes nothing. */
  @Test
  default void replaceDigestWhenExpectedDiffersThenChangesNothing() {
    byte[] bytes = newDigestBytes();
    TokenDigest stored = TokenDigest.of(RETIRED_KEY, bytes);
    TokenRecord token = store().insert(personal(newUserId()).digest(stored).build());
    TokenDigest replacement = newDigest();

    assertThat(store().replaceDigest(token.id(), newDigest(), replacement)).isFalse();
    // The same bytes under another key are another digest.
    assertThat(store().replaceDigest(token.id(), TokenDigest.of(CURRENT_KEY, bytes), replacement)).isFalse();

    assertSameToken(stored(store(), token.id()), token);
    assertSameToken(byDigest(store(), stored), token);
    assertThat(store().findByDigest(List.of(replacement))).isEmpty();
  }

  /** Checks: {@code replaceDigest} when expected is another token's digest, changes nothing. */
  @Test
  default void replaceDigestWhenExpectedIsAnotherTokensDigestThenChangesNothing() {
    TokenRecord a = store().insert(personal(newUserId()).build());
    TokenRecord b = store().insert(personal(newUserId()).build());
    TokenDigest replacement = newDigest();

    assertThat(store().replaceDigest(a.id(), b.digest(), replacement)).isFalse();

    assertSameToken(stored(store(), a.id()), a);
    assertSameToken(stored(store(), b.id()), b);
    assertThat(store().findByDigest(List.of(replacement))).isEmpty();
  }

  /** Checks: {@code replaceDigest} when unknown, returns false. */
  @Test
  default void replaceDigestWhenUnknownThenReturnsFalse() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    TokenDigest replacement = newDigest();

    assertThat(store().replaceDigest(UNKNOWN_ID, token.digest(), replacement)).isFalse();

    assertSameToken(byDigest(store(), token.digest()), token);
    assertThat(store().findByDigest(List.of(replacement))).isEmpty();
  }

  /** Checks: {@code replaceDigest} when replacement belongs to another token, changes nothing. */
  @Test
  default void replaceDigestWhenReplacementBelongsToAnotherTokenThenChangesNothing() {
    TokenRecord a = store().insert(personal(newUserId()).digest(newRetiredDigest()).build());
    TokenRecord b = store().insert(personal(newUserId()).build());

    // Returning false or throwing TokenConflictException are both acceptable; changing either
    // token is not.
    boolean replaced;
    try {
      replaced = store().replaceDigest(a.id(), a.digest(), b.digest());
    } catch (TokenConflictException e) {
      replaced = false;
    }

    assertThat(replaced).isFalse();
    assertSameToken(stored(store(), a.id()), a);
    assertSameToken(stored(store(), b.id()), b);
    assertSameToken(byDigest(store(), a.digest()), a);
    assertSameToken(byDigest(store(), b.digest()), b);
  }

  /**
   * Checks: {@code replaceDigest} concurrently, then exactly one replacement wins.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void replaceDigestConcurrentlyThenExactlyOneReplacementWins() throws Exception {
    int racers = 8;
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(racers)) {
      for (int round = 0; round < raceRounds(); round++) {
        long user = newUserId();
        List<TokenRecord> tokens = new ArrayList<>();
        for (int t = 0; t < width; t++) {
          TokenDigest retired = newRetiredDigest();
          tokens.add(store().insert(personal(user).digest(retired).build()));
        }
        List<List<TokenDigest>> replacements = new ArrayList<>();
        List<IntFunction<Boolean>> racing = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          TokenStore instance = instance(this, i);
          List<TokenDigest> mine = Stream.generate(ContractFixtures::newDigest).limit(width)
              .collect(Collectors.toList());
          replacements.add(mine);
          racing.add(t ->
              instance.replaceDigest(tokens.get(t).id(), tokens.get(t).digest(), mine.get(t)));
        }

        List<List<Boolean>> results = race.runSteps(width, racing);

        for (int t = 0; t < width; t++) {
          int winner = onlyWinner(results, t, round, "replacements");
          TokenRecord token = tokens.get(t);
          assertThat(stored(store(), token.id()).digest()).as("round %d, token %d: digest", round, t)
              .isEqualTo(replacements.get(winner).get(t));
          assertThat(store().findByDigest(List.of(token.digest()))).as("round %d, token %d: old digest", round, t)
              .isEmpty();
          for (int i = 0; i < racers; i++) {
            assertThat(store().findByDigest(List.of(replacements.get(i).get(t))).map(TokenRecord::id))
                .as("round %d, token %d: replacement of racer %d", round, t, i)
                .isEqualTo(i == winner ? Optional.of(token.id()) : Optional.empty());
          }
        }
      }
    }
  }

  // pepper key checks (registerKeyCheck, and WvsAuth's check at build)

  /** Checks: {@code registerKeyCheck} stores the first value and hands it to every later caller. */
  @Test
  default void registerKeyCheckStoresTheFirstValueAndHandsItToEveryLaterCaller() {
    String keyId = newKeyId();
    String first = newCheckValue();
    String second = newCheckValue();

    assertThat(store().registerKeyCheck(keyId, first)).isEqualTo(first);
    assertThat(other().registerKeyCheck(keyId, second)).isEqualTo(first);
    assertThat(store().registerKeyCheck(keyId, second)).isEqualTo(first);
    assertThat(other().registerKeyCheck(keyId, first)).isEqualTo(first);

    // Each key id has its own.
    String anotherKeyId = newKeyId();
    assertThat(other().registerKeyCheck(anotherKeyId, second)).isEqualTo(second);
    assertThat(store().registerKeyCheck(keyId, newCheckValue())).isEqualTo(first);
  }

  /**
   * Checks: {@code registerKeyCheck} concurrently, then exactly one value is stored and every
   * caller gets it.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void registerKeyCheckConcurrentlyThenExactlyOneValueIsStoredAndEveryCallerGetsIt()
      throws Exception {
    try (ContractRace race = new ContractRace(RACERS)) {
      for (int round = 0; round < raceRounds(); round++) {
        String keyId = newKeyId();
        List<String> values = Stream.generate(StoreChecks::newCheckValue).limit(RACERS)
            .collect(Collectors.toList());
        List<Callable<String>> racing = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
          TokenStore instance = instance(this, i);
          String value = values.get(i);
          racing.add(() -> instance.registerKeyCheck(keyId, value));
        }

        List<String> answers = race.run(racing);

        assertThat(new HashSet<>(answers)).as("round %d: the values the racers got back", round)
            .hasSize(1);
        assertThat(values).as("round %d: the winner is one of the racers", round)
            .contains(answers.get(0));
        assertThat(store().registerKeyCheck(keyId, newCheckValue())).isEqualTo(answers.get(0));
      }
    }
  }

  /**
   * Checks: The store keeps a keyed digest of a fixed label per key id, never the pepper.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void theStoreKeepsAKeyedDigestOfAFixedLabelPerKeyIdNeverThePepper() throws Exception {
    String keyId = newKeyId();
    byte[] pepper = newDigestBytes();
    start(store(), keyId, pepper);

    String stored = other().registerKeyCheck(keyId, newCheckValue());
    assertThat(stored).isEqualTo(HexFormat.of().formatHex(hmacSha256(pepper, KEY_CHECK_LABEL)))
        .doesNotContain(HexFormat.of().formatHex(pepper))
        .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(pepper));
  }

  /**
   * Checks: A pepper that does not match its key id's check value refuses to start.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void aPepperThatDoesNotMatchItsKeyIdsCheckValueRefusesToStart() throws Exception {
    String keyId = newKeyId();
    byte[] pepper = newDigestBytes();
    byte[] otherPepper = newDigestBytes();
    WvsAuth first = start(store(), keyId, pepper);
    CreatedToken token = first.personalTokens().create(ALICE, ALICE, TokenSpec.of("ci", Scope.API));

    assertThatThrownBy(() -> start(other(), keyId, otherPepper))
        .isInstanceOfSatisfying(PepperMismatchException.class, e -> {
          assertThat(e.keyIds()).containsExactly(keyId);
          assertThat(e.getMessage()).contains("key id '" + keyId + "'", "same pepper",
              "new key id", "retired");
          assertNoSecretIn(e.getMessage(), otherPepper, pepper);
        });
    assertThatThrownBy(() -> start(store(), keyId, otherPepper))
        .isInstanceOf(PepperMismatchException.class);

    // The same pepper starts on either instance, and each accepts the other's tokens.
    WvsAuth second = start(other(), keyId, pepper.clone());
    assertThat(second.authenticator().authenticate(AuthRequest.api(token.value(), "GET")))
        .isInstanceOf(AuthResult.Success.class);
    CreatedToken back = second.personalTokens().create(ALICE, ALICE, TokenSpec.of("b", Scope.API));
    assertThat(first.authenticator().authenticate(AuthRequest.api(back.value(), "GET")))
        .isInstanceOf(AuthResult.Success.class);
  }

  /**
   * Checks: A retired key whose pepper does not match its check value refuses to start.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void aRetiredKeyWhosePepperDoesNotMatchItsCheckValueRefusesToStart() throws Exception {
    String oldKeyId = newKeyId();
    String newKeyId = newKeyId();
    byte[] oldPepper = newDigestBytes();
    byte[] newPepper = newDigestBytes();
    byte[] wrongOldPepper = newDigestBytes();
    start(store(), oldKeyId, oldPepper);

    assertThatThrownBy(() -> start(other(), DigestKeyring.builder().current(newKeyId, newPepper)
        .retired(oldKeyId, wrongOldPepper).build()))
        .isInstanceOfSatisfying(PepperMismatchException.class, e -> {
          assertThat(e.keyIds()).containsExactly(oldKeyId);
          assertNoSecretIn(e.getMessage(), wrongOldPepper, oldPepper, newPepper);
        });

    // Rotation as documented: the new pepper under a new key id, the old one kept as retired.
    start(other(), DigestKeyring.builder().current(newKeyId, newPepper)
        .retired(oldKeyId, oldPepper).build());
    assertThatThrownBy(() -> start(store(), newKeyId, wrongOldPepper))
        .isInstanceOfSatisfying(PepperMismatchException.class,
            e -> assertThat(e.keyIds()).containsExactly(newKeyId));
  }

  /**
   * Checks: A store with tokens but no check value takes the pepper of the first start.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void aStoreWithTokensButNoCheckValueTakesThePepperOfTheFirstStart() throws Exception {
    // Tokens stored by a version that kept no check values: the first start registers its pepper.
    String keyId = newKeyId();
    byte[] pepper = newDigestBytes();
    TokenRecord earlier = store().insert(personal(ALICE).digest(TokenDigest.of(keyId,
        hmacSha256(pepper, "token-from-an-earlier-version-1"))).build());

    WvsAuth started = start(other(), keyId, pepper);

    AuthResult result = started.authenticator()
        .authenticate(AuthRequest.api("token-from-an-earlier-version-1", "GET"));
    assertThat(result).isInstanceOfSatisfying(AuthResult.Success.class,
        ok -> assertThat(((AuthResult.Via.Token) ok.via()).id()).isEqualTo(earlier.id()));
    assertThatThrownBy(() -> start(store(), keyId, newDigestBytes()))
        .isInstanceOf(PepperMismatchException.class);
  }

  /**
   * Checks: Two instances starting at once with different peppers under one key id, then exactly
   * one starts.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void twoInstancesStartingAtOnceWithDifferentPeppersUnderOneKeyIdThenExactlyOneStarts()
      throws Exception {
    try (ContractRace race = new ContractRace(2)) {
      for (int round = 0; round < raceRounds(); round++) {
        String keyId = newKeyId();
        List<byte[]> peppers = List.of(newDigestBytes(), newDigestBytes());
        List<Callable<Boolean>> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          TokenStore instance = instance(this, i);
          byte[] pepper = peppers.get(i);
          starts.add(() -> {
            try {
              start(instance, keyId, pepper);
              return true;
            } catch (PepperMismatchException e) {
              assertThat(e.keyIds()).containsExactly(keyId);
              return false;
            }
          });
        }

        List<Boolean> started = race.run(starts);

        assertThat(started).as("round %d: which of the two instances started", round)
            .containsOnlyOnce(true);
        int winner = started.indexOf(true);
        // The winner's pepper is the one the store keeps: it starts again, the loser's does not.
        start(instance(this, 1 - winner), keyId, peppers.get(winner));
        assertThatThrownBy(() -> start(instance(this, winner), keyId, peppers.get(1 - winner)))
            .isInstanceOf(PepperMismatchException.class);
      }
    }
  }
}
