package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.AuthResult.Failure;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A sustained concurrent load through the public services, on any store: {@value #WORKERS}
 * threads authenticate (88 % of operations), create (2 %), rotate by id or by value (7 %) and
 * revoke by id or by value (3 %) personal, project and deploy tokens, for a fixed number of
 * operations, in {@value #PHASES} phases one last-used interval apart; on two application
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
 *   <li><b>No deadlock.</b> Every phase ends within {@value #PHASE_TIMEOUT_SECONDS} s, or the test
 *       fails with a thread dump. A deadlock victim or lock timeout must come back typed, as a
 *       {@code STORE_UNAVAILABLE} result or a {@link StoreUnavailableException} (anything else
 *       fails the test at once); those are counted, and a correct store has none.
 * </ol>
 *
 * <p>Subclasses hand the constructor how to make the store. {@link #operationsPerWorker()} sets
 * the operations per worker and phase; {@code -Dwvs.stress.operations=N} plays more. Each run
 * prints one line of what it did, with the seed of its random choices (the interleaving itself
 * is the scheduler's and does not repeat).
 */
public abstract class StoreStressContract {
  private static final int WORKERS = 16;
  private static final int PHASES = 5;
  private static final long PHASE_TIMEOUT_SECONDS = 60;
  /** More than the 24-hour last-used interval: every phase is a new interval. */
  private static final Duration PHASE_STEP = Duration.ofHours(25);
  private static final LocalDate SUCCESSOR_EXPIRY =
      LocalDate.ofInstant(RulesFixture.START, ZoneOffset.UTC).plusDays(100);
  /** Mutations and most authentications pick among the newest this many churning families. */
  private static final int FAMILY_WINDOW = 12;
  private static final long[] OWNERS = {ALICE, BOB, CAROL};

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
    Run run = new Run(first, secondInstance.apply(first), new Random().nextLong());
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

  /** Fails listing the first of {@code problems}, if there are any. */
  private static void assertNone(Collection<String> problems, String what, String summary) {
    if (!problems.isEmpty()) {
      fail(problems.size() + " " + what + " in " + summary + ":\n  "
          + problems.stream().limit(40).collect(Collectors.joining("\n  ")));
    }
  }

  private enum Kind { PERSONAL, PROJECT, DEPLOY }

  private enum Op { AUTHENTICATE, CREATE, ROTATE, ROTATE_BY_VALUE, REVOKE, REVOKE_BY_VALUE }

  private enum Outcome { REVOKED, ROTATED, REUSE_DETECTED, STORE_UNAVAILABLE }

  /** A token the run issued. Its value never leaves the test: {@link #toString} omits it. */
  private static final class Issued {
    final Kind kind;
    final long id;
    final Family family;
    final long ownerId;
    final String value;
    final AuthRequest request;

    Issued(Kind kind, CreatedToken created, Family family) {
      this.kind = kind;
      this.id = created.token().id();
      this.family = family == null ? new Family(id) : family;
      this.ownerId = created.token().userId() == null ? 0 : created.token().userId();
      this.value = created.value();
      AuthRequest.Builder request = AuthRequest.builder(value).resource(API_PROJECT);
      if (kind == Kind.DEPLOY) {
        request.channel(Channel.GIT_HTTP).username(created.token().username())
            .require(ScopeRequirement.gitPull());
      } else {
        request.require(ScopeRequirement.forApiMethod("GET"));
      }
      this.request = request.build();
      this.family.add(this);
    }

    @Override
    public String toString() {
      return kind + " token " + id + " (family " + family.rootId + ")";
    }
  }

  /** A rotation family: its root's id, its members in issue order, its newest member. */
  private static final class Family {
    final long rootId;
    final List<Issued> members = new CopyOnWriteArrayList<>();
    final AtomicReference<Issued> newest = new AtomicReference<>();
    /** Whether a worker saw it end (its newest token revoked, or reuse detected): a hint only. */
    volatile boolean ended;

    Family(long rootId) {
      this.rootId = rootId;
    }

    void add(Issued member) {
      members.add(member);
      newest.accumulateAndGet(member, (a, b) -> a == null || b.id > a.id ? b : a);
    }
  }

  /** An authentication: the token, the phase, tickets taken before and after, the result. */
  private record Auth(Issued token, int phase, long start, long end, AuthResult result) {}

  /** A revocation or rotation through a service, with tickets taken before and after. */
  private record Change(Op op, Issued token, long start, long end, Outcome outcome) {}

  /** What one worker did in one phase. */
  private record WorkerLog(List<Auth> auths, List<Change> changes) {}

  /** The counts a run reports. */
  private static final class Stats {
    long accepted;
    long refused;
    long overlapping;
    long overlappingAccepted;
    long revoked;
    long rotated;
    long reuse;
    long writes;
    long tokens;

    @Override
    public String toString() {
      return (accepted + refused) + " authentications (" + accepted
          + " accepted, " + refused + " refused; " + overlapping + " overlapped a revocation of their"
          + " token, " + overlappingAccepted + " of those accepted), " + revoked + " revocations, "
          + rotated + " rotations, " + reuse + " reuse detections, " + writes + " last-used writes, "
          + tokens + " tokens";
    }
  }

  /** One run: the world, the workload and what happened. */
  private final class Run {
    final long seed;
    final RulesFixture world;
    final WvsAuth[] instances;
    final TokenStore store;
    final AtomicLong tickets = new AtomicLong();
    /** Last-used writes that took effect, as (token id, instant). */
    final Queue<Map.Entry<Long, Instant>> writes = new ConcurrentLinkedQueue<>();
    final Queue<String> storeFailures = new ConcurrentLinkedQueue<>();
    final List<String> violations = new ArrayList<>();
    final List<Family> steady = new ArrayList<>();
    final List<Family> churning = new CopyOnWriteArrayList<>();
    final List<Auth> auths = new ArrayList<>();
    final List<Change> changes = new ArrayList<>();
    /** The latest phase in which each token authenticated. */
    final Map<Long, Integer> lastAccepted = new HashMap<>();
    /** For each token some service call revoked, the ticket at which the first such call returned. */
    final Map<Long, Long> revokedFrom = new HashMap<>();

    Run(TokenStore first, TokenStore second, long seed) {
      this.seed = seed;
      this.store = first;
      this.world = new RulesFixture(watched(first));
      byte[] pepper = new byte[32];
      Arrays.fill(pepper, (byte) 7); // RulesFixture's pepper: both instances verify the same tokens
      WvsAuth other = second == first ? world.auth : WvsAuth.builder()
          .tokenStore(watched(second)).userDirectory(world.directory)
          .resourceDirectory(world.directory).botAccounts(world.directory)
          .passwordVerifier(world.directory)
          .keyring(DigestKeyring.of("k1", pepper)).policy(world.auth.policy()).clock(world.clock)
          .build();
      this.instances = new WvsAuth[] {world.auth, other};
      // Never revoked or rotated: they carry the last-used contention across every interval.
      for (Kind kind : Kind.values()) {
        steady.add(issue(world.auth, kind, ALICE));
      }
    }

    /** {@code store}, recording every last-used write that took effect and every failed one. */
    private TokenStore watched(TokenStore store) {
      return new ForwardingTokenStore() {
        @Override
        protected TokenStore delegate() {
          return store;
        }

        @Override
        public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
          try {
            boolean written = super.recordLastUsed(id, at, staleBefore);
            if (written) {
              writes.add(Map.entry(id, at));
            }
            return written;
          } catch (RuntimeException e) {
            // The authenticator swallows this one (the request still succeeds), so count it here.
            storeFailures.add("recordLastUsed of token " + id + ": " + describe(e));
            throw e;
          }
        }
      };
    }

    /** A new family of {@code kind}: a personal token of {@code owner}, or one of BOB's project. */
    private Family issue(WvsAuth auth, Kind kind, long owner) {
      TokenSpec spec = TokenSpec.of("stress", Scope.READ_API);
      CreatedToken created = switch (kind) {
        case PERSONAL -> auth.personalTokens().create(owner, owner, spec);
        case PROJECT -> auth.resourceTokens().create(BOB, API_PROJECT, spec, null);
        case DEPLOY -> auth.deployTokens().create(BOB, API_PROJECT,
            DeployTokenSpec.of("stress", Scope.READ_REPOSITORY));
      };
      return new Issued(kind, created, null).family;
    }

    Instant instantOf(int phase) {
      return RulesFixture.START.plus(PHASE_STEP.multipliedBy(phase));
    }

    void playPhase(ExecutorService pool, int phase) throws InterruptedException {
      world.clock.set(instantOf(phase));
      for (Kind kind : Kind.values()) {
        churning.add(issue(world.auth, kind, OWNERS[phase % OWNERS.length]));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<WorkerLog>> futures = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        Random random = new Random(seed + 1_000L * phase + w);
        WvsAuth instance = instances[w % 2];
        futures.add(pool.submit(() -> {
          go.await();
          return work(instance, random, phase);
        }));
      }
      go.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_TIMEOUT_SECONDS);
      for (Future<WorkerLog> future : futures) {
        try {
          WorkerLog log = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          auths.addAll(log.auths());
          changes.addAll(log.changes());
        } catch (TimeoutException e) {
          String dump = threadDump();
          System.err.println(dump);
          throw new AssertionError("phase " + phase + " did not finish within "
              + PHASE_TIMEOUT_SECONDS + " s (a deadlock?); seed " + seed + "\n" + dump, e);
        } catch (ExecutionException e) {
          throw new AssertionError("a worker failed in phase " + phase + "; seed " + seed, e.getCause());
        }
      }
      for (Auth a : auths) {
        if (a.phase() == phase && a.result().isSuccess()) {
          lastAccepted.put(a.token().id, phase);
        }
      }
      checkStoredLastUse(phase);
    }

    private WorkerLog work(WvsAuth auth, Random random, int phase) {
      WorkerLog log = new WorkerLog(new ArrayList<>(), new ArrayList<>());
      for (int i = 0; i < operationsPerWorker(); i++) {
        int dice = random.nextInt(100);
        Op op = dice < 88 ? Op.AUTHENTICATE : dice < 90 ? Op.CREATE : dice < 95 ? Op.ROTATE
            : dice < 97 ? Op.ROTATE_BY_VALUE : dice < 99 ? Op.REVOKE : Op.REVOKE_BY_VALUE;
        if (op == Op.CREATE) {
          create(auth, Kind.values()[random.nextInt(3)], OWNERS[random.nextInt(OWNERS.length)]);
          continue;
        }
        Issued token = pick(random, op == Op.AUTHENTICATE);
        if (op == Op.AUTHENTICATE) {
          long start = tickets.incrementAndGet();
          AuthResult result = auth.authenticator().authenticate(token.request);
          log.auths().add(new Auth(token, phase, start, tickets.incrementAndGet(), result));
        } else {
          log.changes().add(change(auth, supported(op, token.kind), token));
        }
      }
      return log;
    }

    /**
     * The newest member of a random family mostly; sometimes (one in five authentications, one in
     * twenty changes) an older one, which a rotation revoked.
     */
    private Issued pick(Random random, boolean forAuthentication) {
      if (forAuthentication && random.nextInt(4) == 0) {
        return steady.get(random.nextInt(steady.size())).newest.get();
      }
      int window = Math.min(FAMILY_WINDOW, churning.size());
      Family family = null;
      for (int attempt = 0; attempt < 3 && (family == null || family.ended); attempt++) {
        family = churning.get(churning.size() - 1 - random.nextInt(window));
      }
      List<Issued> members = family.members;
      boolean older = random.nextInt(forAuthentication ? 5 : 20) == 0;
      return older ? members.get(random.nextInt(members.size())) : family.newest.get();
    }

    private Change change(WvsAuth auth, Op op, Issued token) {
      long start = tickets.incrementAndGet();
      CreatedToken successor = null;
      Outcome outcome;
      try {
        switch (op) {
          case ROTATE -> successor = token.kind == Kind.PERSONAL
              ? auth.personalTokens().rotate(token.ownerId, token.id, SUCCESSOR_EXPIRY)
              : auth.resourceTokens().rotate(BOB, API_PROJECT, token.id, SUCCESSOR_EXPIRY);
          case ROTATE_BY_VALUE ->
              successor = auth.personalTokens().rotateByValue(token.value, SUCCESSOR_EXPIRY);
          case REVOKE_BY_VALUE -> assertThat(auth.personalTokens().revokeByValue(token.value)).isTrue();
          default -> revoke(auth, token);
        }
        outcome = successor == null ? Outcome.REVOKED : Outcome.ROTATED;
      } catch (TokenReuseDetectedException e) {
        outcome = Outcome.REUSE_DETECTED;
      } catch (StoreUnavailableException e) {
        storeFailures.add(op + " of " + token + ": " + describe(e));
        outcome = Outcome.STORE_UNAVAILABLE;
      }
      long end = tickets.incrementAndGet();
      if (successor != null) {
        new Issued(token.kind, successor, token.family);
      } else if (outcome == Outcome.REUSE_DETECTED
          || (outcome == Outcome.REVOKED && token == token.family.newest.get())) {
        token.family.ended = true;
      }
      return new Change(op, token, start, end, outcome);
    }

    private void create(WvsAuth auth, Kind kind, long owner) {
      try {
        churning.add(issue(auth, kind, owner));
      } catch (StoreUnavailableException e) {
        storeFailures.add("creation of a " + kind + " token: " + describe(e));
      }
    }

    private void revoke(WvsAuth auth, Issued token) {
      switch (token.kind) {
        case PERSONAL -> auth.personalTokens().revoke(token.ownerId, token.id);
        case PROJECT -> auth.resourceTokens().revoke(BOB, API_PROJECT, token.id);
        case DEPLOY -> auth.deployTokens().revoke(BOB, API_PROJECT, token.id);
      }
    }

    private List<Family> families() {
      List<Family> all = new ArrayList<>(steady);
      all.addAll(churning);
      return all;
    }

    private List<Issued> tokens() {
      return families().stream().flatMap(f -> f.members.stream()).collect(Collectors.toList());
    }

    private TokenRecord stored(Issued token) {
      return store.findById(token.id).orElseThrow(() -> new AssertionError(token + " is not stored"));
    }

    /** Check 2, after each phase: the stored last use is the latest phase the token authenticated in. */
    private void checkStoredLastUse(int phase) {
      for (Issued token : tokens()) {
        Integer latest = lastAccepted.get(token.id);
        Instant expected = latest == null ? null : instantOf(latest);
        Instant actual = stored(token).lastUsedAt();
        if (!Objects.equals(expected, actual)) {
          violations.add("after phase " + phase + ", " + token + " has last use " + actual
              + ", expected " + expected + " (a lost or stray last-used write)");
        }
      }
    }

    Stats verify() {
      Stats stats = new Stats();
      stats.tokens = tokens().size();
      checkRevocations(stats);
      checkWrites(stats);
      checkRotations(stats);
      return stats;
    }

    /** Check 1: linearizable revocation, against the tickets. */
    private void checkRevocations(Stats stats) {
      Map<Long, Long> revokingFrom = new HashMap<>(); // when a revocation of it began
      for (Change c : changes) {
        // Reuse detection revokes the family, and no member can be added to it afterwards. A
        // failed rotation may have done anything a rotation does.
        boolean rotation = c.op() == Op.ROTATE || c.op() == Op.ROTATE_BY_VALUE;
        boolean wholeFamily = c.outcome() == Outcome.REUSE_DETECTED
            || (c.outcome() == Outcome.STORE_UNAVAILABLE && rotation);
        for (Issued t : wholeFamily ? c.token().family.members : List.of(c.token())) {
          revokingFrom.merge(t.id, c.start(), Math::min);
          if (c.outcome() != Outcome.STORE_UNAVAILABLE) {
            revokedFrom.merge(t.id, c.end(), Math::min);
          }
        }
        switch (c.outcome()) {
          case REVOKED -> stats.revoked++;
          case ROTATED -> stats.rotated++;
          case REUSE_DETECTED -> stats.reuse++;
          default -> { }
        }
      }
      for (Auth a : auths) {
        long id = a.token().id;
        Long revoked = revokedFrom.get(id);
        Long revoking = revokingFrom.get(id);
        boolean overlaps = revoking != null && revoking < a.end()
            && (revoked == null || a.start() < revoked);
        stats.overlapping += overlaps ? 1 : 0;
        if (a.result().isSuccess()) {
          stats.accepted++;
          stats.overlappingAccepted += overlaps ? 1 : 0;
          if (revoked != null && revoked < a.start()) {
            violations.add(a.token() + " accepted by an authentication begun at ticket " + a.start()
                + ", after a revocation of it returned at ticket " + revoked);
          }
          continue;
        }
        stats.refused++;
        FailureReason reason = ((Failure) a.result()).reason();
        // A project token's bot is deleted when its last active token is revoked.
        boolean asRevoked = reason == FailureReason.REVOKED
            || (reason == FailureReason.USER_BLOCKED && a.token().kind == Kind.PROJECT);
        if (reason == FailureReason.STORE_UNAVAILABLE) {
          storeFailures.add("authentication of " + a.token() + ": STORE_UNAVAILABLE");
        } else if (!asRevoked) {
          violations.add(a.token() + " refused as " + reason + " in phase " + a.phase());
        } else if (revoking == null || revoking > a.end()) {
          violations.add(a.token() + " refused as " + reason + " at tickets " + a.start() + ".."
              + a.end() + ", before any revocation of it began"
              + (revoking == null ? "" : " (at " + revoking + ")"));
        }
      }
    }

    /** Check 2: one write per token and interval in which it authenticated, none otherwise. */
    private void checkWrites(Stats stats) {
      Map<Long, Map<Integer, Integer>> written = new HashMap<>();
      for (Map.Entry<Long, Instant> w : writes) {
        stats.writes++;
        int phase = (int) (Duration.between(RulesFixture.START, w.getValue()).toHours()
            / PHASE_STEP.toHours());
        if (!instantOf(phase).equals(w.getValue())) {
          violations.add("last use of token " + w.getKey() + " written at " + w.getValue()
              + ", which is no phase's instant");
        }
        written.computeIfAbsent(w.getKey(), k -> new HashMap<>()).merge(phase, 1, Integer::sum);
      }
      Map<Long, Set<Integer>> acceptedIn = new HashMap<>();
      for (Auth a : auths) {
        if (a.result().isSuccess()) {
          acceptedIn.computeIfAbsent(a.token().id, k -> new TreeSet<>()).add(a.phase());
        }
      }
      for (Issued token : tokens()) {
        for (int phase = 0; phase < PHASES; phase++) {
          int expected = acceptedIn.getOrDefault(token.id, Set.of()).contains(phase) ? 1 : 0;
          int actual = written.getOrDefault(token.id, Map.of()).getOrDefault(phase, 0);
          if (actual != expected) {
            violations.add(token + ": " + actual + " last-used writes in phase " + phase
                + ", expected " + expected);
          }
        }
      }
    }

    /** Check 3: one successor per token, one active chain end per family, nothing stray stored. */
    private void checkRotations(Stats stats) {
      Map<Long, Long> successors = changes.stream().filter(c -> c.outcome() == Outcome.ROTATED)
          .collect(Collectors.groupingBy(c -> c.token().id, Collectors.counting()));
      successors.forEach((id, n) -> {
        if (n > 1) {
          violations.add("token " + id + " was rotated " + n + " times");
        }
      });
      for (Family family : families()) {
        List<Long> active = new ArrayList<>();
        for (Issued member : family.members) {
          TokenRecord record = stored(member);
          if (record.familyId() != family.rootId) {
            violations.add(member + " is stored in family " + record.familyId());
          }
          if (record.isRevoked()) {
            continue;
          }
          active.add(member.id);
          if (revokedFrom.containsKey(member.id)) {
            violations.add(member + " is active although a service call revoked it");
          }
        }
        if (active.size() > 1 || (active.size() == 1 && successors.containsKey(active.get(0)))) {
          violations.add("family " + family.rootId + " has active tokens " + active
              + " besides the end of its chain");
        }
      }
      Set<Long> storedIds = new TreeSet<>();
      for (long user : OWNERS) {
        store.find(TokenQuery.ofUser(user, TokenType.PERSONAL)).forEach(r -> storedIds.add(r.id()));
      }
      store.find(TokenQuery.ofResource(API_PROJECT, TokenType.PROJECT_ACCESS, TokenType.DEPLOY))
          .forEach(r -> storedIds.add(r.id()));
      Set<Long> issuedIds =
          tokens().stream().map(t -> t.id).collect(Collectors.toCollection(TreeSet::new));
      if (!storedIds.equals(issuedIds)) {
        Set<Long> stray = new TreeSet<>(storedIds);
        stray.removeAll(issuedIds);
        Set<Long> missing = new TreeSet<>(issuedIds);
        missing.removeAll(storedIds);
        violations.add("the store holds tokens " + stray + " the run never got, and lacks " + missing);
      }
    }
  }

  private static Op supported(Op op, Kind kind) {
    return switch (kind) {
      case PERSONAL -> op;
      case PROJECT -> op == Op.ROTATE_BY_VALUE ? Op.ROTATE : op == Op.REVOKE_BY_VALUE ? Op.REVOKE : op;
      case DEPLOY -> Op.REVOKE;
    };
  }

  /** The exception with the SQL state of the first {@link SQLException} among its causes. */
  private static String describe(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        return e.getClass().getSimpleName() + " (SQLState " + sql.getSQLState() + ")";
      }
    }
    return e.toString();
  }

  /** Every thread's stack; for threads deadlocked on JVM locks, what they wait for and who holds it. */
  private static String threadDump() {
    StringBuilder dump = new StringBuilder();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] deadlocked = threads.findDeadlockedThreads();
    if (deadlocked != null) {
      dump.append("Threads deadlocked on JVM locks:\n");
      for (ThreadInfo info : threads.getThreadInfo(deadlocked, true, true)) {
        dump.append(info);
      }
    }
    Thread.getAllStackTraces().forEach((thread, frames) -> {
      dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
      for (StackTraceElement frame : frames) {
        dump.append("    at ").append(frame).append('\n');
      }
    });
    return dump.toString();
  }
}
