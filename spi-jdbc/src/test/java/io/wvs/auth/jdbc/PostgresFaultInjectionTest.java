package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.PersonalTokenService;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real faults on a real embedded PostgreSQL, under the engine and a Hikari pool as a host wires
 * them: the backend serving a call killed with {@code pg_terminate_backend} or frozen with
 * {@code SIGSTOP} while the call is in flight, the store's query timeout firing, the pool
 * exhausted, the server stopped and started again. Calls are held in flight by a lock another session holds, or by a trigger that sleeps
 * after the call's last write (so a transaction dies with all its writes done but not committed).
 * Authentication must fail closed ({@link FailureReason#STORE_UNAVAILABLE}, never success),
 * management calls throw {@link StoreUnavailableException}, the rows are afterwards exactly as
 * before, and the next call works. The host pool has one connection, so the call after a fault
 * necessarily runs on the pool's replacement for the connection that was lost.
 *
 * <p>{@link FailClosedTest} covers lock waits at a call's first statement, a database that is
 * down for good, an unreachable port and a closed pool.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresFaultInjectionTest {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresFaultInjectionTest.class);
  private static final long ALICE = 2;
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final LocalDate EXPIRY = LocalDate.of(2026, 6, 1);
  private static final DigestKeyring KEYRING =
      DigestKeyring.of("k1", "a 32-byte pepper for fault tests".getBytes(StandardCharsets.US_ASCII));
  /** How long the host pool waits for a connection: the bound on failing closed when it has none. */
  private static final long CONNECTION_TIMEOUT_MS = 500;
  /** A call that neither returns nor fails within this has hung: the test fails instead of waiting. */
  private static final long HANG_SECONDS = 30;

  private static TestDatabase db;
  /** The host's pool: the store's only way to the database. */
  private static HikariDataSource pool;
  /** The test's own sessions: lock holders and the one that kills backends and reads rows. */
  private static HikariDataSource admin;
  private static ExecutorService inFlight;

  /** How a call in flight is interrupted. */
  enum Interruption {
    /** Its backend is killed by {@code pg_terminate_backend}: the connection drops mid-request. */
    TERMINATED(Duration.ofSeconds(HANG_SECONDS), "57P01"),
    /** Nothing is done: the store's query timeout (one second) cancels the statement. */
    TIMED_OUT(Duration.ofSeconds(1), "57014"),
    /**
     * Its backend is frozen ({@code SIGSTOP}), as a hung server or a network that drops packets:
     * the query timeout's cancel request goes unanswered; the store's bound on network waits
     * (twice the query timeout) ends the call and the driver closes the connection.
     */
    FROZEN(Duration.ofSeconds(1), "08006");

    final Duration queryTimeout;
    /** What the call fails with: admin_shutdown, query_canceled, connection failure. */
    final String sqlState;

    Interruption(Duration queryTimeout, String sqlState) {
      this.queryTimeout = queryTimeout;
      this.sqlState = sqlState;
    }
  }

  @BeforeAll
  static void startDatabase() throws SQLException {
    db = TestDatabase.restartablePostgres();
    pool = db.pool("host", 1, CONNECTION_TIMEOUT_MS);
    admin = db.pool("fault-admin", 3);
    SchemaInstaller.install(admin);
    // The pause: a trigger function that holds its statement (and transaction) in flight.
    execute("CREATE FUNCTION wvs_fault_pause() RETURNS trigger LANGUAGE plpgsql"
        + " AS $$ BEGIN PERFORM pg_sleep(" + HANG_SECONDS + "); RETURN NULL; END $$");
    inFlight = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void stopDatabase() {
    if (inFlight != null) {
      inFlight.shutdownNow();
    }
    if (db != null) {
      db.close();
    }
  }

  // --- authentication ------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Interruption.class)
  void whenAuthenticationIsInterruptedThenStoreUnavailableAndTheNextCallWorks(Interruption how)
      throws Exception {
    WvsAuth auth = auth(how);
    CreatedToken token = create(auth, "laptop");
    Future<AuthResult> result;
    try (Holder lock = hold("LOCK TABLE " + JdbcTokenStore.TABLE + " IN ACCESS EXCLUSIVE MODE")) {
      result = start(() -> authenticate(auth, token.value()));
      long failedAfter = interrupt(how, result);
      assertThat(await(result)).isInstanceOfSatisfying(AuthResult.Failure.class,
          f -> assertThat(f.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
      LOG.info("authenticate {}: failed closed {} ms after the fault", how, failedAfter);
    }
    assertRecovers(() -> assertThat(authenticate(auth, token.value()).isSuccess()).isTrue(),
        "authenticate " + how);
  }

  /**
   * Design: the last-used write is bookkeeping after the decision. Failing alone (dropped or timed
   * out) it neither denies a valid token nor is tried for an invalid one; the token's last use
   * stays unrecorded until a later authentication records it.
   */
  @ParameterizedTest
  @EnumSource(value = Interruption.class, names = {"TERMINATED", "TIMED_OUT"})
  void whenOnlyTheLastUsedWriteFailsThenTheDecisionStands(Interruption how) throws Exception {
    WvsAuth auth = auth(how);
    CreatedToken valid = create(auth, "valid");
    CreatedToken revoked = create(auth, "revoked");
    auth.personalTokens().revoke(ALICE, revoked.token().id());
    try (Holder rows = hold("SELECT id FROM " + JdbcTokenStore.TABLE + " WHERE id IN ("
        + valid.token().id() + ", " + revoked.token().id() + ") FOR UPDATE")) {
      assertThat(reason(authenticate(auth, revoked.value()))).isEqualTo(FailureReason.REVOKED);
      Future<AuthResult> result = start(() -> authenticate(auth, valid.value()));
      interrupt(how, result);
      assertThat(await(result).isSuccess()).isTrue();
    }
    assertThat(lastUsed(valid)).isNull();
    assertThat(authenticate(auth, valid.value()).isSuccess()).isTrue();
    assertThat(lastUsed(valid)).isEqualTo(NOW);
    assertThat(reason(authenticate(auth, revoked.value()))).isEqualTo(FailureReason.REVOKED);
  }

  // --- management calls: nothing half-written ------------------------------------------------

  /** (Time-outs of a transaction after its insert: the rotation tests.) */
  @Test
  void whenCreateIsInterruptedAfterItsInsertThenNoTokenIsLeft() throws Exception {
    PersonalTokenService tokens = auth(Interruption.TERMINATED).personalTokens();
    interruptAfter("INSERT", Interruption.TERMINATED, () -> tokens.create(ALICE, ALICE, spec("desktop")));

    assertRecovers(() -> tokens.create(ALICE, ALICE, spec("desktop")), "create");
    assertThat(tokens.list(ALICE, ALICE)).extracting(TokenView::name).containsOnlyOnce("desktop");
  }

  @ParameterizedTest
  @EnumSource(Interruption.class)
  void whenRotateIsInterruptedBeforeItsCommitThenTheOldTokenWorksAndNoSuccessorExists(Interruption how)
      throws Exception {
    WvsAuth auth = auth(how);
    CreatedToken old = create(auth, "ci");
    // The pause comes after the rotation's revoke and its successor's insert, before the commit.
    interruptAfter("INSERT", how, () -> auth.personalTokens().rotate(ALICE, old.token().id(), null));

    assertThat(authenticate(auth, old.value()).isSuccess()).isTrue();
    CreatedToken successor = auth.personalTokens().rotate(ALICE, old.token().id(), null);
    assertThat(reason(authenticate(auth, old.value()))).isEqualTo(FailureReason.REVOKED);
    assertThat(authenticate(auth, successor.value()).isSuccess()).isTrue();
  }

  /** (Time-outs of an update: the family revocation tests, and FailClosedTest for a lock wait.) */
  @Test
  void whenRevokeIsInterruptedThenTheTokenStaysActive() throws Exception {
    WvsAuth auth = auth(Interruption.TERMINATED);
    CreatedToken token = create(auth, "script");
    interruptAfter("UPDATE", Interruption.TERMINATED,
        () -> auth.personalTokens().revoke(ALICE, token.token().id()));

    assertThat(authenticate(auth, token.value()).isSuccess()).isTrue();
    auth.personalTokens().revoke(ALICE, token.token().id());
    assertThat(reason(authenticate(auth, token.value()))).isEqualTo(FailureReason.REVOKED);
  }

  /** Rotating a superseded token revokes its family (reuse detection): all of it, or nothing. */
  @ParameterizedTest
  @EnumSource(value = Interruption.class, names = {"TERMINATED", "TIMED_OUT"})
  void whenFamilyRevocationIsInterruptedThenTheFamilyIsAsItWas(Interruption how) throws Exception {
    WvsAuth auth = auth(how);
    CreatedToken first = create(auth, "rotated");
    CreatedToken second = auth.personalTokens().rotate(ALICE, first.token().id(), null);
    interruptAfter("UPDATE", how, () -> auth.personalTokens().rotate(ALICE, first.token().id(), null));

    assertThat(authenticate(auth, second.value()).isSuccess()).isTrue();
    assertThatThrownBy(() -> auth.personalTokens().rotate(ALICE, first.token().id(), null))
        .isInstanceOf(TokenReuseDetectedException.class);
    assertThat(reason(authenticate(auth, second.value()))).isEqualTo(FailureReason.REVOKED);
  }

  // --- pool and server ------------------------------------------------------------------------

  @Test
  void whenThePoolIsExhaustedThenStoreUnavailableWithinItsTimeoutAndLaterWorks() throws Exception {
    WvsAuth auth = auth(Interruption.TERMINATED);
    CreatedToken token = create(auth, "busy");
    List<String> before = rows();
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
        held.add(pool.getConnection());
      }
      long started = System.nanoTime();
      AuthResult result = await(start(() -> authenticate(auth, token.value())));
      LOG.info("authenticate with the pool exhausted: failed closed after {} ms (connection"
          + " timeout {} ms)", millisSince(started), CONNECTION_TIMEOUT_MS);
      assertThat(reason(result)).isEqualTo(FailureReason.STORE_UNAVAILABLE);
      PersonalTokenService tokens = auth.personalTokens();
      assertUnavailable(() -> await(start(() -> tokens.create(ALICE, ALICE, spec("more")))));
      assertUnavailable(() -> await(start(() -> tokens.revoke(ALICE, token.token().id()))));
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
    assertThat(rows()).isEqualTo(before);
    assertRecovers(() -> assertThat(authenticate(auth, token.value()).isSuccess()).isTrue(),
        "authenticate after the pool was released");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void whenTheDatabaseRestartsThenUnavailableWhileDownThenTheSameTokensAndRevocations() throws Exception {
    WvsAuth auth = auth(Interruption.TERMINATED);
    PersonalTokenService tokens = auth.personalTokens();
    CreatedToken kept = create(auth, "kept");
    CreatedToken revoked = create(auth, "revoked before the restart");
    tokens.revoke(ALICE, revoked.token().id());
    CreatedToken superseded = create(auth, "rotated before the restart");
    CreatedToken successor = tokens.rotate(ALICE, superseded.token().id(), null);
    // Used before the restart: their last use is recorded now, so later uses write nothing.
    assertThat(authenticate(auth, kept.value()).isSuccess()).isTrue();
    assertThat(authenticate(auth, successor.value()).isSuccess()).isTrue();
    List<String> before = rows();

    db.stopServer();
    try {
      // (FailClosedTest checks every store call with the database down.)
      for (CreatedToken token : List.of(kept, successor)) {
        long started = System.nanoTime();
        assertThat(reason(await(start(() -> authenticate(auth, token.value())))))
            .isEqualTo(FailureReason.STORE_UNAVAILABLE);
        LOG.info("authenticate with the database down: failed closed after {} ms", millisSince(started));
      }
    } finally {
      long started = System.nanoTime();
      db.startServer();
      LOG.info("embedded PostgreSQL restarted in {} ms", millisSince(started));
    }

    awaitRecovery(auth, kept);
    assertThat(reason(authenticate(auth, revoked.value()))).isEqualTo(FailureReason.REVOKED);
    assertThat(reason(authenticate(auth, superseded.value()))).isEqualTo(FailureReason.REVOKED);
    assertThat(authenticate(auth, successor.value()).isSuccess()).isTrue();
    assertThat(rows()).isEqualTo(before);
  }

  // --- faults -------------------------------------------------------------------------------

  /**
   * Runs {@code call} while a trigger pauses it right after its {@code event} ({@code INSERT} or
   * {@code UPDATE}) on the token table, interrupts it there, and checks that it threw
   * {@link StoreUnavailableException} and left every row as it was.
   */
  private static void interruptAfter(String event, Interruption how, Callable<?> call) throws Exception {
    List<String> before = rows();
    execute("CREATE TRIGGER wvs_fault_pause AFTER " + event + " ON " + JdbcTokenStore.TABLE
        + " FOR EACH ROW EXECUTE FUNCTION wvs_fault_pause()");
    try {
      Future<?> result = start(call);
      long failedAfter = interrupt(how, result);
      assertUnavailable(() -> await(result))
          .hasMessageContaining("SQLState " + how.sqlState);
      LOG.info("management call {} after its {}: failed closed {} ms after the fault", how, event,
          failedAfter);
    } finally {
      execute("DROP TRIGGER wvs_fault_pause ON " + JdbcTokenStore.TABLE);
    }
    assertThat(rows()).isEqualTo(before);
  }

  /**
   * Leaves {@code call}, just started, to the query timeout, or waits until its backend is stuck
   * (waiting for a lock, or in the pause) and kills or freezes it (thawing it once the call
   * ended). Returns the milliseconds from the fault (the start, the kill, the freeze) until the
   * call ended.
   */
  private static long interrupt(Interruption how, Future<?> call) throws Exception {
    long started = System.nanoTime();
    int stuck = how == Interruption.TIMED_OUT ? 0 : awaitStuckBackend(call);
    if (how == Interruption.TERMINATED) {
      started = System.nanoTime();
      try (Connection c = admin.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
        ps.setInt(1, stuck);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next() && rs.getBoolean(1)).as("terminated backend %s", stuck).isTrue();
        }
      }
    } else if (how == Interruption.FROZEN) {
      signal("STOP", stuck);
      started = System.nanoTime();
    }
    try {
      call.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // the caller checks how it ended
    } catch (TimeoutException e) {
      throw new AssertionError("the call hung for " + HANG_SECONDS + " s after the fault: " + how, e);
    } finally {
      if (how == Interruption.FROZEN) {
        signal("CONT", stuck);
      }
    }
    return millisSince(started);
  }

  /** Sends {@code SIG<name>} to process {@code pid} (a backend runs as the test's user). */
  private static void signal(String name, int pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Integer.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(HANG_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0)
        .as("kill -%s %s", name, pid).isTrue();
  }

  /** The pid of the one backend (not ours, not a lock holder) that waits for a lock or sleeps. */
  private static int awaitStuckBackend(Future<?> call) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        assertThat(call.isDone()).as("the call ended before it could be interrupted").isFalse();
        try (ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE state = 'active'"
            + " AND pid <> pg_backend_pid() AND (wait_event_type = 'Lock' OR wait_event = 'PgSleep')")) {
          if (rs.next()) {
            return rs.getInt(1);
          }
        }
        Thread.sleep(5);
      }
    }
    throw new AssertionError("the call never got stuck");
  }

  /** A transaction of another session that holds what {@code sql} locks until closed. */
  private static Holder hold(String sql) throws SQLException {
    Connection c = admin.getConnection();
    try {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      return new Holder(c);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Ends the holding transaction. */
  private record Holder(Connection connection) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      try (connection) {
        connection.rollback();
      }
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The engine over the host pool, the store giving each statement the interruption's timeout. */
  private static WvsAuth auth(Interruption how) {
    InMemoryUserDirectory alice = new InMemoryUserDirectory();
    alice.put(User.regular(ALICE, "alice"));
    return WvsAuth.builder().userDirectory(alice).keyring(KEYRING).clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .tokenStore(new JdbcTokenStore(pool, JdbcDialect.POSTGRESQL, how.queryTimeout)).build();
  }

  private static TokenSpec spec(String name) {
    return TokenSpec.of(name, Scope.READ_API).expiringOn(EXPIRY);
  }

  private static CreatedToken create(WvsAuth auth, String name) {
    return auth.personalTokens().create(ALICE, ALICE, spec(name));
  }

  private static AuthResult authenticate(WvsAuth auth, String token) {
    return auth.authenticator().authenticate(AuthRequest.api(token, "GET"));
  }

  private static FailureReason reason(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Failure.class);
    return ((AuthResult.Failure) result).reason();
  }

  private static Instant lastUsed(CreatedToken token) {
    return new JdbcTokenStore(admin, JdbcDialect.POSTGRESQL).findById(token.token().id())
        .orElseThrow().lastUsedAt();
  }

  /** Every token row, every column that changes, in id order: the state to compare. */
  private static List<String> rows() throws SQLException {
    try (Connection c = admin.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, user_id, name, digest, family_id, expires_on,"
            + " revoked_at, last_used_at FROM " + JdbcTokenStore.TABLE + " ORDER BY id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
          row.append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      s.setQueryTimeout((int) HANG_SECONDS);
      s.execute(sql);
    }
  }

  /** Runs {@code call} on another thread: in flight while the test injects the fault. */
  private static <T> Future<T> start(Callable<T> call) {
    return inFlight.submit(call);
  }

  /** The result of {@code call}, or what it threw; fails the test if it hangs. */
  private static <T> T await(Future<T> call) throws Exception {
    try {
      return call.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new AssertionError("the call hung for " + HANG_SECONDS + " s", e);
    }
  }

  /**
   * Authenticates {@code token} until it succeeds: the pool reconnects at its own pace (Hikari
   * backs off between failed connection attempts), and until it has, every answer must be
   * {@link FailureReason#STORE_UNAVAILABLE}, never another refusal.
   */
  private static void awaitRecovery(WvsAuth auth, CreatedToken token) {
    long started = System.nanoTime();
    int refused = 0;
    for (AuthResult result = authenticate(auth, token.value()); !result.isSuccess();
        result = authenticate(auth, token.value())) {
      assertThat(reason(result)).isEqualTo(FailureReason.STORE_UNAVAILABLE);
      assertThat(millisSince(started)).as("recovered within %s s", HANG_SECONDS)
          .isLessThan(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
      refused++;
    }
    LOG.info("authenticate after the restart: recovered {} ms after the database was up, after {}"
        + " STORE_UNAVAILABLE answers", millisSince(started), refused);
  }

  /** Runs {@code check} at once and logs how long the first call after the fault took. */
  private static void assertRecovers(Runnable check, String what) {
    long started = System.nanoTime();
    check.run();
    LOG.info("{}: recovered, the first call after the fault took {} ms", what, millisSince(started));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertUnavailable(ThrowingCallable call) {
    return assertThatThrownBy(call).isInstanceOf(StoreUnavailableException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wvspat-"));
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
