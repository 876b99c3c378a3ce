package io.wvs.auth.jdbc;

import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.WvsAuthException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Runs work on a connection borrowed from the host's pool: one statement or one transaction, each
 * statement with the query timeout, every read from the database bounded by twice that (the
 * connection's network timeout, unless the host set a shorter one; restored afterwards), and
 * every failure turned into the store's own: a {@link StoreUnavailableException} naming what could
 * not be done, never a raw {@link SQLException}. A unique-key violation is a result for the
 * callers that expect one ({@link #singleUnlessDuplicate}, {@link #transactionUnlessDuplicate}),
 * and a failure like any other for the rest. Immutable and thread-safe.
 */
final class SqlExecutor {
  /** Runs a driver's network-timeout abort where it is raised (drivers may not take null). */
  private static final Executor DIRECT = Runnable::run;

  private final DataSource dataSource;
  private final FirstConnectionCheck firstConnectionCheck;
  /** Whether {@link #firstConnectionCheck} has run (or is running) on a connection. */
  private final AtomicBoolean checked = new AtomicBoolean();
  private final int queryTimeoutSeconds;
  private final boolean sweptTimeouts;
  /** Twice the query timeout, in milliseconds; 0 for none. */
  private final int networkTimeoutMillis;

  /** Work on a borrowed connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** A look at the first connection borrowed (a configuration warning); it must not throw. */
  @FunctionalInterface
  interface FirstConnectionCheck {
    void check(Connection c);
  }

  /**
   * @param queryTimeout per statement, rounded up to whole seconds as JDBC counts them; zero for none
   * @param firstConnectionCheck run once, on the first connection borrowed, before its work
   * @throws IllegalArgumentException if {@code queryTimeout} is negative
   */
  SqlExecutor(DataSource dataSource, Duration queryTimeout, FirstConnectionCheck firstConnectionCheck) {
    this(dataSource, queryTimeout, false, firstConnectionCheck);
  }

  /**
   * @param sweptTimeouts whether statements past the query timeout are cancelled by the shared
   *     {@link StatementTimeouts} rather than the driver's own {@code setQueryTimeout} (for
   *     PostgreSQL's driver, whose per-statement timer costs a quarter of a lookup's throughput;
   *     its cancel is safe from another thread)
   */
  SqlExecutor(DataSource dataSource, Duration queryTimeout, boolean sweptTimeouts,
      FirstConnectionCheck firstConnectionCheck) {
    this.sweptTimeouts = sweptTimeouts;
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    this.firstConnectionCheck = Objects.requireNonNull(firstConnectionCheck, "firstConnectionCheck");
    Objects.requireNonNull(queryTimeout, "queryTimeout must not be null");
    if (queryTimeout.isNegative()) {
      throw new IllegalArgumentException("queryTimeout must not be negative, was " + queryTimeout);
    }
    long seconds = queryTimeout.plusNanos(999_999_999L).getSeconds();
    this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, seconds);
    this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, this.queryTimeoutSeconds * 2_000L);
  }

  int queryTimeoutSeconds() {
    return queryTimeoutSeconds;
  }

  /** {@code sql} prepared on {@code c} with the query timeout. */
  PreparedStatement prepare(Connection c, String sql) throws SQLException {
    return withTimeout(c.prepareStatement(sql));
  }

  /**
   * Gives {@code ps} the query timeout and returns it; closes it if that fails. With
   * {@link #sweptTimeouts} the shared {@link StatementTimeouts} cancels it instead of the driver.
   */
  PreparedStatement withTimeout(PreparedStatement ps) throws SQLException {
    if (queryTimeoutSeconds > 0 && sweptTimeouts) {
      StatementTimeouts.SHARED.watch(ps, queryTimeoutSeconds);
    } else if (queryTimeoutSeconds > 0) {
      try {
        ps.setQueryTimeout(queryTimeoutSeconds);
      } catch (SQLException | RuntimeException e) {
        try {
          ps.close();
        } catch (SQLException | RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
    return ps;
  }

  /**
   * One statement, atomic by itself. Under a pool that hands out connections without auto-commit,
   * commits it (a write) or ends the transaction the driver opened (a read).
   */
  <T> T single(String what, SqlWork<T> work) {
    return borrow(what, false, c -> runSingle(c, work));
  }

  /** As {@link #single}, but empty if the statement broke a unique key (and changed nothing). */
  <T> Optional<T> singleUnlessDuplicate(String what, SqlWork<T> work) {
    return Optional.ofNullable(borrow(what, true, c -> runSingle(c, work)));
  }

  /** Several statements in one transaction: all of them or none. */
  <T> T transaction(String what, SqlWork<T> work) {
    return borrow(what, false, c -> runTransaction(c, work));
  }

  /** As {@link #transaction}, but empty if a statement broke a unique key (all rolled back). */
  <T> Optional<T> transactionUnlessDuplicate(String what, SqlWork<T> work) {
    return Optional.ofNullable(borrow(what, true, c -> runTransaction(c, work)));
  }

  private static <T> T runSingle(Connection c, SqlWork<T> work) throws SQLException {
    return c.getAutoCommit() ? work.run(c) : commitOrRollBack(c, work);
  }

  private static <T> T runTransaction(Connection c, SqlWork<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    if (autoCommit) {
      c.setAutoCommit(false);
    }
    try {
      return commitOrRollBack(c, work);
    } finally {
      if (autoCommit) {
        restoreAutoCommit(c);
      }
    }
  }

  /** Runs {@code work} on a connection outside auto-commit: committed, or rolled back if it fails. */
  private static <T> T commitOrRollBack(Connection c, SqlWork<T> work) throws SQLException {
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c, e);
      throw e;
    }
  }

  /**
   * Work on a borrowed connection, its network waits bounded; failures become the store's own.
   * With {@code duplicateIsNull}, a unique-key violation answers null instead. Work the database
   * rolled back as a deadlock victim or a serialization failure is run again from the start, up
   * to {@value #ATTEMPTS} times in all, after a random pause that doubles with each attempt (so
   * transactions that collided do not collide again in step): the database undid all of it, and
   * the rows it read may have changed (rotations of one token on MariaDB can deadlock where InnoDB
   * locks index gaps; the loser, run again, sees the winner's rotation and reports reuse).
   */
  private <T> T borrow(String what, boolean duplicateIsNull, SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return borrowOnce(what, duplicateIsNull, work);
      } catch (StoreUnavailableException e) {
        if (attempt >= ATTEMPTS || !(e.getCause() instanceof SQLException cause)
            || !JdbcDialect.isTransientConflict(cause)) {
          throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "running again after a transient conflict ({0}): {1}",
            cause.getSQLState(), what);
        pauseBeforeAttempt(attempt + 1, e);
      }
    }
  }

  /** How many times work rolled back by a deadlock or serialization failure is run in all. */
  static final int ATTEMPTS = 6;
  /** The longest pause before the second attempt; it doubles for each attempt after that. */
  static final long FIRST_PAUSE_MILLIS = 4;

  /**
   * Waits a random time up to {@link #FIRST_PAUSE_MILLIS} doubled for each attempt after the
   * second: at most 4, 8, 16, 32 and 64 ms before the second to sixth attempts, 124 ms in all.
   * Interrupted, it gives up: {@code failure} is thrown, the interrupt kept.
   */
  private static void pauseBeforeAttempt(int attempt, StoreUnavailableException failure) {
    long bound = FIRST_PAUSE_MILLIS << (attempt - 2);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }

  private static final System.Logger LOG = System.getLogger(SqlExecutor.class.getName());

  private <T> T borrowOnce(String what, boolean duplicateIsNull, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (checked.compareAndSet(false, true)) {
        firstConnectionCheck.check(c);
      }
      int hostTimeout = boundNetworkWaits(c);
      try {
        return work.run(c);
      } finally {
        if (hostTimeout >= 0) {
          restoreNetworkTimeout(c, hostTimeout);
        }
      }
    } catch (SQLException e) {
      if (duplicateIsNull && JdbcDialect.isUniqueViolation(e)) {
        return null;
      }
      throw new StoreUnavailableException("token store unavailable: could not " + what
          + " (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ")", e);
    } catch (WvsAuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("token store unavailable: could not " + what + " ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Gives {@code c} the {@link #networkTimeoutMillis} unless its own is shorter. Returns its own,
   * to restore, or -1 if nothing was set (no bound wanted, a shorter one in place, or a driver
   * without network timeouts, where the query timeout alone bounds a call).
   */
  private int boundNetworkWaits(Connection c) throws SQLException {
    if (networkTimeoutMillis == 0) {
      return -1;
    }
    try {
      int host = c.getNetworkTimeout();
      if (host != 0 && host <= networkTimeoutMillis) {
        return -1;
      }
      c.setNetworkTimeout(DIRECT, networkTimeoutMillis);
      return host;
    } catch (SQLFeatureNotSupportedException e) {
      return -1;
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreNetworkTimeout(Connection c, int millis) {
    try {
      c.setNetworkTimeout(DIRECT, millis);
    } catch (SQLException | RuntimeException e) {
      // As for auto-commit: a connection that cannot take it back is broken, the pool's to discard.
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException | RuntimeException e) {
      // The transaction is already over; a broken connection is the pool's to discard.
    }
  }
}
