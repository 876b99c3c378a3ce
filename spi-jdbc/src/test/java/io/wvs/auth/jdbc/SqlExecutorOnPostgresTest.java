package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.StoreUnavailableException;
import java.sql.Connection;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store's executor on a real embedded PostgreSQL (one server for the class). Work the database
 * rolls back to resolve a conflict (a deadlock victim, a serialization failure) is run again from
 * the start, a bounded number of times, and any other failure is reported at once: the deadlock is a
 * real one, two transactions updating two rows in opposite orders. The query timeout is kept by
 * one sweeper thread rather than the driver's timer task per statement: a statement past its
 * timeout is cancelled by the server soon after (SQLState 57014, never the network timeout's broken
 * connection), statements that end in time are forgotten without being cancelled, and the sweeper
 * ends when idle and starts again for the next statement.
 */
class SqlExecutorOnPostgresTest {
  private static TestDatabase db;
  private static HikariDataSource pool;

  @BeforeAll
  static void startDatabase() throws SQLException {
    db = TestDatabase.postgres();
    pool = db.pool("sql-executor", 4, 5_000);
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

  /** Work rolled back by a conflict with another transaction is run again. */
  @Nested
  class TransientConflicts {



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
    void anInterruptedCallerIsNotMadeToWaitForAnotherAttempt() {
      SqlExecutor sql = new SqlExecutor(pool, Duration.ofSeconds(10), c -> { });
      AtomicInteger runs = new AtomicInteger();
      try {
        assertThatThrownBy(() -> sql.transaction("rotate token 7", c -> {
          runs.incrementAndGet();
          Thread.currentThread().interrupt(); // as a shutdown would, while the work ran
          throw new SQLException("could not serialize access", "40001");
        })).isInstanceOf(StoreUnavailableException.class)
            .hasMessage("token store unavailable: could not rotate token 7 (SQLState 40001, error 0)");
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(runs.get()).isEqualTo(1);
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

  /** Statements past the query timeout are cancelled by the shared sweeper. */
  @Nested
  class QueryTimeouts {



    @Test
    void aStatementRunningPastItsTimeoutIsCancelledByTheServerSoonAfter() {
      SqlExecutor sql = new SqlExecutor(pool, Duration.ofSeconds(1), true, c -> { });
      long started = System.nanoTime();

      assertThatThrownBy(() -> sql.single("sleep", c -> sleep(sql, c, 10)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("SQLState 57014"); // query_canceled, not a broken connection
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      // At its timeout, within one look of the sweeper (plus the cancel's round trip); before the
      // network timeout (twice the query timeout) would have ended the call.
      assertThat(millis).isBetween(1_000L, 1_900L);
      // The connection is still good: the next statement on the pool works.
      Integer one = sql.single("select one", QueryTimeouts::selectOne);
      assertThat(one).isEqualTo(1);
    }

    @Test
    void statementsThatEndInTimeAreForgottenAndNeverCancelled() throws Exception {
      StatementTimeouts timeouts = new StatementTimeouts("test-timeouts-forget", TimeUnit.SECONDS.toNanos(5));
      try (Connection c = pool.getConnection()) {
        for (int i = 0; i < 200; i++) {
          try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            timeouts.watch(ps, 1);
            ps.executeQuery().close();
          }
        }
        Thread.sleep(3 * StatementTimeouts.SWEEP_MILLIS);
        assertThat(timeouts.watched()).isZero();
        // Past the timeout of all of them: the connection runs a slow statement undisturbed.
        Thread.sleep(1_000);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(0.3)")) {
          ps.executeQuery().close();
        }
      }
    }

    @Test
    void theSweeperEndsWhenIdleAndStartsAgainForTheNextStatement() throws Exception {
      String name = "test-timeouts-idle";
      StatementTimeouts timeouts = new StatementTimeouts(name, TimeUnit.MILLISECONDS.toNanos(300));
      try (Connection c = pool.getConnection()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
          timeouts.watch(ps, 1);
          ps.executeQuery().close();
        }
        assertThat(threadNamed(name)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (threadNamed(name) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(threadNamed(name)).as("the sweeper ended when idle").isFalse();

        try (PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(10)")) {
          timeouts.watch(ps, 1);
          long started = System.nanoTime();
          assertThatThrownBy(ps::executeQuery).isInstanceOfSatisfying(SQLException.class,
              e -> assertThat(e.getSQLState()).isEqualTo("57014"));
          assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(1_000L, 1_900L);
        }
      }
    }

    private static Void sleep(SqlExecutor sql, Connection c, int seconds) throws SQLException {
      try (PreparedStatement ps = sql.prepare(c, "SELECT pg_sleep(" + seconds + ")")) {
        ps.executeQuery().close();
      }
      return null;
    }

    private static int selectOne(Connection c) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }

    private static boolean threadNamed(String name) {
      return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
  }
}
