package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rotation grace period under contention, on two application instances over one store (when
 * the store has a second one), with a grace of 30 minutes on clocks that stand still. Every call
 * is bracketed by tickets from one shared counter (taken just before it and just after it
 * returns), which order the calls in real time. Three kinds of round, each on a fresh family:
 *
 * <ol>
 *   <li><b>One rotation, many uses.</b> One thread rotates the token while threads on both
 *       instances use it and, once it exists, its successor. Every rotation succeeds and leaves one
 *       active token, the successor; the successor always works; the predecessor works until the
 *       successor's first use: no use of it that began after a use of the successor returned
 *       succeeds, and none that ended before the successor was first tried fails; a refused use is
 *       refused as revoked.
 *   <li><b>Racing rotations.</b> Threads on both instances rotate the same token at once while
 *       others use it and its successor. Exactly one rotation succeeds (at most one successor);
 *       every other one is reuse, which revokes the whole family and ends every grace: no use of
 *       either token that began after a reuse was reported succeeds, and afterwards the family has
 *       no active token.
 *   <li><b>The grace's end.</b> A rotated token used from threads on both instances works while
 *       the clocks stand within its grace and is refused by all once they pass it.
 * </ol>
 */
final class RotationGraceRace {
  static final Duration GRACE = Duration.ofMinutes(30);
  static final int THREADS = 16;
  static final int ROUNDS = 6;
  static final int USES = 6;

  private final RulesFixture[] instances;
  private final TokenStore store;
  private final AtomicLong tickets = new AtomicLong();
  private final ExecutorService pool;

  /** One call: what it was, on which token, its tickets and outcome. */
  private record Call(String what, long tokenId, long begin, long end, String outcome) {
    boolean ok() {
      return outcome.equals("OK");
    }
  }

  private RotationGraceRace(TokenStore first, TokenStore second, ExecutorService pool) {
    TokenPolicy policy = TokenPolicy.builder().rotationGracePeriod(GRACE).build();
    this.instances = new RulesFixture[] {new RulesFixture(first, policy),
        new RulesFixture(second, policy)};
    this.store = first;
    this.pool = pool;
  }

