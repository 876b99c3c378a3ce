package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.CURRENT_KEY;
import static io.wvs.auth.tck.ContractFixtures.RETIRED_KEY;
import static io.wvs.auth.tck.ContractFixtures.T0;
import static io.wvs.auth.tck.ContractFixtures.deploy;
import static io.wvs.auth.tck.ContractFixtures.groupAccess;
import static io.wvs.auth.tck.ContractFixtures.impersonation;
import static io.wvs.auth.tck.ContractFixtures.newDigest;
import static io.wvs.auth.tck.ContractFixtures.newDigestBytes;
import static io.wvs.auth.tck.ContractFixtures.newGroup;
import static io.wvs.auth.tck.ContractFixtures.newProject;
import static io.wvs.auth.tck.ContractFixtures.newUserId;
import static io.wvs.auth.tck.ContractFixtures.personal;
import static io.wvs.auth.tck.ContractFixtures.projectAccess;
import static io.wvs.auth.tck.StoreChecks.assertSameToken;
import static io.wvs.auth.tck.StoreChecks.byDigest;
import static io.wvs.auth.tck.StoreChecks.expected;
import static io.wvs.auth.tck.StoreChecks.instance;
import static io.wvs.auth.tck.StoreChecks.onlyWinner;
import static io.wvs.auth.tck.StoreChecks.stored;
import static io.wvs.auth.tck.StoreChecks.tokensOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code insert} guarantees: distinct ids, each token the root of its family, every field
 * round-tripping exactly, a deploy token's default username, and one winner among concurrent inserts
 * of one digest.
 *
 * <p>Part of {@link TokenStoreContract}; a store's test may implement it alone, providing
 * {@link StoreUnderTest#store()} and {@link StoreUnderTest#other()} fresh for each test.
 *
 * @since 0.1
 */
public interface TokenStoreInsertContract extends StoreUnderTest {

  // insert

  /** Checks: {@code insert} assigns distinct positive ids. */
  @Test
  default void insertAssignsDistinctPositiveIds() {
    long user = newUserId();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      TokenRecord inserted = store().insert(personal(user).build());
      assertThat(inserted.id()).isPositive();
      ids.add(inserted.id());
    }
    assertThat(ids).hasSize(20);
  }

  /** Checks: {@code insert} makes each token the root of its own family. */
  @Test
  default void insertMakesEachTokenTheRootOfItsOwnFamily() {
    TokenRecord a = store().insert(personal(newUserId()).build());
    TokenRecord b = store().insert(deploy(newProject()).build());

    assertThat(a.familyId()).isEqualTo(a.id());
    assertThat(b.familyId()).isEqualTo(b.id());
    assertThat(stored(store(), a.id()).familyId()).isEqualTo(a.id());
    assertThat(stored(store(), b.id()).familyId()).isEqualTo(b.id());
  }

  /**
   * Checks: {@code insert} when deploy token has no username, assigns default username from its id.
   */
  @Test
  default void insertWhenDeployTokenHasNoUsernameThenAssignsDefaultUsernameFromItsId() {
    ResourceRef project = newProject();
    TokenRecord first = store().insert(deploy(project).build());
    TokenRecord second = store().insert(deploy(newGroup()).build());

    assertThat(first.username()).isEqualTo("wvs+deploy-token-" + first.id());
    assertThat(second.username()).isEqualTo("wvs+deploy-token-" + second.id());
    assertThat(stored(store(), first.id()).username()).isEqualTo("wvs+deploy-token-" + first.id());
    assertThat(store().find(TokenQuery.ofResource(project, TokenType.DEPLOY)))
        .extracting(TokenRecord::username)
        .containsExactly(NewToken.defaultDeployUsername(first.id()));
  }

  /** Checks: {@code insert} when deploy token has username, keeps it. */
  @Test
  default void insertWhenDeployTokenHasUsernameThenKeepsIt() {
    String longest = "d".repeat(250) + ".+_-9";
    TokenRecord custom = store().insert(deploy(newProject()).username("ci.bot+deploy_1-X").build());
    TokenRecord maximal = store().insert(deploy(newGroup()).username(longest).build());

    assertThat(custom.username()).isEqualTo("ci.bot+deploy_1-X");
    assertThat(stored(store(), custom.id()).username()).isEqualTo("ci.bot+deploy_1-X");
    assertThat(stored(store(), maximal.id()).username()).isEqualTo(longest).hasSize(255);
  }

  /** Checks: {@code insert} when token is not deploy, username stays null. */
  @Test
  default void insertWhenTokenIsNotDeployThenUsernameStaysNull() {
    long bot = newUserId();
    TokenRecord personal = store().insert(personal(newUserId()).build());
    TokenRecord project = store().insert(projectAccess(bot, newProject()).build());

    assertThat(personal.username()).isNull();
    assertThat(stored(store(), personal.id()).username()).isNull();
    assertThat(stored(store(), project.id()).username()).isNull();
  }

  /**
   * Checks: a description of 255 code points (emoji included, so more UTF-16 units) is stored and
   * read back exactly, for every token type; a token without one reads back null.
   */
  @Test
  default void aDescriptionOfUpTo255CodePointsIsStoredForEveryTokenType() {
    String longest = "\uD83D\uDE80".repeat(100) + "d".repeat(155);
    assertThat(longest.codePointCount(0, longest.length())).isEqualTo(255);
    long user = newUserId();
    List<NewToken> tokens = List.of(personal(user).description(longest).build(),
        impersonation(user).description("Support session for ticket triage").build(),
        projectAccess(newUserId(), newProject()).description(longest).build(),
        groupAccess(newUserId(), newGroup()).description("Nightly dependency updates").build(),
        deploy(newProject()).description(longest).build(),
        personal(user).build());

    for (NewToken token : tokens) {
      TokenRecord inserted = store().insert(token);
      assertThat(inserted.description()).isEqualTo(token.description());
      assertThat(stored(store(), inserted.id()).description()).isEqualTo(token.description());
      assertThat(byDigest(store(), token.digest()).description()).isEqualTo(token.description());
    }
  }

  /** Checks: every field round-trips exactly through {@code insert}. */
  @Test
  default void insertThenEveryFieldRoundTripsExactly() {
    byte[] sealed = new byte[96];
    for (int i = 0; i < sealed.length; i++) {
      sealed[i] = (byte) (i * 37 + 5);
    }
    sealed[0] = 0;
    sealed[95] = (byte) 0xff;
    ResourceRef group = newGroup();
    long creator = newUserId();
    NewToken full = deploy(group)
        .name("Déploiement – 東京 (ci)")
        .description("Ships the 🚀 release of 東京 to staging")
        .scopes(Scope.READ_REPOSITORY, Scope.READ_REGISTRY, Scope.WRITE_REGISTRY,
            Scope.READ_PACKAGE_REGISTRY, Scope.WRITE_PACKAGE_REGISTRY)
        .createdAt(T0)
        .expiresOn(LocalDate.of(2025, 3, 15))
        .createdBy(creator)
        .username("ci-deployer")
        .sealedSecret(sealed)
        .build();
    long user = newUserId();
    NewToken minimal = personal(user)
        .name("n")
        .scopes(Scope.SUDO)
        .createdAt(Instant.parse("2025-06-30T00:00:00Z"))
        .expiresOn(null)
        .createdBy(null)
        .build();

    TokenRecord fullInserted = store().insert(full);
    TokenRecord minimalInserted = store().insert(minimal);

    TokenRecord fullExpected = expected(full, fullInserted.id(), fullInserted.id());
    TokenRecord minimalExpected = expected(minimal, minimalInserted.id(), minimalInserted.id());
    assertSameToken(fullInserted, fullExpected);
    assertSameToken(minimalInserted, minimalExpected);
    assertSameToken(stored(store(), fullInserted.id()), fullExpected);
    assertSameToken(stored(store(), minimalInserted.id()), minimalExpected);
    assertSameToken(byDigest(store(), full.digest()), fullExpected);
    assertSameToken(byDigest(store(), minimal.digest()), minimalExpected);
    assertThat(store().find(TokenQuery.ofResource(group, TokenType.DEPLOY))).singleElement()
        .satisfies(r -> assertSameToken(r, fullExpected));
    assertThat(store().find(TokenQuery.ofUser(user, TokenType.PERSONAL))).singleElement()
        .satisfies(r -> assertSameToken(r, minimalExpected));
    assertThat(stored(store(), fullInserted.id()).sealedSecret()).containsExactly(sealed);
    assertThat(stored(store(), minimalInserted.id()).sealedSecret()).isNull();
  }

  /** Checks: {@code insert} round-trips every token type and resource kind. */
  @Test
  default void insertRoundTripsEveryTokenTypeAndResourceKind() {
    long user = newUserId();
    long bot = newUserId();
    List<NewToken> tokens = List.of(
        personal(user).build(),
        impersonation(user).build(),
        projectAccess(bot, newProject()).build(),
        groupAccess(bot, newGroup()).build(),
        deploy(newProject()).build(),
        deploy(newGroup()).build());
    assertThat(tokens).extracting(NewToken::type).containsAll(EnumSet.allOf(TokenType.class));

    for (NewToken token : tokens) {
      TokenRecord inserted = store().insert(token);
      assertSameToken(stored(store(), inserted.id()), expected(token, inserted.id(), inserted.id()));
    }
  }

  /** Checks: {@code insert} round-trips digests of every allowed length. */
  @Test
  default void insertRoundTripsDigestsOfEveryAllowedLength() {
    byte[] longest = new byte[64];
    System.arraycopy(newDigestBytes(), 0, longest, 0, 32);
    System.arraycopy(newDigestBytes(), 0, longest, 32, 32);
    byte[] shortest = new byte[16];
    System.arraycopy(newDigestBytes(), 0, shortest, 0, 16);
    TokenDigest wide = TokenDigest.of("key_2025-12-31ab", longest);
    TokenDigest narrow = TokenDigest.of("k", shortest);

    TokenRecord a = store().insert(personal(newUserId()).digest(wide).build());
    TokenRecord b = store().insert(personal(newUserId()).digest(narrow).build());

    assertThat(byDigest(store(), wide).id()).isEqualTo(a.id());
    assertThat(byDigest(store(), narrow).id()).isEqualTo(b.id());
    assertThat(stored(store(), a.id()).digest()).isEqualTo(wide);
    assertThat(stored(store(), a.id()).digest().bytes()).containsExactly(longest);
    assertThat(stored(store(), b.id()).digest()).isEqualTo(narrow);
  }

  /**
   * Checks: {@code insert} when digest already stored, throws {@code TokenConflictException} and
   * writes nothing.
   */
  @Test
  default void insertWhenDigestAlreadyStoredThenThrowsTokenConflictAndWritesNothing() {
    long owner = newUserId();
    TokenRecord existing = store().insert(personal(owner).build());
    ResourceRef project = newProject();
    // A deploy token without a username: a store that inserts, then sets the username, must not
    // leave the first half behind.
    NewToken duplicate = deploy(project).digest(existing.digest()).build();

    assertThatThrownBy(() -> store().insert(duplicate)).isInstanceOf(TokenConflictException.class);

    assertThat(store().find(TokenQuery.ofResource(project, TokenType.DEPLOY))).isEmpty();
    assertSameToken(byDigest(store(), existing.digest()), existing);
    assertThat(tokensOf(store(), owner)).containsExactly(existing);
    TokenRecord next = store().insert(deploy(project).build());
    assertThat(next.username()).isEqualTo("wvs+deploy-token-" + next.id());
    assertThat(store().find(TokenQuery.ofResource(project, TokenType.DEPLOY))).containsExactly(next);
  }

  /** Checks: {@code insert} when same digest bytes under another key, stores both. */
  @Test
  default void insertWhenSameDigestBytesUnderAnotherKeyThenStoresBoth() {
    byte[] bytes = newDigestBytes();
    TokenDigest underRetired = TokenDigest.of(RETIRED_KEY, bytes);
    TokenDigest underCurrent = TokenDigest.of(CURRENT_KEY, bytes);

    TokenRecord a = store().insert(personal(newUserId()).digest(underRetired).build());
    TokenRecord b = store().insert(personal(newUserId()).digest(underCurrent).build());

    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(byDigest(store(), underRetired).id()).isEqualTo(a.id());
    assertThat(byDigest(store(), underCurrent).id()).isEqualTo(b.id());
  }

  /**
   * Checks: {@code insert} concurrently with one digest, then exactly one succeeds.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  default void insertConcurrentlyWithOneDigestThenExactlyOneSucceeds() throws Exception {
    int racers = 8;
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(racers)) {
      for (int round = 0; round < raceRounds(); round++) {
        List<TokenDigest> digests = Stream.generate(ContractFixtures::newDigest).limit(width)
            .collect(Collectors.toList());
        List<Long> users = new ArrayList<>();
        List<IntFunction<Boolean>> racing = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          TokenStore instance = instance(this, i);
          long user = newUserId();
          users.add(user);
          List<NewToken> tokens = digests.stream().map(d -> personal(user).digest(d).build())
              .collect(Collectors.toList());
          racing.add(t -> {
            try {
              instance.insert(tokens.get(t));
              return true;
            } catch (TokenConflictException e) {
              return false;
            }
          });
        }

        List<List<Boolean>> results = race.runSteps(width, racing);

        int[] wins = new int[racers];
        for (int t = 0; t < width; t++) {
          int winner = onlyWinner(results, t, round, "inserts");
          wins[winner]++;
          assertThat(byDigest(store(), digests.get(t)).userId()).as("round %d, digest %d: owner", round, t)
              .isEqualTo(users.get(winner));
        }
        for (int i = 0; i < racers; i++) {
          assertThat(tokensOf(store(), users.get(i))).as("round %d: tokens of racer %d", round, i)
              .hasSize(wins[i]);
        }
      }
    }
  }
}
