package io.wvs.auth.benchmarks;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.TokenAuthenticator;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.spi.TokenRecord;
import java.sql.SQLException;
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

/**
 * The JDBC authentication bars on embedded PostgreSQL, single thread (and eight for the concurrent pair), throughput in
 * ops/s (for {@code jdbc_authenticate}: authentications per second). Each benchmark runs in its own
 * fork, which starts its own server and fills it ({@link JdbcFixture}: {@value JdbcFixture#TOKENS}
 * personal tokens; the measured one already used once, so its last use is recorded and the
 * measured path writes nothing).
 *
 * <ul>
 *   <li>{@code jdbc_authenticate}: {@code TokenAuthenticator.authenticate(AuthRequest.api(token,
 *       "GET"))} (request built once) over {@link JdbcTokenStore} on a Hikari pool;
 *   <li>{@code point_select}: the raw floor on the same pool: {@code SELECT * FROM wvs_auth_tokens
 *       WHERE digest = ?} with the token's stored digest, every column read into a local;
 *   <li>{@code jdbc_authenticate_8_threads}, {@code point_select_8_threads}: the same two on
 *       {@value JdbcFixture#CLIENT_THREADS} client threads at once over the pool of
 *       {@value JdbcFixture#POOL_SIZE} connections (aggregate throughput).
 * </ul>
 *
 * <p>Fewer iterations than the in-memory suite: an operation takes tens of microseconds, so a
 * second holds thousands of them, and the set-up (server start, {@value JdbcFixture#TOKENS}
 * inserts) is paid per fork.
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

  @Benchmark
  public AuthResult jdbc_authenticate(Db s) {
    return s.authenticator.authenticate(s.request);
  }

  @Benchmark
  public long point_select(Db s) throws SQLException {
    return JdbcFixture.pointSelect(s.fixture.pool, s.digest);
  }

  /** {@code jdbc_authenticate} on eight client threads sharing the pool (aggregate throughput). */
  @Benchmark
  @Threads(JdbcFixture.CLIENT_THREADS)
  public AuthResult jdbc_authenticate_8_threads(Db s) {
    return s.authenticator.authenticate(s.request);
  }

  /** {@code point_select} on eight client threads sharing the pool (aggregate throughput). */
  @Benchmark
  @Threads(JdbcFixture.CLIENT_THREADS)
  public long point_select_8_threads(Db s) throws SQLException {
    return JdbcFixture.pointSelect(s.fixture.pool, s.digest);
  }

  @Benchmark
  public AuthResult jdbc_unknown_reject(Db s) {
    return s.authenticator.authenticate(s.unknown);
  }

  @Benchmark
  public AuthResult jdbc_revoked_reject(Db s) {
    return s.authenticator.authenticate(s.revoked);
  }
}
