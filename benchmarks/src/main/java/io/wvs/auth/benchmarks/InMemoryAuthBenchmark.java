package io.wvs.auth.benchmarks;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.TokenAuthenticator;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.spi.TokenRecord;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The in-memory authentication bars of DESIGN.md, single thread, throughput in ops/s. The method
 * names are the names {@link RatioRunner} reports and divides.
 *
 * <ul>
 *   <li>{@code authenticate_valid}: {@code TokenAuthenticator.authenticate} of a valid personal
 *       token ({@code AuthRequest.api(token, "GET")}, built once) over {@link InMemoryTokenStore};
 *       its last use is already recorded, so the measured path writes nothing;
 *   <li>{@code authenticate_valid_threads_interleaved}: the same on one authenticator and store
 *       shared by two JMH threads, in turns of one iteration: in one turn both threads
 *       authenticate ({@code authenticate_valid_2_threads}, aggregate throughput), in the next
 *       one thread only parks ({@code authenticate_valid_1_thread}: each thread is the one alone
 *       in every other such turn, so both cores count); the runner splits the
 *       iterations by turn ({@link #PAIRS}), for the two-core scaling bar. Two forks a minute
 *       apart differ on a shared machine by more than the bar's margin; alternating windows of
 *       one fork see the same machine. A parked thread counts one operation per
 *       {@value #PARK_NANOS} ns, about 200 a second against millions;
 *   <li>{@code floor}: what no implementation can avoid: HMAC-SHA256 of the same token with the same
 *       pepper (one {@link Mac} reused by the thread) and one {@link ConcurrentHashMap#get} keyed by
 *       the hex digest; {@code floor_threads_interleaved}, split into {@code floor_1_thread} and
 *       {@code floor_2_threads}, runs it in the turns of the two-thread pair, each thread with its
 *       own: what the machine gives a second thread, printed beside that bar;
 *   <li>{@code forged_reject}: the same token with its last checksum character changed, refused as
 *       {@code MALFORMED}; the store is a {@link CountingTokenStore} and the trial fails if it was
 *       called (its allocation bar);
 *   <li>{@code forged_interleaved}: {@code authenticate_valid} and {@code forged_reject} on one
 *       authenticator in turns of one iteration, split by the runner into
 *       {@code authenticate_valid_beside_forged} and {@code forged_reject_beside_valid}, the
 *       forged-token bar's pair: in one fork both see the same machine and the same compiled
 *       authentication (as a server refusing some tokens and accepting others does);
 *   <li>{@code refusals_interleaved}, split by the runner into {@code revoked_reject} and
 *       {@code unknown_reject}: a known token that was revoked, and a well-formed token this store
 *       never held, through the same authenticator in turns of one iteration: both are one digest
 *       and one store lookup, and their throughputs should not differ (the time to refuse a token
 *       must not tell whether it ever existed).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = RatioRunner.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = RatioRunner.MEASUREMENT_ITERATIONS, time = 1)
public class InMemoryAuthBenchmark {

  /** State of {@code authenticate_valid}. */
  @State(Scope.Thread)
  public static class Valid {
    TokenAuthenticator authenticator;
    AuthRequest request;

    @Setup(Level.Trial)
    public void setUp() {
      InMemoryFixture f = InMemoryFixture.create();
      authenticator = f.auth.authenticator();
      request = f.validRequest();
    }
  }

  /**
   * State of {@code authenticate_valid_threads_interleaved}: one authenticator over one store,
   * shared by both threads, as a server's request threads share them.
   */
  @State(Scope.Benchmark)
  public static class Turns {
    TokenAuthenticator authenticator;
    AuthRequest request;

    @Setup(Level.Trial)
    public void setUp() {
      InMemoryFixture f = InMemoryFixture.create();
      authenticator = f.auth.authenticator();
      request = f.validRequest();
    }
  }

  /**
   * Which of the two threads of a one-and-two-thread pair this is, and whether it sits out a
   * one-thread turn: the threads take turns at being the one alone, the first in the first round.
   */
  @State(Scope.Thread)
  public static class Seat {
    int index;

    @Setup(Level.Trial)
    public void setUp(ThreadParams threads) {
      index = threads.getThreadIndex();
    }

    /**
     * Parks for {@value InMemoryAuthBenchmark#PARK_NANOS} ns and answers true when this thread sits out this iteration
     * (a one-thread turn whose thread is the other one); else answers false at once.
     */
    boolean satOut(Turn turn) {
      if (turn.first && index != (turn.round & 1)) {
        LockSupport.parkNanos(PARK_NANOS);
        return true;
      }
      return false;
    }
  }

  /** How long the idle thread parks per operation in a one-thread turn. */
  static final long PARK_NANOS = 5_000_000;

  /** The interleaved benchmark of this class: the runner splits it into its two throughputs. */
  static final List<RatioRunner.Interleaved> PAIRS = List.of(
      new RatioRunner.Interleaved("authenticate_valid_threads_interleaved",
          "authenticate_valid_1_thread", "authenticate_valid_2_threads"),
      new RatioRunner.Interleaved("floor_threads_interleaved", "floor_1_thread", "floor_2_threads"),
      new RatioRunner.Interleaved("forged_interleaved", "authenticate_valid_beside_forged",
          "forged_reject_beside_valid"),
      new RatioRunner.Interleaved("refusals_interleaved", "revoked_reject", "unknown_reject"));

  /** State of {@code floor}: per thread, like {@code DigestKeyring}'s thread-local {@link Mac}. */
  @State(Scope.Thread)
  public static class Floor {
    Mac mac;
    ConcurrentHashMap<String, TokenRecord> byDigest;
    String token;

    @Setup(Level.Trial)
    public void setUp() {
      InMemoryFixture f = InMemoryFixture.create();
      mac = InMemoryFixture.newMac();
      token = f.token;
      byDigest = new ConcurrentHashMap<>();
      byDigest.put(InMemoryFixture.floorKey(mac, token), f.record);
    }
  }

  /**
   * State of {@code forged_reject} and {@code forged_interleaved}: one authenticator, a valid and a
   * forged request. The store counts calls: a forged refusal makes none, so the trial fails unless
   * every store call was a valid authentication's (none for {@code forged_reject}).
   */
  @State(Scope.Thread)
  public static class Forged {
    CountingTokenStore store;
    TokenAuthenticator authenticator;
    AuthRequest valid;
    AuthRequest forged;
    private long validCalls;

    @Setup(Level.Trial)
    public void setUp() {
      store = new CountingTokenStore(new InMemoryTokenStore());
      InMemoryFixture f = InMemoryFixture.over(store);
      authenticator = f.auth.authenticator();
      valid = f.validRequest();
      forged = f.forgedRequest();
      store.reset();
    }

    @TearDown(Level.Trial)
    public void onlyValidCallsReachedTheStore() {
      if (store.calls() != validCalls) {
        throw new IllegalStateException("the token store was called " + store.calls() + " times for "
            + validCalls + " valid authentications; a forged token must be refused before any store call");
      }
    }
  }

  /**
   * State of {@code refusals_interleaved}: one fixture, two refused tokens.
   */
  @State(Scope.Thread)
  public static class Refused {
    TokenAuthenticator authenticator;
    AuthRequest unknown;
    AuthRequest revoked;

    @Setup(Level.Trial)
    public void setUp() {
      InMemoryFixture f = InMemoryFixture.create();
      authenticator = f.auth.authenticator();
      unknown = AuthRequest.api(InMemoryFixture.unknownToken(), "GET");
      revoked = AuthRequest.api(f.revokedToken(), "GET");
    }
  }

  @Benchmark
  public AuthResult authenticate_valid(Valid s) {
    return s.authenticator.authenticate(s.request);
  }

  /**
   * {@code authenticate_valid} on two threads over one shared authenticator and store, in turns:
   * one thread alone while the other parks, then both (JMH reports the two threads' aggregate
   * throughput of each iteration). The threads take turns at being the one alone (the first in
   * the first round, the second in the next, and so on), so the one-thread figure is measured on
   * both cores, as the two-thread figure is: on a shared machine one core at times runs slower than
   * the other, and one thread always alone would compare both cores with whichever it sat on.
   */
  @Benchmark
  @Threads(2)
  @Fork(RatioRunner.PAIR_FORKS)
  @Warmup(iterations = 8, time = 1)
  @Measurement(iterations = 12, time = 1)
  public AuthResult authenticate_valid_threads_interleaved(Turns s, Seat seat, Turn turn) {
    return seat.satOut(turn) ? null : s.authenticator.authenticate(s.request);
  }

  @Benchmark
  public TokenRecord floor(Floor s) {
    return s.byDigest.get(InMemoryFixture.floorKey(s.mac, s.token));
  }

  /**
   * {@code floor} on two threads, each with its own {@link Mac} and map (nothing shared), in the
   * turns of {@code authenticate_valid_threads_interleaved}: what this machine gives a second
   * thread at all, in the same run. Printed beside the two-thread bar, not a bar itself: when the
   * machine's other tenants take a core, the raw primitive does not scale either.
   */
  @Benchmark
  @Threads(2)
  @Fork(RatioRunner.PAIR_FORKS)
  @Warmup(iterations = 8, time = 1)
  @Measurement(iterations = 12, time = 1)
  public TokenRecord floor_threads_interleaved(Floor s, Seat seat, Turn turn) {
    return seat.satOut(turn) ? null : s.byDigest.get(InMemoryFixture.floorKey(s.mac, s.token));
  }

  @Benchmark
  public AuthResult forged_reject(Forged s) {
    return s.authenticator.authenticate(s.forged);
  }

  /**
   * A valid authentication in one iteration, a forged token's refusal in the next, and so on, on
   * one authenticator: the runner splits the turns ({@link #PAIRS}).
   */
  @Benchmark
  @Warmup(iterations = 8, time = 1)
  @Measurement(iterations = 12, time = 1)
  public AuthResult forged_interleaved(Forged s, Turn turn) {
    if (turn.first) {
      s.validCalls++;
      return s.authenticator.authenticate(s.valid);
    }
    return s.authenticator.authenticate(s.forged);
  }

  /**
   * A revoked token's refusal in one iteration, an unknown token's in the next, and so on, on one
   * authenticator: the runner splits the turns ({@link #PAIRS}).
   */
  @Benchmark
  @Warmup(iterations = 8, time = 1)
  @Measurement(iterations = 12, time = 1)
  public AuthResult refusals_interleaved(Refused s, Turn turn) {
    return s.authenticator.authenticate(turn.first ? s.revoked : s.unknown);
  }
}
