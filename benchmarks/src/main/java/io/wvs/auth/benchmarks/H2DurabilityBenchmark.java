package io.wvs.auth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.jdbc.SchemaInstaller;
import io.wvs.auth.spi.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What durability costs: personal token creation ({@code personalTokens().create}, one insert
 * transaction) per second, single thread, on an H2 file database in a fresh temporary folder,
 * once with the demo's durable URL ({@code WRITE_DELAY=0}: each commit is written to the file
 * before it returns) and once with H2's default ({@code WRITE_DELAY} 500 ms: commits are
 * acknowledged first and written up to half a second later, so a killed process loses them).
 *
 * <ul>
 *   <li>{@code h2_create_durable}: creations per second with {@code ;WRITE_DELAY=0};
 *   <li>{@code h2_create_delayed}: the same with H2's default write delay.
 * </ul>
 *
 * <p>Neither syncs to the device (H2 has no fsync per commit), so the numbers are of writes to
 * the operating system's page cache; a database that syncs its log on commit pays a device flush
 * on top.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = RatioRunner.H2_WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = RatioRunner.H2_MEASUREMENT_ITERATIONS, time = 1)
public class H2DurabilityBenchmark {
  /** The URL settings the demo uses for its embedded H2 database. */
  static final String DURABLE = ";WRITE_DELAY=0";
  /** H2's default: no setting. */
  static final String DELAYED = "";
  static final int USERS = 100;

  /** An H2 file database in a temporary folder, a pool over it and the library on top. */
  abstract static class H2 {
    Path dir;
    HikariDataSource pool;
    WvsAuth auth;
    long next;

    void open(String settings) {
      try {
        dir = Files.createTempDirectory("wvs-h2-bench");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("wvs-auth") + ";DB_CLOSE_ON_EXIT=FALSE" + settings);
      config.setUsername("sa");
      config.setPassword("");
      config.setMaximumPoolSize(2);
      pool = new HikariDataSource(config);
      SchemaInstaller.install(pool, JdbcDialect.H2);
      InMemoryUserDirectory directory = new InMemoryUserDirectory();
      for (long u = 1; u <= USERS; u++) {
        directory.put(User.regular(u, "user" + u));
      }
      auth = WvsAuth.builder()
          .tokenStore(new JdbcTokenStore(pool, JdbcDialect.H2))
          .userDirectory(directory)
          .keyring(DigestKeyring.of(InMemoryFixture.KEY_ID, InMemoryFixture.pepper()))
          .clock(Clock.systemUTC())
          .build();
    }

    CreatedToken create() {
      long user = 1 + (next++ % USERS);
      return auth.personalTokens().create(user, user, TokenSpec.of("bench", Scope.READ_API));
    }

    /** The write delay in force, read back from the database. */
    int writeDelay() throws SQLException {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
              + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
        rs.next();
        return Integer.parseInt(rs.getString(1).trim());
      }
    }

    void close() {
      pool.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The demo's durable settings. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Durable extends H2 {
    /** Opens a fresh database with {@link #DURABLE}. */
    @Setup(Level.Trial)
    public void setUp() {
      open(DURABLE);
    }

    /** Closes the pool and deletes the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  /** H2's default write delay. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Delayed extends H2 {
    /** Opens a fresh database with {@link #DELAYED}. */
    @Setup(Level.Trial)
    public void setUp() {
      open(DELAYED);
    }

    /** Closes the pool and deletes the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  /**
   * One token creation, each commit written to the file before it returns.
   *
   * @param s the durable database
   * @return the created token (consumed by JMH)
   */
  @Benchmark
  public CreatedToken h2_create_durable(Durable s) {
    return s.create();
  }

  /**
   * One token creation, commits written up to 500 ms later.
   *
   * @param s the database with H2's default write delay
   * @return the created token (consumed by JMH)
   */
  @Benchmark
  public CreatedToken h2_create_delayed(Delayed s) {
    return s.create();
  }

  /**
   * Untimed: the two databases really run with write delays 0 and 500 ms, and a created token
   * authenticates on each.
   *
   * @return the write delays, for the summary
   */
  static List<String> selfCheck() {
    Durable durable = new Durable();
    Delayed delayed = new Delayed();
    durable.setUp();
    try {
      delayed.setUp();
      try {
        int d = durable.writeDelay();
        int l = delayed.writeDelay();
        if (d != 0 || l <= 0) {
          throw new IllegalStateException("expected write delays 0 and > 0, were " + d + " and " + l);
        }
        for (H2 h2 : List.of(durable, delayed)) {
          AuthResult result = h2.auth.authenticator().authenticate(AuthRequest.api(h2.create().value(), "GET"));
          if (!(result instanceof AuthResult.Success)) {
            throw new IllegalStateException("a created token does not authenticate: " + result);
          }
        }
        return List.of("H2_WRITE_DELAY_MS durable " + d + " delayed " + l);
      } finally {
        delayed.tearDown();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      durable.tearDown();
    }
  }
}
