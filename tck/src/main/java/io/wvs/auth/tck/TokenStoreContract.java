package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.CURRENT_KEY;
import static io.wvs.auth.tck.ContractFixtures.EXPIRY;
import static io.wvs.auth.tck.ContractFixtures.INTERVAL;
import static io.wvs.auth.tck.ContractFixtures.RETIRED_KEY;
import static io.wvs.auth.tck.ContractFixtures.T0;
import static io.wvs.auth.tck.ContractFixtures.UNKNOWN_ID;
import static io.wvs.auth.tck.ContractFixtures.at;
import static io.wvs.auth.tck.ContractFixtures.deploy;
import static io.wvs.auth.tck.ContractFixtures.groupAccess;
import static io.wvs.auth.tck.ContractFixtures.impersonation;
import static io.wvs.auth.tck.ContractFixtures.newDigest;
import static io.wvs.auth.tck.ContractFixtures.newDigestBytes;
import static io.wvs.auth.tck.ContractFixtures.newGroup;
import static io.wvs.auth.tck.ContractFixtures.newProject;
import static io.wvs.auth.tck.ContractFixtures.newRetiredDigest;
import static io.wvs.auth.tck.ContractFixtures.newUserId;
import static io.wvs.auth.tck.ContractFixtures.personal;
import static io.wvs.auth.tck.ContractFixtures.projectAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.PepperMismatchException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.RotationResult.Outcome;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TokenStore} must have. Each implementation's test class extends this
 * one and says how to make a store; the JDBC store runs it unchanged against PostgreSQL, H2 and
 * MariaDB.
 *
 * <p>How to subclass:
 * <ul>
 *   <li>{@link #newStore()} is called once before each test (from a {@code @BeforeEach} of this
 *       class, which JUnit runs before the subclass's own), and must return an empty store or one
 *       whose leftovers cannot matter. The tests never assume ids start at 1, that ids grow, or
 *       that the store holds only their own tokens: every test works on user and resource ids of
 *       its own, and asserts relative to what it inserted.</li>
 *   <li>{@link #secondInstance(TokenStore)} may return a second store instance over the same
 *       backing data (another pool on the same database), so that every cross-instance guarantee
 *       is exercised; the races alternate between the two instances.</li>
 *   <li>{@link #raceRounds()} and {@link #tokensPerRace()} trade thoroughness of the concurrency
 *       tests for time.</li>
 * </ul>
 *
 * <p>All times are fixed instants with whole milliseconds (see {@link ContractFixtures}); no test
 * reads the clock. Linearizability is checked by racing operations on the same token and
 * accepting exactly the final states that some sequential order of the racing calls produces.
 */
public abstract class TokenStoreContract {

  /** Threads per race; more than the cores, so that the scheduler interleaves the calls. */
  private static final int RACERS = 16;

  /** The first store instance; recreated before each test. */
  protected TokenStore store;

  /** A second instance over the same data as {@link #store} (or the same instance). */
  protected TokenStore other;

  /**
   * A fresh store for one test.
   *
   * @return a store that is empty, or holds nothing the test could mistake for its own
   */
  protected abstract TokenStore newStore();

  /**
   * Another store instance over the same backing data as {@code first}, as a second application
   * instance would have. The default returns {@code first} itself.
   *
   * @param first the first store instance
   * @return a store over the same data as {@code first}
   */
  protected TokenStore secondInstance(TokenStore first) {
    return first;
  }

  /** {@return how many rounds each concurrency test plays; each round races fresh tokens} */
  protected int raceRounds() {
    return 10;
  }

  /**
   * How many tokens the racers of one round of the revoke, insert, last-used and re-keying races
   * walk through, all in the same order, so that every token is contended by every racer.
   *
   * @return the number of tokens per round
   */
  protected int tokensPerRace() {
    return 16;
  }

  /** Creates {@link #store} and {@link #other} before each test. */
  @BeforeEach
  protected final void createStores() {
    store = newStore();
    other = secondInstance(store);
  }

  // ---------------------------------------------------------------------------------------------
  // insert

  /** Checks: {@code insert} assigns distinct positive ids. */
  @Test
  public void insertAssignsDistinctPositiveIds() {
    long user = newUserId();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      TokenRecord inserted = store.insert(personal(user).build());
      assertThat(inserted.id()).isPositive();
      ids.add(inserted.id());
    }
    assertThat(ids).hasSize(20);
  }

  /** Checks: {@code insert} makes each token the root of its own family. */
  @Test
  public void insertMakesEachTokenTheRootOfItsOwnFamily() {
    TokenRecord a = store.insert(personal(newUserId()).build());
    TokenRecord b = store.insert(deploy(newProject()).build());

    assertThat(a.familyId()).isEqualTo(a.id());
    assertThat(b.familyId()).isEqualTo(b.id());
    assertThat(stored(a.id()).familyId()).isEqualTo(a.id());
    assertThat(stored(b.id()).familyId()).isEqualTo(b.id());
  }

  /**
   * Checks: {@code insert} when deploy token has no username, assigns default username from its id.
   */
  @Test
  public void insertWhenDeployTokenHasNoUsernameThenAssignsDefaultUsernameFromItsId() {
    ResourceRef project = newProject();
    TokenRecord first = store.insert(deploy(project).build());
    TokenRecord second = store.insert(deploy(newGroup()).build());

    assertThat(first.username()).isEqualTo("wvs+deploy-token-" + first.id());
    assertThat(second.username()).isEqualTo("wvs+deploy-token-" + second.id());
    assertThat(stored(first.id()).username()).isEqualTo("wvs+deploy-token-" + first.id());
    assertThat(store.find(TokenQuery.ofResource(project, TokenType.DEPLOY)))
        .extracting(TokenRecord::username)
        .containsExactly(NewToken.defaultDeployUsername(first.id()));
  }

  /** Checks: {@code insert} when deploy token has username, keeps it. */
  @Test
  public void insertWhenDeployTokenHasUsernameThenKeepsIt() {
    String longest = "d".repeat(250) + ".+_-9";
    TokenRecord custom = store.insert(deploy(newProject()).username("ci.bot+deploy_1-X").build());
    TokenRecord maximal = store.insert(deploy(newGroup()).username(longest).build());

    assertThat(custom.username()).isEqualTo("ci.bot+deploy_1-X");
    assertThat(stored(custom.id()).username()).isEqualTo("ci.bot+deploy_1-X");
    assertThat(stored(maximal.id()).username()).isEqualTo(longest).hasSize(255);
  }

  /** Checks: {@code insert} when token is not deploy, username stays null. */
  @Test
  public void insertWhenTokenIsNotDeployThenUsernameStaysNull() {
    long bot = newUserId();
    TokenRecord personal = store.insert(personal(newUserId()).build());
    TokenRecord project = store.insert(projectAccess(bot, newProject()).build());

    assertThat(personal.username()).isNull();
    assertThat(stored(personal.id()).username()).isNull();
    assertThat(stored(project.id()).username()).isNull();
  }

  /** Checks: every field round-trips exactly through {@code insert}. */
  @Test
  public void insertThenEveryFieldRoundTripsExactly() {
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

    TokenRecord fullInserted = store.insert(full);
    TokenRecord minimalInserted = store.insert(minimal);

    TokenRecord fullExpected = expected(full, fullInserted.id(), fullInserted.id());
    TokenRecord minimalExpected = expected(minimal, minimalInserted.id(), minimalInserted.id());
    assertSameToken(fullInserted, fullExpected);
    assertSameToken(minimalInserted, minimalExpected);
    assertSameToken(stored(fullInserted.id()), fullExpected);
    assertSameToken(stored(minimalInserted.id()), minimalExpected);
    assertSameToken(byDigest(full.digest()), fullExpected);
    assertSameToken(byDigest(minimal.digest()), minimalExpected);
    assertThat(store.find(TokenQuery.ofResource(group, TokenType.DEPLOY))).singleElement()
        .satisfies(r -> assertSameToken(r, fullExpected));
    assertThat(store.find(TokenQuery.ofUser(user, TokenType.PERSONAL))).singleElement()
        .satisfies(r -> assertSameToken(r, minimalExpected));
    assertThat(stored(fullInserted.id()).sealedSecret()).containsExactly(sealed);
    assertThat(stored(minimalInserted.id()).sealedSecret()).isNull();
  }

  /** Checks: {@code insert} round-trips every token type and resource kind. */
  @Test
  public void insertRoundTripsEveryTokenTypeAndResourceKind() {
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
      TokenRecord inserted = store.insert(token);
      assertSameToken(stored(inserted.id()), expected(token, inserted.id(), inserted.id()));
    }
  }

  /** Checks: {@code insert} round-trips digests of every allowed length. */
  @Test
  public void insertRoundTripsDigestsOfEveryAllowedLength() {
    byte[] longest = new byte[64];
    System.arraycopy(newDigestBytes(), 0, longest, 0, 32);
    System.arraycopy(newDigestBytes(), 0, longest, 32, 32);
    byte[] shortest = new byte[16];
    System.arraycopy(newDigestBytes(), 0, shortest, 0, 16);
    TokenDigest wide = TokenDigest.of("key_2025-12-31ab", longest);
    TokenDigest narrow = TokenDigest.of("k", shortest);

    TokenRecord a = store.insert(personal(newUserId()).digest(wide).build());
    TokenRecord b = store.insert(personal(newUserId()).digest(narrow).build());

    assertThat(byDigest(wide).id()).isEqualTo(a.id());
    assertThat(byDigest(narrow).id()).isEqualTo(b.id());
    assertThat(stored(a.id()).digest()).isEqualTo(wide);
    assertThat(stored(a.id()).digest().bytes()).containsExactly(longest);
    assertThat(stored(b.id()).digest()).isEqualTo(narrow);
  }

  /**
   * Checks: {@code insert} when digest already stored, throws {@code TokenConflictException} and
   * writes nothing.
   */
  @Test
  public void insertWhenDigestAlreadyStoredThenThrowsTokenConflictAndWritesNothing() {
    long owner = newUserId();
    TokenRecord existing = store.insert(personal(owner).build());
    ResourceRef project = newProject();
    // A deploy token without a username: a store that inserts, then sets the username, must not
    // leave the first half behind.
    NewToken duplicate = deploy(project).digest(existing.digest()).build();

    assertThatThrownBy(() -> store.insert(duplicate)).isInstanceOf(TokenConflictException.class);

    assertThat(store.find(TokenQuery.ofResource(project, TokenType.DEPLOY))).isEmpty();
    assertSameToken(byDigest(existing.digest()), existing);
    assertThat(tokensOf(owner)).containsExactly(existing);
    TokenRecord next = store.insert(deploy(project).build());
    assertThat(next.username()).isEqualTo("wvs+deploy-token-" + next.id());
    assertThat(store.find(TokenQuery.ofResource(project, TokenType.DEPLOY))).containsExactly(next);
  }

  /** Checks: {@code insert} when same digest bytes under another key, stores both. */
  @Test
  public void insertWhenSameDigestBytesUnderAnotherKeyThenStoresBoth() {
    byte[] bytes = newDigestBytes();
    TokenDigest underRetired = TokenDigest.of(RETIRED_KEY, bytes);
    TokenDigest underCurrent = TokenDigest.of(CURRENT_KEY, bytes);

    TokenRecord a = store.insert(personal(newUserId()).digest(underRetired).build());
    TokenRecord b = store.insert(personal(newUserId()).digest(underCurrent).build());

    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(byDigest(underRetired).id()).isEqualTo(a.id());
    assertThat(byDigest(underCurrent).id()).isEqualTo(b.id());
  }

  /**
   * Checks: {@code insert} concurrently with one digest, then exactly one succeeds.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void insertConcurrentlyWithOneDigestThenExactlyOneSucceeds() throws Exception {
    int racers = 8;
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(racers)) {
      for (int round = 0; round < raceRounds(); round++) {
        List<TokenDigest> digests = Stream.generate(ContractFixtures::newDigest).limit(width)
            .collect(Collectors.toList());
        List<Long> users = new ArrayList<>();
        List<IntFunction<Boolean>> racing = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          TokenStore instance = instance(i);
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
          assertThat(byDigest(digests.get(t)).userId()).as("round %d, digest %d: owner", round, t)
              .isEqualTo(users.get(winner));
        }
        for (int i = 0; i < racers; i++) {
          assertThat(tokensOf(users.get(i))).as("round %d: tokens of racer %d", round, i)
              .hasSize(wins[i]);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // findByDigest and findById

  /** Checks: {@code findByDigest} finds token under the first candidate. */
  @Test
  public void findByDigestFindsTokenUnderTheFirstCandidate() {
    TokenDigest current = newDigest();
    TokenRecord token = store.insert(personal(newUserId()).digest(current).build());
    TokenDigest retired = newRetiredDigest();

    assertThat(store.findByDigest(List.of(current, retired))).contains(token);
  }

  /** Checks: {@code findByDigest} finds token under a retired key given as a later candidate. */
  @Test
  public void findByDigestFindsTokenUnderARetiredKeyGivenAsALaterCandidate() {
    TokenDigest retired = newRetiredDigest();
    TokenRecord token = store.insert(personal(newUserId()).digest(retired).build());
    TokenDigest current = newDigest();

    Optional<TokenRecord> found = store.findByDigest(List.of(current, retired));

    assertThat(found).hasValueSatisfying(r -> assertSameToken(r, token));
  }

  /** Checks: {@code findByDigest} when several candidates match, returns one of them. */
  @Test
  public void findByDigestWhenSeveralCandidatesMatchThenReturnsOneOfThem() {
    TokenRecord a = store.insert(personal(newUserId()).build());
    TokenRecord b = store.insert(personal(newUserId()).digest(newRetiredDigest()).build());

    Optional<TokenRecord> found = store.findByDigest(List.of(a.digest(), b.digest()));

    assertThat(found).hasValueSatisfying(r -> assertThat(r).isIn(a, b));
  }

  /** Checks: {@code findByDigest} when no candidate matches, returns empty. */
  @Test
  public void findByDigestWhenNoCandidateMatchesThenEmpty() {
    store.insert(personal(newUserId()).build());

    assertThat(store.findByDigest(List.of(newDigest()))).isEmpty();
    assertThat(store.findByDigest(List.of(newDigest(), newRetiredDigest())))
        .isEmpty();
  }

  /** Checks: {@code findByDigest} when no candidates, returns empty. */
  @Test
  public void findByDigestWhenNoCandidatesThenEmpty() {
    store.insert(personal(newUserId()).build());

    assertThat(store.findByDigest(List.of())).isEmpty();
  }

  /** Checks: {@code findByDigest} when same bytes under another key, returns empty. */
  @Test
  public void findByDigestWhenSameBytesUnderAnotherKeyThenEmpty() {
    byte[] bytes = newDigestBytes();
    store.insert(personal(newUserId()).digest(TokenDigest.of(CURRENT_KEY, bytes)).build());

    assertThat(store.findByDigest(List.of(TokenDigest.of(RETIRED_KEY, bytes)))).isEmpty();
    assertThat(store.findByDigest(List.of(TokenDigest.of("k10", bytes)))).isEmpty();
  }

  /** Checks: {@code findByDigest} returns revoked tokens. */
  @Test
  public void findByDigestReturnsRevokedTokens() {
    TokenRecord token = store.insert(personal(newUserId()).build());
    store.revoke(token.id(), at(60));

    assertSameToken(byDigest(token.digest()), token.withRevokedAt(at(60)));
  }

  /** Checks: {@code findById} returns the token. */
  @Test
  public void findByIdReturnsTheToken() {
    TokenRecord a = store.insert(personal(newUserId()).build());
    TokenRecord b = store.insert(deploy(newProject()).build());

    assertSameToken(stored(a.id()), a);
    assertSameToken(stored(b.id()), b);
  }

  /** Checks: {@code findById} when unknown, returns empty. */
  @Test
  public void findByIdWhenUnknownThenEmpty() {
    store.insert(personal(newUserId()).build());

    assertThat(store.findById(UNKNOWN_ID)).isEmpty();
    assertThat(store.findById(0)).isEmpty();
    assertThat(store.findById(-1)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // find

  /**
   * Checks: {@code find} by user returns only that user's tokens of the wanted types, by id.
   */
  @Test
  public void findByUserReturnsOnlyThatUsersTokensOfTheWantedTypesOrderedById() {
    long user = newUserId();
    long someoneElse = newUserId();
    TokenRecord p1 = store.insert(personal(user).build());
    TokenRecord foreign = store.insert(personal(someoneElse).build());
    TokenRecord i1 = store.insert(impersonation(user).build());
    TokenRecord p2 = store.insert(personal(user).build());
    store.insert(deploy(newProject()).build());

    assertThat(store.find(TokenQuery.ofUser(user, TokenType.PERSONAL)))
        .containsExactlyElementsOf(byId(p1, p2));
    assertThat(store.find(TokenQuery.ofUser(user, TokenType.IMPERSONATION))).containsExactly(i1);
    assertThat(store.find(TokenQuery.ofUser(user, TokenType.PERSONAL, TokenType.IMPERSONATION)))
        .containsExactlyElementsOf(byId(p1, i1, p2));
    assertThat(store.find(TokenQuery.ofUser(someoneElse, TokenType.PERSONAL))).containsExactly(foreign);
  }

  /** Checks: {@code find} by resource returns only that resource's tokens, by id. */
  @Test
  public void findByResourceReturnsOnlyThatResourcesTokensOrderedById() {
    long sharedId = newUserId();
    ResourceRef project = ResourceRef.project(sharedId);
    ResourceRef group = ResourceRef.group(sharedId);
    TokenRecord d1 = store.insert(deploy(project).build());
    TokenRecord pa = store.insert(projectAccess(newUserId(), project).build());
    TokenRecord gd = store.insert(deploy(group).build());
    TokenRecord ga = store.insert(groupAccess(newUserId(), group).build());
    TokenRecord d2 = store.insert(deploy(project).build());
    store.insert(deploy(newProject()).build());

    assertThat(store.find(TokenQuery.ofResource(project, TokenType.DEPLOY)))
        .containsExactlyElementsOf(byId(d1, d2));
    assertThat(store.find(TokenQuery.ofResource(project, TokenType.DEPLOY, TokenType.PROJECT_ACCESS)))
        .containsExactlyElementsOf(byId(d1, pa, d2));
    assertThat(store.find(TokenQuery.ofResource(group, TokenType.DEPLOY, TokenType.GROUP_ACCESS)))
        .containsExactlyElementsOf(byId(gd, ga));
    assertThat(store.find(TokenQuery.ofResource(group, TokenType.PROJECT_ACCESS))).isEmpty();
  }

  /** Checks: {@code find} by types returns only tokens of those types, by id. */
  @Test
  public void findByTypesReturnsOnlyTokensOfThoseTypesOrderedById() {
    ResourceRef project = newProject();
    long user = newUserId();
    TokenRecord d1 = store.insert(deploy(project).build());
    TokenRecord p = store.insert(personal(user).build());
    TokenRecord d2 = store.insert(deploy(project).build());
    TokenRecord i = store.insert(impersonation(user).build());

    List<TokenRecord> deploys = store.find(TokenQuery.ofTypes(TokenType.DEPLOY));
    List<TokenRecord> userTokens =
        store.find(TokenQuery.ofTypes(TokenType.PERSONAL, TokenType.IMPERSONATION));

    assertThat(deploys).allSatisfy(r -> assertThat(r.type()).isEqualTo(TokenType.DEPLOY))
        .isSortedAccordingTo(Comparator.comparingLong(TokenRecord::id))
        .doesNotHaveDuplicates()
        .containsSubsequence(byId(d1, d2))
        .doesNotContain(p, i);
    assertThat(userTokens)
        .allSatisfy(r -> assertThat(r.type()).isIn(TokenType.PERSONAL, TokenType.IMPERSONATION))
        .isSortedAccordingTo(Comparator.comparingLong(TokenRecord::id))
        .doesNotHaveDuplicates()
        .containsSubsequence(byId(p, i))
        .doesNotContain(d1, d2);
  }

  /** Checks: {@code find} by user and resource returns their intersection. */
  @Test
  public void findByUserAndResourceReturnsTheirIntersection() {
    long bot = newUserId();
    ResourceRef one = newProject();
    ResourceRef two = newProject();
    TokenRecord wanted = store.insert(projectAccess(bot, one).build());
    store.insert(projectAccess(bot, two).build());
    store.insert(projectAccess(newUserId(), one).build());

    assertThat(store.find(new TokenQuery(bot, one, EnumSet.of(TokenType.PROJECT_ACCESS))))
        .containsExactly(wanted);
  }

  /** Checks: {@code find} includes revoked tokens. */
  @Test
  public void findIncludesRevokedTokens() {
    long user = newUserId();
    TokenRecord revoked = store.insert(personal(user).build());
    TokenRecord active = store.insert(personal(user).build());
    store.revoke(revoked.id(), at(60));

    assertThat(store.find(TokenQuery.ofUser(user, TokenType.PERSONAL)))
        .containsExactlyElementsOf(byId(revoked.withRevokedAt(at(60)), active));
  }

  /** Checks: {@code find} when nothing matches, returns an empty list. */
  @Test
  public void findWhenNothingMatchesThenEmptyList() {
    store.insert(personal(newUserId()).build());

    assertThat(store.find(TokenQuery.ofUser(newUserId(), TokenType.PERSONAL))).isNotNull().isEmpty();
    assertThat(store.find(TokenQuery.ofResource(newGroup(), TokenType.DEPLOY))).isNotNull().isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // revoke

  /** Checks: {@code revoke} when active, returns true and stores the revocation time. */
  @Test
  public void revokeWhenActiveThenReturnsTrueAndStoresRevokedAt() {
    TokenRecord token = store.insert(personal(newUserId()).build());

    assertThat(store.revoke(token.id(), at(60))).isTrue();

    assertSameToken(stored(token.id()), token.withRevokedAt(at(60)));
  }

  /**
   * Checks: {@code revoke} when already revoked, returns false and keeps the first revocation time.
   */
  @Test
  public void revokeWhenAlreadyRevokedThenReturnsFalseAndKeepsTheFirstRevocationTime() {
    TokenRecord token = store.insert(personal(newUserId()).build());
    store.revoke(token.id(), at(60));

    assertThat(store.revoke(token.id(), at(120))).isFalse();
    assertThat(store.revoke(token.id(), at(30))).isFalse();

    assertThat(stored(token.id()).revokedAt()).isEqualTo(at(60));
  }

  /** Checks: {@code revoke} when unknown, returns false. */
  @Test
  public void revokeWhenUnknownThenReturnsFalse() {
    store.insert(personal(newUserId()).build());

    assertThat(store.revoke(UNKNOWN_ID, at(60))).isFalse();
    assertThat(store.findById(UNKNOWN_ID)).isEmpty();
  }

  /** Checks: {@code revoke} changes only that token. */
  @Test
  public void revokeChangesOnlyThatToken() {
    long user = newUserId();
    TokenRecord target = store.insert(personal(user).build());
    TokenRecord sibling = store.insert(personal(user).build());

    store.revoke(target.id(), at(60));

    assertSameToken(stored(sibling.id()), sibling);
  }

  /** Checks: {@code revoke} through a second instance is seen at once through the first. */
  @Test
  public void revokeThroughASecondInstanceIsSeenAtOnceThroughTheFirst() {
    TokenRecord token = store.insert(personal(newUserId()).build());
    assertThat(stored(token.id()).isRevoked()).isFalse();

    assertThat(other.revoke(token.id(), at(60))).isTrue();

    assertThat(stored(token.id()).revokedAt()).isEqualTo(at(60));
    assertThat(byDigest(token.digest()).revokedAt()).isEqualTo(at(60));
    assertThat(store.revoke(token.id(), at(61))).isFalse();
  }

  /**
   * Checks: {@code revoke} concurrently, then exactly one caller revokes.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void revokeConcurrentlyThenExactlyOneCallerRevokes() throws Exception {
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(RACERS)) {
      for (int round = 0; round < raceRounds(); round++) {
        List<Long> ids = insertPersonalTokens(width);
        List<IntFunction<Boolean>> racing = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
          TokenStore instance = instance(i);
          Instant when = at(100 + i);
          racing.add(t -> instance.revoke(ids.get(t), when));
        }

        List<List<Boolean>> results = race.runSteps(width, racing);

        for (int t = 0; t < width; t++) {
          int winner = onlyWinner(results, t, round, "revocations");
          assertThat(stored(ids.get(t)).revokedAt()).as("round %d, token %d: revokedAt", round, t)
              .isEqualTo(at(100 + winner));
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // rotate

  /**
   * Checks: {@code rotate} when active, revokes predecessor and inserts successor in its family.
   */
  @Test
  public void rotateWhenActiveThenRevokesPredecessorAndInsertsSuccessorInItsFamily() {
    long user = newUserId();
    TokenRecord predecessor = store.insert(personal(user).name("laptop").build());
    store.recordLastUsed(predecessor.id(), at(5), at(5).minus(INTERVAL));
    TokenRecord before = stored(predecessor.id());
    NewToken next = personal(user).name("laptop").createdAt(at(100)).expiresOn(EXPIRY.plusDays(7))
        .createdBy(user).build();

    RotationResult result = store.rotate(predecessor.id(), next, at(100));

    assertThat(result.outcome()).isEqualTo(Outcome.ROTATED);
    TokenRecord successor = result.successor();
    assertThat(successor).isNotNull();
    assertThat(successor.id()).isPositive().isNotEqualTo(predecessor.id());
    assertThat(successor.familyId()).isEqualTo(predecessor.familyId()).isEqualTo(predecessor.id());
    TokenRecord expectedSuccessor = expected(next, successor.id(), predecessor.id());
    assertSameToken(successor, expectedSuccessor);
    assertSameToken(stored(successor.id()), expectedSuccessor);
    assertSameToken(byDigest(next.digest()), expectedSuccessor);
    assertSameToken(stored(predecessor.id()), before.withRevokedAt(at(100)));
    assertThat(tokensOf(user))
        .containsExactlyElementsOf(byId(stored(predecessor.id()), expectedSuccessor));
  }

  /** Checks: {@code rotate} chain keeps every token in the first token's family. */
  @Test
  public void rotateChainKeepsEveryTokenInTheFirstTokensFamily() {
    long user = newUserId();
    TokenRecord first = store.insert(personal(user).build());
    TokenRecord second = rotated(store.rotate(first.id(), personal(user).build(), at(10)));
    TokenRecord third = rotated(store.rotate(second.id(), personal(user).build(), at(20)));

    assertThat(second.familyId()).isEqualTo(first.id());
    assertThat(third.familyId()).isEqualTo(first.id());
    assertThat(stored(third.id()).familyId()).isEqualTo(first.id());
    assertThat(stored(first.id()).revokedAt()).isEqualTo(at(10));
    assertThat(stored(second.id()).revokedAt()).isEqualTo(at(20));
    assertThat(stored(third.id()).isRevoked()).isFalse();
  }

  /**
   * Checks: {@code rotate} when deploy successor has no username, assigns its own default username.
   */
  @Test
  public void rotateWhenDeploySuccessorHasNoUsernameThenAssignsItsOwnDefaultUsername() {
    ResourceRef project = newProject();
    TokenRecord predecessor = store.insert(deploy(project).build());
    TokenRecord custom = store.insert(deploy(project).username("ci-bot").build());

    TokenRecord successor =
        rotated(store.rotate(predecessor.id(), deploy(project).build(), at(10)));
    TokenRecord customSuccessor =
        rotated(store.rotate(custom.id(), deploy(project).username("ci-bot").build(), at(10)));

    assertThat(successor.username()).isEqualTo("wvs+deploy-token-" + successor.id());
    assertThat(stored(successor.id()).username()).isEqualTo("wvs+deploy-token-" + successor.id());
    assertThat(stored(customSuccessor.id()).username()).isEqualTo("ci-bot");
  }

  /**
   * Checks: {@code rotate} when predecessor was rotated, detects reuse, revokes the family and
   * inserts nothing.
   */
  @Test
  public void rotateWhenPredecessorWasRotatedThenDetectsReuseRevokesTheFamilyAndInsertsNothing() {
    long user = newUserId();
    TokenRecord first = store.insert(personal(user).build());
    TokenRecord second = rotated(store.rotate(first.id(), personal(user).build(), at(10)));
    TokenRecord third = rotated(store.rotate(second.id(), personal(user).build(), at(20)));
    TokenRecord unrelated = store.insert(personal(user).build());
    NewToken replay = personal(user).build();

    RotationResult result = store.rotate(first.id(), replay, at(30));

    assertThat(result.outcome()).isEqualTo(Outcome.REUSE_DETECTED);
    assertThat(result.successor()).isNull();
    assertThat(stored(first.id()).revokedAt()).isEqualTo(at(10));
    assertThat(stored(second.id()).revokedAt()).isEqualTo(at(20));
    assertSameToken(stored(third.id()), third.withRevokedAt(at(30)));
    assertSameToken(stored(unrelated.id()), unrelated);
    assertThat(store.findByDigest(List.of(replay.digest()))).isEmpty();
    assertThat(tokensOf(user)).extracting(TokenRecord::id)
        .containsExactlyInAnyOrder(first.id(), second.id(), third.id(), unrelated.id());
  }

  /** Checks: {@code rotate} when predecessor was revoked, detects reuse and inserts nothing. */
  @Test
  public void rotateWhenPredecessorWasRevokedThenDetectsReuseAndInsertsNothing() {
    long user = newUserId();
    TokenRecord token = store.insert(personal(user).build());
    store.revoke(token.id(), at(10));
    NewToken replay = personal(user).build();

    RotationResult result = store.rotate(token.id(), replay, at(20));

    assertThat(result.outcome()).isEqualTo(Outcome.REUSE_DETECTED);
    assertThat(result.successor()).isNull();
    assertThat(stored(token.id()).revokedAt()).isEqualTo(at(10));
    assertThat(store.findByDigest(List.of(replay.digest()))).isEmpty();
    assertThat(tokensOf(user)).hasSize(1);
  }

  /** Checks: {@code rotate} when unknown, answers not found and inserts nothing. */
  @Test
  public void rotateWhenUnknownThenNotFoundAndInsertsNothing() {
    long user = newUserId();
    NewToken successor = personal(user).build();

    RotationResult result = store.rotate(UNKNOWN_ID, successor, at(10));

    assertThat(result.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(result.successor()).isNull();
    assertThat(store.findByDigest(List.of(successor.digest()))).isEmpty();
    assertThat(tokensOf(user)).isEmpty();
  }

  /**
   * Checks: {@code rotate} when successor digest is taken, throws {@code TokenConflictException}
   * and changes nothing.
   */
  @Test
  public void rotateWhenSuccessorDigestIsTakenThenThrowsTokenConflictAndChangesNothing() {
    long user = newUserId();
    TokenRecord predecessor = store.insert(personal(user).build());
    TokenRecord holder = store.insert(personal(newUserId()).build());
    NewToken clash = personal(user).digest(holder.digest()).build();

    assertThatThrownBy(() -> store.rotate(predecessor.id(), clash, at(10)))
        .isInstanceOf(TokenConflictException.class);

    // Nothing is half-written: the predecessor must still work, or the user is locked out.
    assertSameToken(stored(predecessor.id()), predecessor);
    assertSameToken(stored(holder.id()), holder);
    assertThat(tokensOf(user)).containsExactly(predecessor);
  }

  /**
   * Checks: {@code rotate} concurrently, then exactly one rotates and the others revoke its
   * successor.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void rotateConcurrentlyThenExactlyOneRotatesAndTheOthersRevokeItsSuccessor()
      throws Exception {
    int racers = 8;
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(racers)) {
      for (int round = 0; round < raceRounds(); round++) {
        long user = newUserId();
        List<TokenRecord> tokens = new ArrayList<>();
        for (int t = 0; t < width; t++) {
          tokens.add(store.insert(personal(user).build()));
        }
        List<List<NewToken>> successors = new ArrayList<>();
        List<IntFunction<RotationResult>> racing = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          TokenStore instance = instance(i);
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
          assertThat(stored(token.id()).revokedAt())
              .as("round %d, token %d: predecessor revokedAt", round, t)
              .isEqualTo(at(100 + winner));
          // Every loser ran after the winner and found the predecessor revoked, so it revoked the
          // family: the winner's successor included.
          assertThat(stored(successor.id()).familyId()).isEqualTo(token.id());
          assertThat(stored(successor.id()).revokedAt())
              .as("round %d, token %d: successor revokedAt", round, t)
              .isIn(loserTimes);
          for (int i = 0; i < racers; i++) {
            if (i != winner) {
              assertThat(store.findByDigest(List.of(successors.get(i).get(t).digest())))
                  .as("round %d, token %d: successor of loser %d", round, t, i).isEmpty();
            }
          }
          expectedIds.add(token.id());
          expectedIds.add(successor.id());
        }
        assertThat(tokensOf(user)).extracting(TokenRecord::id).as("round %d: tokens", round)
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
  public void revokeRacingRotateThenExactlyOneOfThemWinsConsistently() throws Exception {
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
          tokens.add(store.insert(personal(user).build()));
          successors.add(personal(user).createdAt(rotateAt).build());
        }
        TokenStore revoker = instance(round);
        TokenStore rotator = instance(round + 1);
        List<IntFunction<Object>> racing = List.of(
            t -> revoker.revoke(tokens.get(t).id(), revokeAt),
            t -> rotator.rotate(tokens.get(t).id(), successors.get(t), rotateAt));

        List<List<Object>> results = race.runSteps(width, racing);

        for (int t = 0; t < width; t++) {
          boolean revoked = (Boolean) results.get(0).get(t);
          RotationResult rotation = (RotationResult) results.get(1).get(t);
          TokenRecord token = tokens.get(t);
          NewToken next = successors.get(t);
          List<TokenRecord> family = tokensOf(users.get(t));
          if (rotation.outcome() == Outcome.ROTATED) {
            // Rotation first: the revoke found the token already revoked by the rotation.
            assertThat(revoked).as("round %d, token %d: revoke after rotation", round, t).isFalse();
            assertThat(stored(token.id()).revokedAt()).as("round %d, token %d", round, t)
                .isEqualTo(rotateAt);
            TokenRecord successor = byDigest(next.digest());
            assertThat(successor.familyId()).isEqualTo(token.id());
            assertThat(successor.isRevoked()).as("round %d, token %d: successor revoked", round, t)
                .isFalse();
            assertThat(family).hasSize(2);
          } else {
            // Revocation first: the rotation saw a revoked token, which is reuse.
            assertThat(rotation.outcome()).as("round %d, token %d: rotation outcome", round, t)
                .isEqualTo(Outcome.REUSE_DETECTED);
            assertThat(revoked).as("round %d, token %d: revoke before rotation", round, t).isTrue();
            assertThat(stored(token.id()).revokedAt()).as("round %d, token %d", round, t)
                .isEqualTo(revokeAt);
            assertThat(store.findByDigest(List.of(next.digest()))).as("round %d, token %d", round, t)
                .isEmpty();
            assertThat(family).hasSize(1);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // recordLastUsed

  /** Checks: {@code recordLastUsed} when never used, writes. */
  @Test
  public void recordLastUsedWhenNeverUsedThenWrites() {
    TokenRecord token = store.insert(personal(newUserId()).build());

    assertThat(store.recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL))).isTrue();

    assertSameToken(stored(token.id()), token.withLastUsedAt(at(60)));
  }

  /** Checks: {@code recordLastUsed} when recorded use is stale, writes. */
  @Test
  public void recordLastUsedWhenRecordedUseIsStaleThenWrites() {
    TokenRecord token = store.insert(personal(newUserId()).build());
    store.recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL));
    Instant later = at(60).plus(INTERVAL).plusSeconds(1);

    assertThat(store.recordLastUsed(token.id(), later, later.minus(INTERVAL))).isTrue();

    assertSameToken(stored(token.id()), token.withLastUsedAt(later));
  }

  /** Checks: {@code recordLastUsed} when recorded use is fresh, does not write. */
  @Test
  public void recordLastUsedWhenRecordedUseIsFreshThenDoesNotWrite() {
    TokenRecord token = store.insert(personal(newUserId()).build());
    store.recordLastUsed(token.id(), at(60), at(60).minus(INTERVAL));

    Instant soon = at(60).plusSeconds(3600);
    assertThat(store.recordLastUsed(token.id(), soon, soon.minus(INTERVAL))).isFalse();
    // A use exactly at the edge of the interval is not "before" it: still fresh.
    Instant edge = at(60).plus(INTERVAL);
    assertThat(store.recordLastUsed(token.id(), edge, edge.minus(INTERVAL))).isFalse();

    assertSameToken(stored(token.id()), token.withLastUsedAt(at(60)));
  }

  /** Checks: {@code recordLastUsed} when unknown, returns false. */
  @Test
  public void recordLastUsedWhenUnknownThenReturnsFalse() {
    store.insert(personal(newUserId()).build());

    assertThat(store.recordLastUsed(UNKNOWN_ID, at(60), at(60).minus(INTERVAL))).isFalse();
    assertThat(store.findById(UNKNOWN_ID)).isEmpty();
  }

  /**
   * Checks: {@code recordLastUsed} concurrently, then exactly one write per interval.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void recordLastUsedConcurrentlyThenExactlyOneWritePerInterval() throws Exception {
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(RACERS)) {
      for (int round = 0; round < raceRounds(); round++) {
        List<Long> ids = insertPersonalTokens(width);
        for (int interval = 0; interval < 2; interval++) {
          // Interval 0 starts at T0, when no use is recorded; interval 1 a day and an hour later,
          // when the use recorded in interval 0 is stale.
          Instant start = T0.plus(INTERVAL.multipliedBy(interval)).plusSeconds(3600L * interval);
          List<IntFunction<Boolean>> racing = new ArrayList<>();
          for (int i = 0; i < RACERS; i++) {
            TokenStore instance = instance(i);
            Instant when = start.plusMillis(i);
            Instant staleBefore = when.minus(INTERVAL);
            racing.add(t -> instance.recordLastUsed(ids.get(t), when, staleBefore));
          }

          List<List<Boolean>> results = race.runSteps(width, racing);

          for (int t = 0; t < width; t++) {
            int winner = onlyWinner(results, t, round, "last-used writes in interval " + interval);
            assertThat(stored(ids.get(t)).lastUsedAt())
                .as("round %d, interval %d, token %d: lastUsedAt", round, interval, t)
                .isEqualTo(start.plusMillis(winner));
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // replaceDigest

  /**
   * Checks: {@code replaceDigest} when expected matches, token is found only under the replacement.
   */
  @Test
  public void replaceDigestWhenExpectedMatchesThenTokenIsFoundOnlyUnderTheReplacement() {
    TokenDigest retired = newRetiredDigest();
    TokenRecord token = store.insert(personal(newUserId()).digest(retired).build());
    TokenDigest current = newDigest();

    assertThat(store.replaceDigest(token.id(), retired, current)).isTrue();

    TokenRecord rekeyed = token.withDigest(current);
    assertSameToken(stored(token.id()), rekeyed);
    assertSameToken(byDigest(current), rekeyed);
    assertThat(store.findByDigest(List.of(retired))).isEmpty();
    assertThat(store.findByDigest(List.of(current, retired))).contains(rekeyed);
  }

  /** Checks: {@code replaceDigest} when expected differs, changes nothing. */
  @Test
  public void replaceDigestWhenExpectedDiffersThenChangesNothing() {
    byte[] bytes = newDigestBytes();
    TokenDigest stored = TokenDigest.of(RETIRED_KEY, bytes);
    TokenRecord token = store.insert(personal(newUserId()).digest(stored).build());
    TokenDigest replacement = newDigest();

    assertThat(store.replaceDigest(token.id(), newDigest(), replacement)).isFalse();
    // The same bytes under another key are another digest.
    assertThat(store.replaceDigest(token.id(), TokenDigest.of(CURRENT_KEY, bytes), replacement)).isFalse();

    assertSameToken(stored(token.id()), token);
    assertSameToken(byDigest(stored), token);
    assertThat(store.findByDigest(List.of(replacement))).isEmpty();
  }

  /** Checks: {@code replaceDigest} when expected is another token's digest, changes nothing. */
  @Test
  public void replaceDigestWhenExpectedIsAnotherTokensDigestThenChangesNothing() {
    TokenRecord a = store.insert(personal(newUserId()).build());
    TokenRecord b = store.insert(personal(newUserId()).build());
    TokenDigest replacement = newDigest();

    assertThat(store.replaceDigest(a.id(), b.digest(), replacement)).isFalse();

    assertSameToken(stored(a.id()), a);
    assertSameToken(stored(b.id()), b);
    assertThat(store.findByDigest(List.of(replacement))).isEmpty();
  }

  /** Checks: {@code replaceDigest} when unknown, returns false. */
  @Test
  public void replaceDigestWhenUnknownThenReturnsFalse() {
    TokenRecord token = store.insert(personal(newUserId()).build());
    TokenDigest replacement = newDigest();

    assertThat(store.replaceDigest(UNKNOWN_ID, token.digest(), replacement)).isFalse();

    assertSameToken(byDigest(token.digest()), token);
    assertThat(store.findByDigest(List.of(replacement))).isEmpty();
  }

  /** Checks: {@code replaceDigest} when replacement belongs to another token, changes nothing. */
  @Test
  public void replaceDigestWhenReplacementBelongsToAnotherTokenThenChangesNothing() {
    TokenRecord a = store.insert(personal(newUserId()).digest(newRetiredDigest()).build());
    TokenRecord b = store.insert(personal(newUserId()).build());

    // Returning false or throwing TokenConflictException are both acceptable; changing either
    // token is not.
    boolean replaced;
    try {
      replaced = store.replaceDigest(a.id(), a.digest(), b.digest());
    } catch (TokenConflictException e) {
      replaced = false;
    }

    assertThat(replaced).isFalse();
    assertSameToken(stored(a.id()), a);
    assertSameToken(stored(b.id()), b);
    assertSameToken(byDigest(a.digest()), a);
    assertSameToken(byDigest(b.digest()), b);
  }

  /**
   * Checks: {@code replaceDigest} concurrently, then exactly one replacement wins.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void replaceDigestConcurrentlyThenExactlyOneReplacementWins() throws Exception {
    int racers = 8;
    int width = tokensPerRace();
    try (ContractRace race = new ContractRace(racers)) {
      for (int round = 0; round < raceRounds(); round++) {
        long user = newUserId();
        List<TokenRecord> tokens = new ArrayList<>();
        for (int t = 0; t < width; t++) {
          TokenDigest retired = newRetiredDigest();
          tokens.add(store.insert(personal(user).digest(retired).build()));
        }
        List<List<TokenDigest>> replacements = new ArrayList<>();
        List<IntFunction<Boolean>> racing = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          TokenStore instance = instance(i);
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
          assertThat(stored(token.id()).digest()).as("round %d, token %d: digest", round, t)
              .isEqualTo(replacements.get(winner).get(t));
          assertThat(store.findByDigest(List.of(token.digest()))).as("round %d, token %d: old digest", round, t)
              .isEmpty();
          for (int i = 0; i < racers; i++) {
            assertThat(store.findByDigest(List.of(replacements.get(i).get(t))).map(TokenRecord::id))
                .as("round %d, token %d: replacement of racer %d", round, t, i)
                .isEqualTo(i == winner ? Optional.of(token.id()) : Optional.empty());
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // pepper key checks (registerKeyCheck, and WvsAuth's check at build)

  /** Checks: {@code registerKeyCheck} stores the first value and hands it to every later caller. */
  @Test
  public void registerKeyCheckStoresTheFirstValueAndHandsItToEveryLaterCaller() {
    String keyId = newKeyId();
    String first = newCheckValue();
    String second = newCheckValue();

    assertThat(store.registerKeyCheck(keyId, first)).isEqualTo(first);
    assertThat(other.registerKeyCheck(keyId, second)).isEqualTo(first);
    assertThat(store.registerKeyCheck(keyId, second)).isEqualTo(first);
    assertThat(other.registerKeyCheck(keyId, first)).isEqualTo(first);

    // Each key id has its own.
    String anotherKeyId = newKeyId();
    assertThat(other.registerKeyCheck(anotherKeyId, second)).isEqualTo(second);
    assertThat(store.registerKeyCheck(keyId, newCheckValue())).isEqualTo(first);
  }

  /**
   * Checks: {@code registerKeyCheck} concurrently, then exactly one value is stored and every
   * caller gets it.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void registerKeyCheckConcurrentlyThenExactlyOneValueIsStoredAndEveryCallerGetsIt()
      throws Exception {
    try (ContractRace race = new ContractRace(RACERS)) {
      for (int round = 0; round < raceRounds(); round++) {
        String keyId = newKeyId();
        List<String> values = Stream.generate(TokenStoreContract::newCheckValue).limit(RACERS)
            .collect(Collectors.toList());
        List<Callable<String>> racing = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
          TokenStore instance = instance(i);
          String value = values.get(i);
          racing.add(() -> instance.registerKeyCheck(keyId, value));
        }

        List<String> answers = race.run(racing);

        assertThat(new HashSet<>(answers)).as("round %d: the values the racers got back", round)
            .hasSize(1);
        assertThat(values).as("round %d: the winner is one of the racers", round)
            .contains(answers.get(0));
        assertThat(store.registerKeyCheck(keyId, newCheckValue())).isEqualTo(answers.get(0));
      }
    }
  }

  /**
   * Checks: The store keeps a keyed digest of a fixed label per key id, never the pepper.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void theStoreKeepsAKeyedDigestOfAFixedLabelPerKeyIdNeverThePepper() throws Exception {
    String keyId = newKeyId();
    byte[] pepper = newDigestBytes();
    start(store, keyId, pepper);

    String stored = other.registerKeyCheck(keyId, newCheckValue());
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
  public void aPepperThatDoesNotMatchItsKeyIdsCheckValueRefusesToStart() throws Exception {
    String keyId = newKeyId();
    byte[] pepper = newDigestBytes();
    byte[] otherPepper = newDigestBytes();
    WvsAuth first = start(store, keyId, pepper);
    CreatedToken token = first.personalTokens().create(ALICE, ALICE, TokenSpec.of("ci", Scope.API));

    assertThatThrownBy(() -> start(other, keyId, otherPepper))
        .isInstanceOfSatisfying(PepperMismatchException.class, e -> {
          assertThat(e.keyIds()).containsExactly(keyId);
          assertThat(e.getMessage()).contains("key id '" + keyId + "'", "same pepper",
              "new key id", "retired");
          assertNoSecretIn(e.getMessage(), otherPepper, pepper);
        });
    assertThatThrownBy(() -> start(store, keyId, otherPepper))
        .isInstanceOf(PepperMismatchException.class);

    // The same pepper starts on either instance, and each accepts the other's tokens.
    WvsAuth second = start(other, keyId, pepper.clone());
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
  public void aRetiredKeyWhosePepperDoesNotMatchItsCheckValueRefusesToStart() throws Exception {
    String oldKeyId = newKeyId();
    String newKeyId = newKeyId();
    byte[] oldPepper = newDigestBytes();
    byte[] newPepper = newDigestBytes();
    byte[] wrongOldPepper = newDigestBytes();
    start(store, oldKeyId, oldPepper);

    assertThatThrownBy(() -> start(other, DigestKeyring.builder().current(newKeyId, newPepper)
        .retired(oldKeyId, wrongOldPepper).build()))
        .isInstanceOfSatisfying(PepperMismatchException.class, e -> {
          assertThat(e.keyIds()).containsExactly(oldKeyId);
          assertNoSecretIn(e.getMessage(), wrongOldPepper, oldPepper, newPepper);
        });

    // Rotation as documented: the new pepper under a new key id, the old one kept as retired.
    start(other, DigestKeyring.builder().current(newKeyId, newPepper)
        .retired(oldKeyId, oldPepper).build());
    assertThatThrownBy(() -> start(store, newKeyId, wrongOldPepper))
        .isInstanceOfSatisfying(PepperMismatchException.class,
            e -> assertThat(e.keyIds()).containsExactly(newKeyId));
  }

  /**
   * Checks: A store with tokens but no check value takes the pepper of the first start.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void aStoreWithTokensButNoCheckValueTakesThePepperOfTheFirstStart() throws Exception {
    // Tokens stored by a version that kept no check values: the first start registers its pepper.
    String keyId = newKeyId();
    byte[] pepper = newDigestBytes();
    TokenRecord earlier = store.insert(personal(ALICE).digest(TokenDigest.of(keyId,
        hmacSha256(pepper, "token-from-an-earlier-version-1"))).build());

    WvsAuth started = start(other, keyId, pepper);

    AuthResult result = started.authenticator()
        .authenticate(AuthRequest.api("token-from-an-earlier-version-1", "GET"));
    assertThat(result).isInstanceOfSatisfying(AuthResult.Success.class,
        ok -> assertThat(ok.tokenId()).isEqualTo(earlier.id()));
    assertThatThrownBy(() -> start(store, keyId, newDigestBytes()))
        .isInstanceOf(PepperMismatchException.class);
  }

  /**
   * Checks: Two instances starting at once with different peppers under one key id, then exactly
   * one starts.
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  public void twoInstancesStartingAtOnceWithDifferentPeppersUnderOneKeyIdThenExactlyOneStarts()
      throws Exception {
    try (ContractRace race = new ContractRace(2)) {
      for (int round = 0; round < raceRounds(); round++) {
        String keyId = newKeyId();
        List<byte[]> peppers = List.of(newDigestBytes(), newDigestBytes());
        List<Callable<Boolean>> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          TokenStore instance = instance(i);
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
        start(instance(1 - winner), keyId, peppers.get(winner));
        assertThatThrownBy(() -> start(instance(winner), keyId, peppers.get(1 - winner)))
            .isInstanceOf(PepperMismatchException.class);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // several instances

  /** Checks: Writes through either instance are seen at once through the other. */
  @Test
  public void writesThroughEitherInstanceAreSeenAtOnceThroughTheOther() {
    long user = newUserId();
    TokenRecord token = other.insert(personal(user).digest(newRetiredDigest()).build());
    assertSameToken(byDigest(token.digest()), token);

    assertThat(store.recordLastUsed(token.id(), at(10), at(10).minus(INTERVAL))).isTrue();
    assertThat(other.findById(token.id()).map(TokenRecord::lastUsedAt)).contains(at(10));
    assertThat(other.recordLastUsed(token.id(), at(11), at(11).minus(INTERVAL))).isFalse();

    TokenDigest current = newDigest();
    assertThat(other.replaceDigest(token.id(), token.digest(), current)).isTrue();
    assertThat(store.findByDigest(List.of(current)).map(TokenRecord::id)).contains(token.id());
    assertThat(store.findByDigest(List.of(token.digest()))).isEmpty();

    NewToken next = personal(user).build();
    TokenRecord successor = rotated(other.rotate(token.id(), next, at(20)));
    assertSameToken(byDigest(next.digest()), successor);
    assertThat(stored(token.id()).revokedAt()).isEqualTo(at(20));
    assertThat(store.rotate(token.id(), personal(user).build(), at(30)).outcome())
        .isEqualTo(Outcome.REUSE_DETECTED);
    assertThat(other.findById(successor.id()).map(TokenRecord::revokedAt)).contains(at(30));
    assertThat(other.find(TokenQuery.ofUser(user, TokenType.PERSONAL)))
        .allSatisfy(r -> assertThat(r.isRevoked()).isTrue())
        .hasSize(2);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** A user of the directory the started instances share. */
  private static final long ALICE = 2;

  /** The fixed label of the check values, as documented on {@link DigestKeyring}. */
  private static final String KEY_CHECK_LABEL = "wvs-auth key check v1";

  /** A key id no other test uses: 1 to 16 of {@code [a-z0-9_-]}. */
  private static String newKeyId() {
    return "kc" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 50, 1L << 60), 36);
  }

  /** A check value no other call returns, in the shape the library writes (64 hex digits). */
  private static String newCheckValue() {
    return HexFormat.of().formatHex(newDigestBytes());
  }

  private static byte[] hmacSha256(byte[] key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Builds a {@link WvsAuth} over {@code instance} with the single key {@code keyId}. */
  private static WvsAuth start(TokenStore instance, String keyId, byte[] pepper) {
    return start(instance, DigestKeyring.of(keyId, pepper));
  }

  /** Builds a {@link WvsAuth} over {@code instance} with {@code keyring}: the start of an instance. */
  private static WvsAuth start(TokenStore instance, DigestKeyring keyring) {
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(ALICE, "alice"));
    return WvsAuth.builder().tokenStore(instance).userDirectory(directory).keyring(keyring)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  /** {@code message} holds none of {@code peppers}, in hex or base64, nor their check values. */
  private static void assertNoSecretIn(String message, byte[]... peppers) {
    for (byte[] pepper : peppers) {
      try {
        assertThat(message)
            .doesNotContainIgnoringCase(HexFormat.of().formatHex(pepper))
            .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(pepper))
            .doesNotContainIgnoringCase(HexFormat.of().formatHex(hmacSha256(pepper, KEY_CHECK_LABEL)));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The first instance for even {@code i}, the second for odd. */
  private TokenStore instance(int i) {
    return i % 2 == 0 ? store : other;
  }

  /**
   * The stored token {@code id}, read through the first instance; fails when absent.
   *
   * @param id the token's id
   * @return the stored token
   */
  protected final TokenRecord stored(long id) {
    return store.findById(id).orElseThrow(() -> new AssertionError("no token with id " + id));
  }

  /**
   * The token stored under {@code digest}, read through the first instance; fails when absent.
   *
   * @param digest the token's digest
   * @return the stored token
   */
  protected final TokenRecord byDigest(TokenDigest digest) {
    return store.findByDigest(List.of(digest))
        .orElseThrow(() -> new AssertionError("no token under " + digest));
  }

  /**
   * Every token of {@code userId}, of any type.
   *
   * @param userId the owner
   * @return the owner's tokens, read through the first instance
   */
  protected final List<TokenRecord> tokensOf(long userId) {
    return store.find(new TokenQuery(userId, null, EnumSet.allOf(TokenType.class)));
  }

  /** The racer whose call returned true at {@code step}; fails unless exactly one did. */
  private static int onlyWinner(List<List<Boolean>> results, int step, int round, String what) {
    List<Integer> winners = IntStream.range(0, results.size()).filter(i -> results.get(i).get(step))
        .boxed().collect(Collectors.toList());
    assertThat(winners).as("round %d, token %d: racers whose %s succeeded", round, step, what)
        .hasSize(1);
    return winners.get(0);
  }

  /** {@code count} active personal tokens of one new user; their ids. */
  private List<Long> insertPersonalTokens(int count) {
    long user = newUserId();
    List<Long> ids = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      ids.add(store.insert(personal(user).build()).id());
    }
    return ids;
  }

  private static TokenRecord rotated(RotationResult result) {
    assertThat(result.outcome()).isEqualTo(Outcome.ROTATED);
    assertThat(result.successor()).isNotNull();
    return result.successor();
  }

  private static List<TokenRecord> byId(TokenRecord... records) {
    List<TokenRecord> sorted = new ArrayList<>(List.of(records));
    sorted.sort(Comparator.comparingLong(TokenRecord::id));
    return sorted;
  }

  /**
   * What a store must return for {@code token} stored under {@code id}, built field by field
   * here rather than with {@link NewToken#toRecord} so that the contract states it.
   */
  private static TokenRecord expected(NewToken token, long id, long familyId) {
    TokenOwner owner = token.owner() instanceof TokenOwner.Deploy && token.username() == null
        ? TokenOwner.deploy(token.resource(), "wvs+deploy-token-" + id) : token.owner();
    return TokenRecord.builder().id(id).familyId(familyId).type(token.type()).owner(owner)
        .name(token.name()).scopes(token.scopes()).digest(token.digest())
        .createdAt(token.createdAt()).expiresOn(token.expiresOn()).createdBy(token.createdBy())
        .sealedSecret(token.sealedSecret()).build();
  }

  /** Field by field, so that a failure names the field that did not round-trip. */
  private static void assertSameToken(TokenRecord actual, TokenRecord expected) {
    assertThat(actual).as("token %d", expected.id()).usingRecursiveComparison().isEqualTo(expected);
    assertThat(actual).isEqualTo(expected);
  }
}
