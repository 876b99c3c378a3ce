package io.wvs.auth.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Cancels statements that outlive their query timeout, from one daemon thread that looks every
 * {@value #SWEEP_MILLIS} ms, instead of one timer task per statement. PostgreSQL's JDBC driver
 * implements {@code setQueryTimeout} by scheduling a task on a shared {@code java.util.Timer} and
 * purging it when the statement ends, which wakes the timer thread on every statement: about a
 * fifth of the client's CPU time on a run of digest lookups, and a quarter of their throughput.
 * Here a statement costs two map writes; the sweeper cancels, with {@link Statement#cancel()}
 * (which the driver sends to the server, for this statement only while it runs), those past their
 * deadline, so a statement is cancelled between its timeout and {@value #SWEEP_MILLIS} ms after.
 * Closed statements are forgotten at the next look.
 *
 * <p>One sweeper per JVM, started by the first statement watched and ended after
 * {@value #IDLE_SECONDS} s without any. Deadlines are measured with {@link System#nanoTime()}:
 * an I/O timeout, not a time any rule is decided by.
 */
final class StatementTimeouts {
  static final long SWEEP_MILLIS = 100;
  static final long IDLE_SECONDS = 10;
  /** The one instance every store shares. */
  static final StatementTimeouts SHARED =
      new StatementTimeouts("wvs-auth-statement-timeouts", TimeUnit.SECONDS.toNanos(IDLE_SECONDS));

  private static final System.Logger LOG = System.getLogger(StatementTimeouts.class.getName());

  /** Each watched statement (by identity: neither drivers nor pools override equals) and its deadline. */
  private final Map<Statement, Long> deadlines = new ConcurrentHashMap<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final String threadName;
  private final long idleNanos;

  /** A sweeper thread named {@code threadName} that ends after {@code idleNanos} without statements. */
  StatementTimeouts(String threadName, long idleNanos) {
    this.threadName = threadName;
    this.idleNanos = idleNanos;
  }

  /** Cancels {@code statement} if it still runs {@code timeoutSeconds} from now. */
  void watch(Statement statement, int timeoutSeconds) {
    deadlines.put(statement, System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds));
    if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
      Thread sweeper = new Thread(this::sweep, threadName);
      sweeper.setDaemon(true);
      sweeper.start();
    }
  }

  /** How many statements are watched now (closed ones until the next look). */
  int watched() {
    return deadlines.size();
  }

  private void sweep() {
    long idleSince = System.nanoTime();
    try {
      while (true) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS));
        long now = System.nanoTime();
        if (deadlines.isEmpty()) {
          if (now - idleSince > idleNanos) {
            sweeping.set(false);
            // A statement watched since the look above saw the flag still set: go on for it,
            // unless another sweeper has started already.
            if (deadlines.isEmpty() || !sweeping.compareAndSet(false, true)) {
              return;
            }
          }
          continue;
        }
        idleSince = now;
        for (Map.Entry<Statement, Long> e : deadlines.entrySet()) {
          Statement statement = e.getKey();
          if (isClosed(statement)) {
            deadlines.remove(statement, e.getValue());
          } else if (now - e.getValue() >= 0) {
            deadlines.remove(statement, e.getValue());
            cancel(statement);
          }
        }
      }
    } catch (RuntimeException | Error e) {
      sweeping.set(false);
      LOG.log(System.Logger.Level.ERROR, "the statement timeout sweeper stopped", e);
    }
  }

  private static boolean isClosed(Statement statement) {
    try {
      return statement.isClosed();
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }

  private static void cancel(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException | RuntimeException e) {
      // Already ended, or the connection is gone: the network timeout ends the call then.
      LOG.log(System.Logger.Level.DEBUG, "could not cancel a statement past its timeout: {0}", e.toString());
    }
  }
}
