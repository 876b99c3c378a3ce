package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many threads, on two application instances when the store has a second one, authenticate with
 * the same {@code self_rotate} token and rotate it at once: exactly one gets a successor; every
 * other one is refused at authentication (the token is revoked) or meets reuse detection, which
 * revokes the whole family; the family then holds the token and its one successor, with at most one
 * active, and none once reuse was detected.
 */
final class SelfRotationRace {
  static final int THREADS = 16;
  static final int TOKENS = 12;

  private SelfRotationRace() {}

  /** What one racer got. */
  private enum Outcome { ROTATED, REFUSED, REUSE }

  static void run(TokenStore first, TokenStore second) throws Exception {
    WvsAuth[] instances = {new RulesFixture(first).auth, new RulesFixture(second).auth};
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int t = 0; t < TOKENS; t++) {
        CreatedToken token = instances[0].personalTokens().create(BOB, BOB,
            TokenSpec.of("bot-" + t, Scope.SELF_ROTATE));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> racers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          WvsAuth auth = instances[i % 2];
          racers.add(pool.submit(() -> {
            start.await();
            return rotate(auth, token.value());
          }));
        }
        start.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : racers) {
          outcomes.add(f.get(60, TimeUnit.SECONDS));
        }
        check(first, token, outcomes, t);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Outcome rotate(WvsAuth auth, String value) {
    AuthResult result = auth.authenticator().authenticate(AuthRequest.builder(value)
        .require(ScopeRequirement.selfRotation()).build());
    if (!(result instanceof AuthResult.Success success)) {
      return Outcome.REFUSED;
    }
    try {
      auth.personalTokens().rotateSelf(success, null);
      return Outcome.ROTATED;
    } catch (TokenReuseDetectedException e) {
      return Outcome.REUSE;
    } catch (StoreUnavailableException e) {
      throw new AssertionError("a store call failed under the race: " + e.getMessage(), e);
    }
  }

  private static void check(TokenStore store, CreatedToken token, List<Outcome> outcomes, int round) {
    long rotated = outcomes.stream().filter(o -> o == Outcome.ROTATED).count();
    boolean reuse = outcomes.contains(Outcome.REUSE);
    assertThat(rotated).as("token %d: racers whose rotation succeeded %s", round, outcomes).isEqualTo(1);
    long familyId = store.findById(token.token().id()).orElseThrow().familyId();
    List<TokenRecord> family = store.find(TokenQuery.ofUser(BOB, TokenType.PERSONAL)).stream()
        .filter(r -> r.familyId() == familyId).toList();
    assertThat(family).as("token %d: the family holds the token and one successor", round).hasSize(2);
    long active = family.stream().filter(r -> !r.isRevoked()).count();
    assertThat(active).as("token %d: active tokens of the family (reuse detected: %s)", round, reuse)
        .isEqualTo(reuse ? 0 : 1);
    assertThat(store.findById(token.token().id()).orElseThrow().isRevoked()).isTrue();
  }
}
