package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.StoreUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Work the database rolls back to resolve a conflict (a deadlock victim, a serialization failure)
 * is run again from the start, a bounded number of times; any other failure is reported at once.
 * The deadlock is a real one, on a real embedded PostgreSQL: two transactions update two rows in
 * opposite orders.
 */
class TransientConflictRetryTest {
  private static TestDatabase db;
  private static HikariDataSource pool;

  @BeforeAll
  static void startDatabase() throws SQLException {
    db = TestDatabase.postgres();
    pool = db.pool("transient-conflicts", 4, 5_000);
    try (var c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL)");
      s.execute("INSERT INTO counters VALUES (1, 0), (2, 0)");
      // Detect the deadlock quickly (the default is one second).
      s.execute("ALTER DATABASE " + c.getCatalog() + " SET deadlock_timeout = '100ms'");
    }
    pool.getHikariPoolMXBean().softEvictConnections();
  }

  @AfterAll
  static void stopDatabase() {
    if (pool != null) {
      pool.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theVictimOfARealDeadlockIsRunAgainAndBothTransactionsCommit() throws Exception {
    SqlExecutor sql = new SqlExecutor(pool, Duration.ofSeconds(10), c -> { });
    CyclicBarrier firstUpdatesDone = new CyclicBarrier(2);
    AtomicInteger runs = new AtomicInteger();
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = two.submit(() -> incrementBoth(sql, 1, 2, firstUpdatesDone, runs));
      Future<?> b = two.submit(() -> incrementBoth(sql, 2, 1, firstUpdatesDone, runs));

      a.get(30, TimeUnit.SECONDS); // throws if the transaction failed
      b.get(30, TimeUnit.SECONDS);
    } finally {
      two.shutdownNow();
    }
    assertThat(runs.get()).as("two transactions, one of them run again").isEqualTo(3);
    assertThat(counter(1)).isEqualTo(2);
    assertThat(counter(2)).isEqualTo(2);
  }

  @Test
  void aConflictThatKeepsRecurringIsReportedAfterTheLastAttempt() {
    SqlExecutor sql = new SqlExecutor(pool, Duration.ofSeconds(10), c -> { });
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> sql.transaction("rotate token 7", c -> {
      runs.incrementAndGet();
      throw new SQLException("could not serialize access", "40001");
    })).isInstanceOf(StoreUnavailableException.class)
        .hasMessage("token store unavailable: could not rotate token 7 (SQLState 40001, error 0)");
    assertThat(runs.get()).isEqualTo(SqlExecutor.ATTEMPTS);
  }

  @Test
  void anyOtherFailureIsReportedAtOnce() {
    SqlExecutor sql = new SqlExecutor(pool, Duration.ofSeconds(10), c -> { });
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> sql.single("read token 7", c -> {
      runs.incrementAndGet();
      throw new SQLException("syntax error", "42601");
    })).isInstanceOf(StoreUnavailableException.class);
    assertThat(runs.get()).isEqualTo(1);
  }

  /**
   * In one transaction, adds one to row {@code first}, waits (on the first two runs only) until
   * the other transaction has done the same to its first row, then adds one to row {@code second}.
   */
  private static void incrementBoth(SqlExecutor sql, int first, int second, CyclicBarrier barrier,
      AtomicInteger runs) {
    sql.transaction("increment both", c -> {
      int run = runs.incrementAndGet();
      increment(c, first);
      if (run <= 2) {
        try {
          barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      increment(c, second);
      return null;
    });
  }

  private static void increment(java.sql.Connection c, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE counters SET n = n + 1 WHERE id = ?")) {
      ps.setInt(1, id);
      ps.executeUpdate();
    }
  }

  private static int counter(int id) throws SQLException {
    try (var c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT n FROM counters WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
