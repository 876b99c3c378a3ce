package io.wvs.auth.tck;

import static io.wvs.auth.tck.StressModel.PHASES;
import static io.wvs.auth.tck.StressModel.WORKERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.tck.StressModel.Stats;
import java.util.Collection;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A sustained concurrent load through the public services, on any store: 16
 * threads authenticate (88 % of operations), create (2 %), rotate by id or by value (7 %) and
 * revoke by id or by value (3 %) personal, project and deploy tokens, for a fixed number of
 * operations, in 5 phases one last-used interval apart; on two application
 * instances (half the threads each) when the store has a second one. Each call is bracketed by
 * tickets from one shared counter, taken just before it and just after it returns, which order
 * the calls in real time. Then the run is checked against what the design promises under
 * concurrency:
 *
 * <ol>
 *   <li><b>Revocation is linearizable.</b> A token is revoked once a revoke of it, a rotation of
 *       it or a reuse detection in its family has returned; no authentication that began after
 *       that succeeds. One that overlaps the revocation may go either way. Conversely no token is
 *       refused before some revocation of it began, and then only as revoked (or, for a project
 *       token, as USER_BLOCKED: revoking its last active token deletes the bot).
 *   <li><b>No lost or doubled last-used write.</b> The authenticator writes with
 *       {@code staleBefore = now - interval}, and the store writes only if the stored last use is
 *       absent or before that. The clock stands still within a phase and moves by more than the
 *       interval between phases, so every successful authentication in phase {@code p} finds every
 *       earlier phase's write stale. Hence, for every token and phase, exactly one write takes
 *       effect (at the phase's instant) if the token authenticated in that phase, and none
 *       otherwise; and after each phase the stored last use is the instant of the latest phase in
 *       which the token authenticated (none if it never did).
 *   <li><b>Rotation.</b> No token gets two successors; a family has at most one active token, the
 *       end of its chain, and none once reuse was detected in it; every revocation a service
 *       reported is stored; the store holds exactly the tokens the run issued, each in its family.
 *   <li><b>No deadlock.</b> Every phase ends within 60 s, or the test
 *       fails with a thread dump. A deadlock victim or lock timeout must come back typed, as a
 *       {@code STORE_UNAVAILABLE} result or a {@link io.wvs.auth.StoreUnavailableException} (anything else
 *       fails the test at once); those are counted, and a correct store has none.
 * </ol>
 *
 * <p>A third test races rotations and uses of a family within a rotation grace period
 * ({@link RotationGraceRace}): at most one active successor, the predecessor working only until its
 * successor's first use (and only within its grace), reuse ending every grace.
 *
 * <p>A second test races self-rotations of one token from 16 threads on both instances
 * ({@link SelfRotationRace}): exactly one succeeds, and the family holds at most one active token
 * (none once reuse was detected).
 *
 * <p>Subclasses hand the constructor how to make the store. {@link #operationsPerWorker()} sets
 * the operations per worker and phase; {@code -Dwvs.stress.operations=N} plays more. Each run
 * prints one line of what it did, with the seed of its random choices (the interleaving itself
 * is the scheduler's and does not repeat).
 */
public abstract class StoreStressContract {

  private final Supplier<TokenStore> newStore;
  private final UnaryOperator<TokenStore> secondInstance;

  /**
   * A run over stores from {@code newStore} (a fresh one: empty, or holding nothing of this test's
   * users and project), with {@code secondInstance} giving another instance over the same data as
   * the one it is given, for the second application instance.
   *
   * @param newStore gives a fresh store
   * @param secondInstance gives another instance over the same data as the store it is given
   */
  protected StoreStressContract(Supplier<TokenStore> newStore,
      UnaryOperator<TokenStore> secondInstance) {
    this.newStore = newStore;
    this.secondInstance = secondInstance;
  }

  /**
   * A run on one instance of each store from {@code newStore}.
   *
   * @param newStore gives a fresh store
   */
  protected StoreStressContract(Supplier<TokenStore> newStore) {
    this(newStore, UnaryOperator.identity());
  }

  /** {@return how many operations each worker plays per phase} */
  protected int operationsPerWorker() {
    return Integer.getInteger("wvs.stress.operations", 60);
  }

  @Test
  void revocationLastUsedAndRotationHoldUnderSustainedConcurrentLoad() throws Exception {
    TokenStore first = newStore.get();
    CheckedStressRun run = new CheckedStressRun(first, secondInstance.apply(first),
        new Random().nextLong(), operationsPerWorker());
    long started = System.nanoTime();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS, r -> {
      Thread t = new Thread(r, "store-stress-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      for (int phase = 0; phase < PHASES; phase++) {
        run.playPhase(pool, phase);
      }
    } finally {
      pool.shutdownNow();
    }
    Stats stats = run.verify();
    String summary = String.format(
        "%s seed=%d: %d workers x %d operations x %d phases in %d ms; %s, %d failed store calls",
        getClass().getSimpleName(), run.seed, WORKERS, operationsPerWorker(), PHASES,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), stats, run.storeFailures.size());
    System.out.println("[stress] " + summary);

    assertNone(run.storeFailures, "store calls failed (deadlock victims, lock timeouts)", summary);
    assertNone(run.violations, "violations", summary);
    // The run must have exercised what it checks.
    assertThat(stats.accepted).isPositive();
    assertThat(stats.refused).isPositive();
    assertThat(stats.rotated).isPositive();
    assertThat(stats.writes).isGreaterThanOrEqualTo(PHASES);
  }

  /**
   * Self-rotation under contention: 16 threads on both instances rotate the same token at once;
   * exactly one succeeds and the family stays consistent ({@link SelfRotationRace}).
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  void concurrentSelfRotationOfOneTokenHasOneWinnerAndAConsistentFamily() throws Exception {
    TokenStore first = newStore.get();
    SelfRotationRace.run(first, secondInstance.apply(first));
  }

  /**
   * The rotation grace period under contention on both instances: concurrent rotations and uses of
   * a family within its grace keep at most one active successor, the predecessor works only until
   * its successor's first use, and reuse revokes the family and ends every grace
   * ({@link RotationGraceRace}).
   *
   * @throws Exception if the race or the store fails
   */
  @Test
  void theRotationGracePeriodHoldsUnderConcurrentRotationsAndUses() throws Exception {
    TokenStore first = newStore.get();
    RotationGraceRace.run(first, secondInstance.apply(first));
  }

  /** Fails listing the first of {@code problems}, if there are any. */
  private static void assertNone(Collection<String> problems, String what, String summary) {
    if (!problems.isEmpty()) {
      fail(problems.size() + " " + what + " in " + summary + ":\n  "
          + problems.stream().limit(40).collect(Collectors.joining("\n  ")));
    }
  }
}