  static void run(TokenStore first, TokenStore second) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      RotationGraceRace race = new RotationGraceRace(first, second, pool);
      for (int round = 0; round < ROUNDS; round++) {
        race.oneRotationManyUses(round);
        race.racingRotations(round);
      }
      race.theGraceEnds();
    } finally {
      pool.shutdownNow();
    }
  }

  private CreatedToken newToken(String name) {
    return instances[0].auth.personalTokens().create(BOB, BOB, TokenSpec.of(name, Scope.API));
  }

  private Call use(int instance, CreatedToken token, String value) {
    long begin = tickets.incrementAndGet();
    AuthResult r = instances[instance].auth.authenticator()
        .authenticate(AuthRequest.api(value, "GET"));
    long end = tickets.incrementAndGet();
    String outcome = r instanceof AuthResult.Failure f ? f.reason().name() : "OK";
    return new Call("use", token.token().id(), begin, end, outcome);
  }

  private Call rotate(int instance, CreatedToken token, AtomicReference<CreatedToken> successor) {
    long begin = tickets.incrementAndGet();
    String outcome;
    try {
      CreatedToken next = instances[instance].auth.personalTokens()
          .rotate(BOB, token.token().id(), null);
      successor.compareAndSet(null, next);
      outcome = "OK";
    } catch (TokenReuseDetectedException e) {
      outcome = "REUSE";
    } catch (RuntimeException e) {
      outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return new Call("rotate", token.token().id(), begin, tickets.incrementAndGet(), outcome);
  }

  /** Runs {@code tasks} at once and returns every call they made. */
  private List<Call> race(List<Callable<List<Call>>> tasks) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Call>>> futures = new ArrayList<>();
    for (Callable<List<Call>> task : tasks) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    List<Call> calls = new ArrayList<>();
    for (Future<List<Call>> f : futures) {
      calls.addAll(f.get(60, TimeUnit.SECONDS));
    }
    return calls;
  }

  /** Uses of {@code token}, then (once it exists) of its successor, from {@code instance}. */
  private Callable<List<Call>> user(int instance, CreatedToken token,
      AtomicReference<CreatedToken> successor, boolean useSuccessor) {
    return () -> {
      List<Call> calls = new ArrayList<>();
      for (int i = 0; i < USES; i++) {
        CreatedToken next = successor.get();
        if (useSuccessor && next != null && i % 2 == 1) {
          calls.add(use(instance, next, next.value()));
        } else {
          calls.add(use(instance, token, token.value()));
        }
        Thread.yield();
      }
      return calls;
    };
  }

  private void oneRotationManyUses(int round) throws Exception {
    CreatedToken token = newToken("grace-one-" + round);
    AtomicReference<CreatedToken> successor = new AtomicReference<>();
    List<Callable<List<Call>>> tasks = new ArrayList<>();
    tasks.add(() -> List.of(rotate(round % 2, token, successor)));
    for (int i = 1; i < THREADS; i++) {
      tasks.add(user(i % 2, token, successor, i % 3 != 0));
    }
    List<Call> calls = race(tasks);
    String where = "round " + round + " (one rotation) " + calls;
    assertThat(calls).filteredOn(c -> c.what().equals("rotate")).extracting(Call::outcome)
        .as(where).containsExactly("OK");
    CreatedToken next = successor.get();
    calls = new ArrayList<>(calls);
    calls.add(use(1 - round % 2, next, next.value())); // the successor is used at least once
    calls.add(use(round % 2, token, token.value()));
    long successorId = next.token().id();
    List<Call> successorUses = calls.stream()
        .filter(c -> c.what().equals("use") && c.tokenId() == successorId).toList();
    assertThat(successorUses).as("the successor always works: " + where).allMatch(Call::ok);
    long firstSuccessorBegin = successorUses.stream().mapToLong(Call::begin).min().orElseThrow();
    long firstSuccessorEnd = successorUses.stream().mapToLong(Call::end).min().orElseThrow();
    for (Call c : calls) {
      if (!c.what().equals("use") || c.tokenId() != token.token().id()) {
        continue;
      }
      if (c.ok()) {
        assertThat(c.begin()).as("a use of the predecessor that began after a use of its"
            + " successor returned worked: %s in %s", c, where).isLessThan(firstSuccessorEnd);
      } else {
        assertThat(c.outcome()).as(where).isEqualTo(FailureReason.REVOKED.name());
        assertThat(c.end()).as("a use of the predecessor that ended before its successor was"
            + " first tried was refused: %s in %s", c, where).isGreaterThan(firstSuccessorBegin);
      }
    }
    assertFamily(token, 2, 1, where);
    assertThat(store.findById(successorId).orElseThrow().isRevoked()).as(where).isFalse();
  }

  private void racingRotations(int round) throws Exception {
    CreatedToken token = newToken("grace-race-" + round);
    AtomicReference<CreatedToken> successor = new AtomicReference<>();
    List<Callable<List<Call>>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int instance = i % 2;
      tasks.add(i < THREADS / 2 ? () -> List.of(rotate(instance, token, successor))
          : user(instance, token, successor, true));
    }
    List<Call> calls = race(tasks);
    String where = "round " + round + " (racing rotations) " + calls;
    List<Call> rotations = calls.stream().filter(c -> c.what().equals("rotate")).toList();
    assertThat(rotations).filteredOn(Call::ok).as("rotations that succeeded: " + where).hasSize(1);
    assertThat(rotations).filteredOn(c -> !c.ok()).extracting(Call::outcome).as(where)
        .containsOnly("REUSE");
    long firstReuseEnd = rotations.stream().filter(c -> !c.ok()).mapToLong(Call::end).min()
        .orElseThrow();
    for (Call c : calls) {
      if (c.what().equals("use") && c.ok()) {
        assertThat(c.begin()).as("a use that began after reuse was reported worked: %s in %s",
            c, where).isLessThan(firstReuseEnd);
      }
    }
    CreatedToken next = successor.get();
    for (int i = 0; i < 2; i++) {
      assertThat(use(i, token, token.value()).ok()).as(where).isFalse();
      assertThat(use(i, next, next.value()).ok()).as(where).isFalse();
    }
    assertFamily(token, 2, 0, where);
  }

  private void theGraceEnds() throws Exception {
    CreatedToken token = newToken("grace-end");
    CreatedToken next = instances[1].auth.personalTokens().rotate(BOB, token.token().id(), null);
    List<Callable<List<Call>>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int instance = i % 2;
      tasks.add(() -> List.of(use(instance, token, token.value())));
    }
    assertThat(race(tasks)).as("within the grace").allMatch(Call::ok);
    for (RulesFixture instance : instances) {
      instance.clock.advance(GRACE);
    }
    assertThat(race(tasks)).as("past the grace").allMatch(c -> c.outcome().equals("REVOKED"));
    assertThat(use(0, next, next.value()).ok()).isTrue();
    assertFamily(token, 2, 1, "the grace's end");
  }

  /** The family of {@code token} holds {@code size} tokens, {@code active} of them active. */
  private void assertFamily(CreatedToken token, int size, int active, String where) {
    long familyId = store.findById(token.token().id()).orElseThrow().familyId();
    List<TokenRecord> family = store.find(TokenQuery.ofUser(BOB, TokenType.PERSONAL)).stream()
        .filter(r -> r.familyId() == familyId).toList();
    assertThat(family).as("the family's tokens: " + where).hasSize(size);
    var now = instances[0].clock.instant();
    assertThat(family.stream().filter(r -> !r.isRevokedAt(now)).count())
        .as("the family's active tokens: " + where).isEqualTo(active);
  }
}
