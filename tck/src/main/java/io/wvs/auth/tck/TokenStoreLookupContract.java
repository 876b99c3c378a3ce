package io.wvs.auth.tck;

import static io.wvs.auth.tck.ContractFixtures.CURRENT_KEY;
import static io.wvs.auth.tck.ContractFixtures.INTERVAL;
import static io.wvs.auth.tck.ContractFixtures.RETIRED_KEY;
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
import static io.wvs.auth.tck.StoreChecks.assertSameToken;
import static io.wvs.auth.tck.StoreChecks.byDigest;
import static io.wvs.auth.tck.StoreChecks.byId;
import static io.wvs.auth.tck.StoreChecks.instance;
import static io.wvs.auth.tck.StoreChecks.rotated;
import static io.wvs.auth.tck.StoreChecks.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult.Outcome;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the reads guarantee: {@code findByDigest} over candidate digests, {@code findById},
 * {@code find} by user, resource and types ordered by id, and writes through either instance seen at
 * once through the other.
 *
 * <p>Part of {@link TokenStoreContract}; a store's test may implement it alone, providing
 * {@link StoreUnderTest#store()} and {@link StoreUnderTest#other()} fresh for each test.
 *
 * @since 0.1
 */
public interface TokenStoreLookupContract extends StoreUnderTest {

  // findByDigest and findById

  // findAfter and countAfter: every token, page by page

  /**
   * Checks: {@code findAfter} reads every token once, in id order, pages no larger than the limit,
   * revoked ones included, and {@code countAfter} counts the same tokens.
   */
  @Test
  default void findAfterReadsEveryTokenOncePageByPageInIdOrderAndCountAfterCountsThem() {
    List<Long> inserted = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      inserted.add(store().insert(personal(newUserId()).build()).id());
    }
    store().revoke(inserted.get(3), at(0));
    long before = inserted.get(0) - 1;

    List<Long> read = new java.util.ArrayList<>();
    List<TokenRecord> page = other().findAfter(before, 3);
    while (!page.isEmpty()) {
      assertThat(page.size()).isLessThanOrEqualTo(3);
      page.forEach(t -> read.add(t.id()));
      page = other().findAfter(page.get(page.size() - 1).id(), 3);
    }

    assertThat(read).containsAll(inserted).doesNotHaveDuplicates().isSorted();
    assertThat(read).allMatch(id -> id > before);
    assertThat(other().countAfter(before)).isEqualTo(read.size());
    assertThat(other().findAfter(inserted.get(6), 3)).extracting(TokenRecord::id)
        .doesNotContainAnyElementsOf(inserted);
  }

  /** Checks: {@code findByDigest} finds token under the first candidate. */
  @Test
  default void findByDigestFindsTokenUnderTheFirstCandidate() {
    TokenDigest current = newDigest();
    TokenRecord token = store().insert(personal(newUserId()).digest(current).build());
    TokenDigest retired = newRetiredDigest();

    assertThat(store().findByDigest(List.of(current, retired))).contains(token);
  }

  /** Checks: {@code findByDigest} finds token under a retired key given as a later candidate. */
  @Test
  default void findByDigestFindsTokenUnderARetiredKeyGivenAsALaterCandidate() {
    TokenDigest retired = newRetiredDigest();
    TokenRecord token = store().insert(personal(newUserId()).digest(retired).build());
    TokenDigest current = newDigest();

    Optional<TokenRecord> found = store().findByDigest(List.of(current, retired));

    assertThat(found).hasValueSatisfying(r -> assertSameToken(r, token));
  }

  /** Checks: {@code findByDigest} when several candidates match, returns one of them. */
  @Test
  default void findByDigestWhenSeveralCandidatesMatchThenReturnsOneOfThem() {
    TokenRecord a = store().insert(personal(newUserId()).build());
    TokenRecord b = store().insert(personal(newUserId()).digest(newRetiredDigest()).build());

    Optional<TokenRecord> found = store().findByDigest(List.of(a.digest(), b.digest()));

    assertThat(found).hasValueSatisfying(r -> assertThat(r).isIn(a, b));
  }

  /** Checks: {@code findByDigest} when no candidate matches, returns empty. */
  @Test
  default void findByDigestWhenNoCandidateMatchesThenEmpty() {
    store().insert(personal(newUserId()).build());

    assertThat(store().findByDigest(List.of(newDigest()))).isEmpty();
    assertThat(store().findByDigest(List.of(newDigest(), newRetiredDigest())))
        .isEmpty();
  }

  /**
   * Checks: {@code findByDigest} of one digest finds what the list lookup of that digest finds:
   * the token, its revoked form, and nothing for an unknown digest or the same bytes under
   * another key id.
   */
  @Test
  default void findByDigestOfOneDigestFindsWhatTheListLookupFinds() {
    byte[] bytes = newDigestBytes();
    TokenDigest digest = TokenDigest.of(CURRENT_KEY, bytes);
    TokenRecord token = store().insert(personal(newUserId()).digest(digest).build());

    assertThat(store().findByDigest(TokenDigest.of(CURRENT_KEY, bytes)))
        .hasValueSatisfying(r -> assertSameToken(r, token))
        .isEqualTo(store().findByDigest(List.of(digest)));
    assertThat(store().findByDigest(newDigest())).isEmpty();
    assertThat(store().findByDigest(TokenDigest.of(RETIRED_KEY, bytes))).isEmpty();

    store().revoke(token.id(), at(60));
    assertThat(store().findByDigest(digest)).hasValueSatisfying(r -> {
      assertThat(r.id()).isEqualTo(token.id());
      assertThat(r.isRevoked()).isTrue();
    });
  }

  /** Checks: {@code findByDigest} when no candidates, returns empty. */
  @Test
  default void findByDigestWhenNoCandidatesThenEmpty() {
    store().insert(personal(newUserId()).build());

    assertThat(store().findByDigest(List.of())).isEmpty();
  }

  /** Checks: {@code findByDigest} when same bytes under another key, returns empty. */
  @Test
  default void findByDigestWhenSameBytesUnderAnotherKeyThenEmpty() {
    byte[] bytes = newDigestBytes();
    store().insert(personal(newUserId()).digest(TokenDigest.of(CURRENT_KEY, bytes)).build());

    assertThat(store().findByDigest(List.of(TokenDigest.of(RETIRED_KEY, bytes)))).isEmpty();
    assertThat(store().findByDigest(List.of(TokenDigest.of("k10", bytes)))).isEmpty();
  }

  /** Checks: {@code findByDigest} returns revoked tokens. */
  @Test
  default void findByDigestReturnsRevokedTokens() {
    TokenRecord token = store().insert(personal(newUserId()).build());
    store().revoke(token.id(), at(60));

    assertSameToken(byDigest(store(), token.digest()), token.withRevokedAt(at(60)));
  }

  /** Checks: {@code findById} returns the token. */
  @Test
  default void findByIdReturnsTheToken() {
    TokenRecord a = store().insert(personal(newUserId()).build());
    TokenRecord b = store().insert(deploy(newProject()).build());

    assertSameToken(stored(store(), a.id()), a);
    assertSameToken(stored(store(), b.id()), b);
  }

  /** Checks: {@code findById} when unknown, returns empty. */
  @Test
  default void findByIdWhenUnknownThenEmpty() {
    store().insert(personal(newUserId()).build());

    assertThat(store().findById(UNKNOWN_ID)).isEmpty();
    assertThat(store().findById(0)).isEmpty();
    assertThat(store().findById(-1)).isEmpty();
  }

  // find

  /**
   * Checks: {@code find} by user returns only that user's tokens of the wanted types, by id.
   */
  @Test
  default void findByUserReturnsOnlyThatUsersTokensOfTheWantedTypesOrderedById() {
    long user = newUserId();
    long someoneElse = newUserId();
    TokenRecord p1 = store().insert(personal(user).build());
    TokenRecord foreign = store().insert(personal(someoneElse).build());
    TokenRecord i1 = store().insert(impersonation(user).build());
    TokenRecord p2 = store().insert(personal(user).build());
    store().insert(deploy(newProject()).build());

    assertThat(store().find(TokenQuery.ofUser(user, TokenType.PERSONAL)))
        .containsExactlyElementsOf(byId(p1, p2));
    assertThat(store().find(TokenQuery.ofUser(user, TokenType.IMPERSONATION))).containsExactly(i1);
    assertThat(store().find(TokenQuery.ofUser(user, TokenType.PERSONAL, TokenType.IMPERSONATION)))
        .containsExactlyElementsOf(byId(p1, i1, p2));
    assertThat(store().find(TokenQuery.ofUser(someoneElse, TokenType.PERSONAL))).containsExactly(foreign);
  }

  /** Checks: {@code find} by resource returns only that resource's tokens, by id. */
  @Test
  default void findByResourceReturnsOnlyThatResourcesTokensOrderedById() {
    long sharedId = newUserId();
    ResourceRef project = ResourceRef.project(sharedId);
    ResourceRef group = ResourceRef.group(sharedId);
    TokenRecord d1 = store().insert(deploy(project).build());
    TokenRecord pa = store().insert(projectAccess(newUserId(), project).build());
    TokenRecord gd = store().insert(deploy(group).build());
    TokenRecord ga = store().insert(groupAccess(newUserId(), group).build());
    TokenRecord d2 = store().insert(deploy(project).build());
    store().insert(deploy(newProject()).build());

    assertThat(store().find(TokenQuery.ofResource(project, TokenType.DEPLOY)))
        .containsExactlyElementsOf(byId(d1, d2));
    assertThat(store().find(TokenQuery.ofResource(project, TokenType.DEPLOY, TokenType.PROJECT_ACCESS)))
        .containsExactlyElementsOf(byId(d1, pa, d2));
    assertThat(store().find(TokenQuery.ofResource(group, TokenType.DEPLOY, TokenType.GROUP_ACCESS)))
        .containsExactlyElementsOf(byId(gd, ga));
    assertThat(store().find(TokenQuery.ofResource(group, TokenType.PROJECT_ACCESS))).isEmpty();
  }

  /** Checks: {@code find} by types returns only tokens of those types, by id. */
  @Test
  default void findByTypesReturnsOnlyTokensOfThoseTypesOrderedById() {
    ResourceRef project = newProject();
    long user = newUserId();
    TokenRecord d1 = store().insert(deploy(project).build());
    TokenRecord p = store().insert(personal(user).build());
    TokenRecord d2 = store().insert(deploy(project).build());
    TokenRecord i = store().insert(impersonation(user).build());

    List<TokenRecord> deploys = store().find(TokenQuery.ofTypes(TokenType.DEPLOY));
    List<TokenRecord> userTokens =
        store().find(TokenQuery.ofTypes(TokenType.PERSONAL, TokenType.IMPERSONATION));

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
  default void findByUserAndResourceReturnsTheirIntersection() {
    long bot = newUserId();
    ResourceRef one = newProject();
    ResourceRef two = newProject();
    TokenRecord wanted = store().insert(projectAccess(bot, one).build());
    store().insert(projectAccess(bot, two).build());
    store().insert(projectAccess(newUserId(), one).build());

    assertThat(store().find(new TokenQuery(bot, one, EnumSet.of(TokenType.PROJECT_ACCESS))))
        .containsExactly(wanted);
  }

  /** Checks: {@code find} includes revoked tokens. */
  @Test
  default void findIncludesRevokedTokens() {
    long user = newUserId();
    TokenRecord revoked = store().insert(personal(user).build());
    TokenRecord active = store().insert(personal(user).build());
    store().revoke(revoked.id(), at(60));

    assertThat(store().find(TokenQuery.ofUser(user, TokenType.PERSONAL)))
        .containsExactlyElementsOf(byId(revoked.withRevokedAt(at(60)), active));
  }

  /** Checks: {@code find} when nothing matches, returns an empty list. */
  @Test
  default void findWhenNothingMatchesThenEmptyList() {
    store().insert(personal(newUserId()).build());

    assertThat(store().find(TokenQuery.ofUser(newUserId(), TokenType.PERSONAL))).isNotNull().isEmpty();
    assertThat(store().find(TokenQuery.ofResource(newGroup(), TokenType.DEPLOY))).isNotNull().isEmpty();
  }

  // several instances

  /** Checks: Writes through either instance are seen at once through the other. */
  @Test
  default void writesThroughEitherInstanceAreSeenAtOnceThroughTheOther() {
    long user = newUserId();
    TokenRecord token = other().insert(personal(user).digest(newRetiredDigest()).build());
    assertSameToken(byDigest(store(), token.digest()), token);

    assertThat(store().recordLastUsed(token.id(), at(10), at(10).minus(INTERVAL))).isTrue();
    assertThat(other().findById(token.id()).map(TokenRecord::lastUsedAt)).contains(at(10));
    assertThat(other().recordLastUsed(token.id(), at(11), at(11).minus(INTERVAL))).isFalse();

    TokenDigest current = newDigest();
    assertThat(other().replaceDigest(token.id(), token.digest(), current)).isTrue();
    assertThat(store().findByDigest(List.of(current)).map(TokenRecord::id)).contains(token.id());
    assertThat(store().findByDigest(List.of(token.digest()))).isEmpty();

    NewToken next = personal(user).build();
    TokenRecord successor = rotated(other().rotate(token.id(), next, at(20)));
    assertSameToken(byDigest(store(), next.digest()), successor);
    assertThat(stored(store(), token.id()).revokedAt()).isEqualTo(at(20));
    assertThat(store().rotate(token.id(), personal(user).build(), at(30)).outcome())
        .isEqualTo(Outcome.REUSE_DETECTED);
    assertThat(other().findById(successor.id()).map(TokenRecord::revokedAt)).contains(at(30));
    assertThat(other().find(TokenQuery.ofUser(user, TokenType.PERSONAL)))
        .allSatisfy(r -> assertThat(r.isRevoked()).isTrue())
        .hasSize(2);
  }
}
