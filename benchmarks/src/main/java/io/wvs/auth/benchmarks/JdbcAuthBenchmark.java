package io.wvs.auth.benchmarks;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.TokenAuthenticator;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.spi.TokenRecord;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JDBC authentication bars on embedded PostgreSQL, throughput in ops/s. Each benchmark runs in
 * its own fork, which starts its own server and fills it ({@link JdbcFixture}:
 * {@value JdbcFixture#TOKENS} personal tokens; the measured one already used once, so its last use
 * is recorded and the measured path writes nothing).
 *
 * <p>Each bar compares two operations, and each pair runs <em>interleaved</em> in one benchmark:
 * iteration by iteration (warm-up included), the benchmark runs the first operation, then the
 * second, then the first again, on the same server, pool and threads; the runner splits the
 * iterations by turn into the two throughputs ({@link #PAIRS}). Two forks a minute apart
 * differ on a shared 2-core machine by up to a fifth in either direction (the point selects of
 * one build measured 42,600 a second in one fork and 32,800 in the next), which is more than the
 * difference a bar looks for; alternating one-second windows in one fork see the same machine.
 *
 * <ul>
 *   <li>{@code jdbc_interleaved}: {@code jdbc_authenticate}, that is
 *       {@code TokenAuthenticator.authenticate(AuthRequest.api(token, "GET"))} (request built
 *       once) over {@link JdbcTokenStore} on a Hikari pool, against {@code point_select}, the raw
 *       floor on the same pool: {@code SELECT * FROM wvs_auth_tokens WHERE digest = ?} with the
 *       token's stored digest, every column read into a local; one thread;
 *   <li>{@code jdbc_8_threads_interleaved}: the same two, {@code jdbc_authenticate_8_threads}
 *       against {@code point_select_8_threads}, on {@value JdbcFixture#CLIENT_THREADS} client
 *       threads at once over the pool of {@value JdbcFixture#POOL_SIZE} connections (aggregate
 *       throughput);
 *   <li>{@code jdbc_refusals_interleaved}: {@code jdbc_revoked_reject} (a revoked token's row is
 *       found and refused) against {@code jdbc_unknown_reject} (no row); one thread.
 * </ul>
 *
 * <p>Fewer iterations than the in-memory suite: an operation takes tens of microseconds, so a
 * second holds thousands of them, and the set-up (server start, {@value JdbcFixture#TOKENS}
 * inserts) is paid per fork. An even number of measurement iterations gives each operation half.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = RatioRunner.JDBC_WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = RatioRunner.JDBC_MEASUREMENT_ITERATIONS, time = 1)
public class JdbcAuthBenchmark {

  /** One server, pool and token per fork, shared by the benchmark's threads. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Db {
    JdbcFixture fixture;
    TokenAuthenticator authenticator;
    AuthRequest request;
    AuthRequest unknown;
    AuthRequest revoked;
    String digest;

    @Setup(Level.Trial)
    public void setUp() {
      fixture = JdbcFixture.start();
      authenticator = fixture.auth.authenticator();
      request = fixture.request();
      unknown = AuthRequest.api(InMemoryFixture.unknownToken(), "GET");
      revoked = AuthRequest.api(fixture.revokedToken(), "GET");
      digest = fixture.digest;
    }

    /** Fails the run if anything wrote the token's last use during the trial; stops the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        TokenRecord after = fixture.store.findById(fixture.record.id()).orElseThrow();
        if (!Objects.equals(after.lastUsedAt(), fixture.record.lastUsedAt())) {
          throw new IllegalStateException("the token's last use changed during the trial (from "
              + fixture.record.lastUsedAt() + " to " + after.lastUsedAt() + "): the measured path wrote");
        }
      } finally {
        fixture.close();
      }
    }
  }

  /** The interleaved benchmarks of this class: the runner splits each into its two throughputs. */
  static final List<RatioRunner.Interleaved> PAIRS = List.of(
      new RatioRunner.Interleaved("jdbc_interleaved", "jdbc_authenticate", "point_select"),
      new RatioRunner.Interleaved("jdbc_8_threads_interleaved", "jdbc_authenticate_8_threads",
          "point_select_8_threads"),
      new RatioRunner.Interleaved("jdbc_refusals_interleaved", "jdbc_revoked_reject",
          "jdbc_unknown_reject"));

  @Benchmark
  public void jdbc_interleaved(Db s, Turn turn, Blackhole bh) throws SQLException {
    authenticateOrSelect(s, turn, bh);
  }

  @Benchmark
  @Threads(JdbcFixture.CLIENT_THREADS)
  public void jdbc_8_threads_interleaved(Db s, Turn turn, Blackhole bh) throws SQLException {
    authenticateOrSelect(s, turn, bh);
  }

  @Benchmark
  public AuthResult jdbc_refusals_interleaved(Db s, Turn turn) {
    return s.authenticator.authenticate(turn.first ? s.revoked : s.unknown);
  }

  private static void authenticateOrSelect(Db s, Turn turn, Blackhole bh) throws SQLException {
    if (turn.first) {
      bh.consume(s.authenticator.authenticate(s.request));
    } else {
      bh.consume(JdbcFixture.pointSelect(s.fixture.pool, s.digest));
    }
  }
}
