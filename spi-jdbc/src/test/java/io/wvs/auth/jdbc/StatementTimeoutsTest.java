package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the store's query timeout is kept by one sweeper thread rather than the driver's
 * timer task per statement: a statement past its timeout is cancelled by the server soon after
 * (SQLState 57014, never the network timeout's broken connection), statements that end in time
 * are forgotten without being cancelled, and the sweeper ends when idle and starts again for the
 * next statement. Real embedded PostgreSQL, real statements.
 */
class StatementTimeoutsTest {
  private static TestDatabase db;
  private static HikariDataSource pool;

  @BeforeAll
  static void startDatabase() {
    db = TestDatabase.postgres();
    pool = db.pool("statement-timeouts", 2, 5_000);
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
    Integer one = sql.single("select one", StatementTimeoutsTest::selectOne);
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
