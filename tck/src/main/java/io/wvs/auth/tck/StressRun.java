package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.StressModel.FAMILY_WINDOW;
import static io.wvs.auth.tck.StressModel.OWNERS;
import static io.wvs.auth.tck.StressModel.PHASE_STEP;
import static io.wvs.auth.tck.StressModel.PHASE_TIMEOUT_SECONDS;
import static io.wvs.auth.tck.StressModel.SUCCESSOR_EXPIRY;
import static io.wvs.auth.tck.StressModel.WORKERS;
import static io.wvs.auth.tck.StressModel.describe;
import static io.wvs.auth.tck.StressModel.supported;
import static io.wvs.auth.tck.StressModel.threadDump;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.tck.StressModel.Auth;
import io.wvs.auth.tck.StressModel.Change;
import io.wvs.auth.tck.StressModel.Family;
import io.wvs.auth.tck.StressModel.Issued;
import io.wvs.auth.tck.StressModel.Kind;
import io.wvs.auth.tck.StressModel.Op;
import io.wvs.auth.tck.StressModel.Outcome;
import io.wvs.auth.tck.StressModel.WorkerLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One run of the store stress test ({@link StoreStressContract}): the world, the workload played
 * in phases, and what happened; {@link CheckedStressRun} checks it.
 */
class StressRun {
  final int operationsPerWorker;
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

  StressRun(TokenStore first, TokenStore second, long seed, int operationsPerWorker) {
    this.seed = seed;
    this.operationsPerWorker = operationsPerWorker;
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
  TokenStore watched(TokenStore store) {
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
  Family issue(WvsAuth auth, Kind kind, long owner) {
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

  WorkerLog work(WvsAuth auth, Random random, int phase) {
    WorkerLog log = new WorkerLog(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < operationsPerWorker; i++) {
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
  Issued pick(Random random, boolean forAuthentication) {
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

  Change change(WvsAuth auth, Op op, Issued token) {
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

  void create(WvsAuth auth, Kind kind, long owner) {
    try {
      churning.add(issue(auth, kind, owner));
    } catch (StoreUnavailableException e) {
      storeFailures.add("creation of a " + kind + " token: " + describe(e));
    }
  }

  void revoke(WvsAuth auth, Issued token) {
    switch (token.kind) {
      case PERSONAL -> auth.personalTokens().revoke(token.ownerId, token.id);
      case PROJECT -> auth.resourceTokens().revoke(BOB, API_PROJECT, token.id);
      case DEPLOY -> auth.deployTokens().revoke(BOB, API_PROJECT, token.id);
    }
  }

  List<Family> families() {
    List<Family> all = new ArrayList<>(steady);
    all.addAll(churning);
    return all;
  }

  List<Issued> tokens() {
    return families().stream().flatMap(f -> f.members.stream()).collect(Collectors.toList());
  }

  TokenRecord stored(Issued token) {
    return store.findById(token.id).orElseThrow(() -> new AssertionError(token + " is not stored"));
  }

  /** Check 2, after each phase: the stored last use is the latest phase the token authenticated in. */
  void checkStoredLastUse(int phase) {
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
}
