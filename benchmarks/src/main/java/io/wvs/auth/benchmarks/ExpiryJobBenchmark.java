package io.wvs.auth.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.Scope;
import io.wvs.auth.Scopes;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.jdbc.SchemaInstaller;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.User;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the cost of the 01:00 "expires soon" job grows: with the tokens in its window, not with the
 * table. Not a JMH benchmark: one {@code main} that builds a table of {@value #TOKENS_TOTAL} tokens on
 * embedded PostgreSQL, {@value #WINDOW} of them in the job's window, runs
 * {@link ExpiryNotifications#run} twice over {@link JdbcTokenStore} and prints, per run, its wall
 * time, {@link ExpiryNotifications.RunReport#tokensRead} and the rows PostgreSQL read from the token
 * table meanwhile ({@code pg_stat_user_tables}, {@code pg_statio_user_tables},
 * {@code pg_stat_user_indexes} deltas), then {@code EXPLAIN (ANALYZE, BUFFERS)} of the window query
 * the store runs, with a custom and with a generic plan.
 *
 * <p>Set-up: {@value #BULK} rows go straight in with one {@code INSERT ... SELECT FROM
 * generate_series} (personal tokens of {@value #USERS} users, unique digests
 * {@code k1:<64 hex of the id>}, expiry spread over the next two years but outside the window,
 * except every {@value #REVOKED_EVERY}th row, which is revoked and expires inside the window, so the
 * partial expiry index has to leave it out); the {@value #WINDOW} tokens in the window are created
 * through {@link WvsAuth#personalTokens()}. Then {@code VACUUM ANALYZE}. Autovacuum is off, so nothing
 * but the job touches the table while it runs, and every statement on the table goes through one
 * pooled connection whose statistics are flushed ({@code pg_stat_force_next_flush()}, PostgreSQL
 * 15+) before each reading; the statistics are read on a connection of their own.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests \
 *   &amp;&amp; java -cp benchmarks/target/benchmarks.jar io.wvs.auth.benchmarks.ExpiryJobBenchmark
 * </pre>
 *
 * Exits non-zero when the run does not read exactly the window, when the token table was scanned
 * sequentially during a run, or when PostgreSQL fetched more heap rows than the window holds.
 */
public final class ExpiryJobBenchmark {
  static final int TOKENS_TOTAL = 1_000_000;
  static final int WINDOW = 300;
  static final int BULK = TOKENS_TOTAL - WINDOW;
  static final int USERS = 5;
  static final int REVOKED_EVERY = 500;
  /** The job runs at 01:00 UTC on this day; its window is the seven days after it. */
  static final LocalDate DAY = LocalDate.of(2025, 6, 2);
  static final Clock CLOCK =
      Clock.fixed(DAY.atTime(ExpiryNotifications.EXPIRES_SOON_AT).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

  private ExpiryJobBenchmark() {}

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    try (EmbeddedPostgres server = BenchmarkPostgres.withoutDurability()
            .setServerConfig("autovacuum", "off")
            .setServerConfig("max_wal_size", "2GB")
            .setServerConfig("maintenance_work_mem", "256MB")
            .start();
        HikariDataSource pool = pool(server);
        Connection stats = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"),
            "postgres", "")) {
      SchemaInstaller.install(pool);
      JdbcTokenStore store = new JdbcTokenStore(pool, JdbcDialect.POSTGRESQL);
      InMemoryUserDirectory directory = new InMemoryUserDirectory();
      for (long u = 1; u <= USERS; u++) {
        directory.put(User.regular(u, "user" + u));
      }
      WvsAuth auth = WvsAuth.builder()
          .tokenStore(store)
          .userDirectory(directory)
          .keyring(DigestKeyring.of(InMemoryFixture.KEY_ID, InMemoryFixture.pepper()))
          .clock(CLOCK)
          .build();

      long t0 = System.nanoTime();
      bulkInsert(pool);
      long bulkMs = millis(t0);
      t0 = System.nanoTime();
      for (int j = 0; j < WINDOW; j++) {
        long user = 1 + (j % USERS);
        auth.personalTokens().create(user, user,
            TokenSpec.of("window-" + j, Scope.READ_API).expiringOn(DAY.plusDays(1 + (j % 7))));
      }
      long apiMs = millis(t0);
      t0 = System.nanoTime();
      execute(pool, "VACUUM ANALYZE wvs_auth_tokens");
      long vacuumMs = millis(t0);
      long total = queryLong(pool, "SELECT count(*) FROM wvs_auth_tokens");
      long inWindow = queryLong(pool, "SELECT count(*) FROM wvs_auth_tokens WHERE expires_on BETWEEN '"
          + DAY.plusDays(1) + "' AND '" + DAY.plusDays(ExpiryNotifications.WARNING_DAYS)
          + "' AND revoked_at IS NULL AND type <> 'IMPERSONATION'");
      long revokedInWindow = queryLong(pool, "SELECT count(*) FROM wvs_auth_tokens WHERE expires_on"
          + " BETWEEN '" + DAY.plusDays(1) + "' AND '" + DAY.plusDays(ExpiryNotifications.WARNING_DAYS)
          + "' AND revoked_at IS NOT NULL");
      System.out.printf(Locale.ROOT, "SETUP tokens_total %d window %d revoked_in_window %d users %d"
              + " bulk_insert_ms %d api_create_ms %d vacuum_analyze_ms %d table_size %s%n",
          total, inWindow, revokedInWindow, USERS, bulkMs, apiMs, vacuumMs,
          queryString(pool, "SELECT pg_size_pretty(pg_total_relation_size('wvs_auth_tokens'))"));

      CountingNotifier notifier = new CountingNotifier();
      ExpiryNotifications job = auth.expiryNotifications(store, notifier);
      boolean ok = total == TOKENS_TOTAL && inWindow == WINDOW;
      for (int run = 1; run <= 2; run++) {
        flushStats(pool);
        Map<String, Long> before = tableStats(stats);
        int messagesBefore = notifier.messages.get();
        long start = System.nanoTime();
        ExpiryNotifications.RunReport report = job.run(ExpiryNotice.Kind.EXPIRES_SOON, DAY);
        long nanos = System.nanoTime() - start;
        flushStats(pool);
        Map<String, Long> delta = delta(before, tableStats(stats));
        int messages = notifier.messages.get() - messagesBefore;
        System.out.printf(Locale.ROOT, "EXPIRY_JOB run %d tokens_total %d window %d tokens_read %d"
                + " notices_claimed %d messages_sent %d time_ms %.1f seq_scan %d seq_tup_read %d"
                + " idx_scan %d idx_tup_fetch %d expiry_idx_tup_read %d heap_blks_hit %d"
                + " heap_blks_read %d idx_blks_hit %d idx_blks_read %d%n",
            run, total, inWindow, report.tokensRead(), report.noticesClaimed(), messages,
            nanos / 1e6, delta.get("seq_scan"), delta.get("seq_tup_read"), delta.get("idx_scan"),
            delta.get("idx_tup_fetch"), delta.get("expiry_idx_tup_read"), delta.get("heap_blks_hit"),
            delta.get("heap_blks_read"), delta.get("idx_blks_hit"), delta.get("idx_blks_read"));
        ok &= report.tokensRead() == WINDOW && delta.get("seq_scan") == 0
            && delta.get("idx_tup_fetch") <= WINDOW
            && (run == 1 ? report.noticesClaimed() == WINDOW && messages == USERS
                : report.noticesClaimed() == 0 && messages == 0);
      }

      String sql = findExpiringSql();
      System.out.println("WINDOW_QUERY " + sql);
      String params = "'IMPERSONATION', '" + DAY.plusDays(1) + "', '"
          + DAY.plusDays(ExpiryNotifications.WARNING_DAYS) + "', '" + DAY.plusDays(1) + "', '"
          + DAY.plusDays(1) + "', 0, 500";
      try (Statement s = stats.createStatement()) {
        s.execute("PREPARE find_expiring(varchar, date, date, date, date, bigint, int) AS " + numbered(sql));
        for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
          s.execute("SET plan_cache_mode = " + mode);
          System.out.println("EXPLAIN (ANALYZE, BUFFERS) plan_cache_mode=" + mode
              + " EXECUTE find_expiring(" + params + ")");
          try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE find_expiring(" + params + ")")) {
            while (rs.next()) {
              String line = rs.getString(1);
              System.out.println("  " + line);
              if (line.contains("Seq Scan") || line.contains("wvs_auth_tokens_pkey")) {
                ok = false;
              }
            }
          }
        }
        s.execute("RESET plan_cache_mode");
      }
      System.out.printf(Locale.ROOT, "EXPIRY_JOB total_benchmark_s %.1f %s%n", millis(started) / 1000.0,
          ok ? "OK" : "FAILED");
      if (!ok) {
        System.exit(1);
      }
    }
  }

  /** Counts messages and the tokens they list. */
  static final class CountingNotifier implements Notifier {
    final AtomicInteger messages = new AtomicInteger();
    final AtomicInteger tokens = new AtomicInteger();

    @Override
    public void send(ExpiryNotice notice) {
      messages.incrementAndGet();
      tokens.addAndGet(notice.tokens().size());
    }
  }

  /**
   * One connection: every statement on the token table (set-up and job) runs on the same backend,
   * so one forced flush makes all of its statistics visible.
   */
  private static HikariDataSource pool(EmbeddedPostgres server) {
    return BenchmarkPostgres.pool(server, "wvs-expiry-bench", 1);
  }

  /**
   * {@value #BULK} personal tokens in one statement, every NOT NULL column set: ids 1..BULK (the
   * identity is moved past them afterwards), unique digests, expiry on day 8 to 730 after
   * {@link #DAY} in an order unrelated to the id, except every {@value #REVOKED_EVERY}th row, revoked
   * and expiring inside the window.
   */
  private static void bulkInsert(HikariDataSource pool) throws SQLException {
    String today = "DATE '" + DAY + "'";
    String scopes = Scopes.format(List.of(Scope.READ_API));
    execute(pool, "INSERT INTO wvs_auth_tokens (id, type, user_id, name, scopes, digest, created_at,"
        + " expires_on, revoked_at, family_id, created_by)"
        + " SELECT i, 'PERSONAL', 1 + i % " + USERS + ", 'bulk-' || i, '" + scopes + "',"
        + " '" + InMemoryFixture.KEY_ID + ":' || lpad(to_hex(i), 64, '0'),"
        + " TIMESTAMP '2025-01-01 00:00:00' + (i % 100000) * INTERVAL '1 minute',"
        + " CASE WHEN i % " + REVOKED_EVERY + " = 0 THEN " + today + " + 1 + (i % 7)"
        + "      ELSE " + today + " + 8 + ((i::bigint * 7919) % 723)::int END,"
        + " CASE WHEN i % " + REVOKED_EVERY + " = 0 THEN TIMESTAMP '2025-05-01 00:00:00' END,"
        + " i, 1 + i % " + USERS
        + " FROM generate_series(1, " + BULK + ") AS i");
    execute(pool, "SELECT setval(pg_get_serial_sequence('wvs_auth_tokens', 'id'),"
        + " (SELECT max(id) FROM wvs_auth_tokens))");
  }

  /** Makes the pooled backend's pending statistics visible to other sessions (PostgreSQL 15+). */
  private static void flushStats(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_force_next_flush()");
      s.execute("SELECT 1");
    }
  }

  private static Map<String, Long> tableStats(Connection stats) throws SQLException {
    Map<String, Long> values = new LinkedHashMap<>();
    try (Statement s = stats.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      read(s, "SELECT seq_scan, seq_tup_read, coalesce(idx_scan, 0) AS idx_scan,"
          + " coalesce(idx_tup_fetch, 0) AS idx_tup_fetch"
          + " FROM pg_stat_user_tables WHERE relname = 'wvs_auth_tokens'", values);
      read(s, "SELECT heap_blks_hit, heap_blks_read, coalesce(idx_blks_hit, 0) AS idx_blks_hit,"
          + " coalesce(idx_blks_read, 0) AS idx_blks_read"
          + " FROM pg_statio_user_tables WHERE relname = 'wvs_auth_tokens'", values);
      read(s, "SELECT idx_tup_read AS expiry_idx_tup_read FROM pg_stat_user_indexes"
          + " WHERE indexrelname = 'wvs_auth_tokens_expiry_id_idx'", values);
    }
    return values;
  }

  private static void read(Statement s, String sql, Map<String, Long> into) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no statistics: " + sql);
      }
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        into.put(rs.getMetaData().getColumnLabel(i), rs.getLong(i));
      }
    }
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> d = new LinkedHashMap<>();
    after.forEach((k, v) -> d.put(k, v - before.get(k)));
    return d;
  }

  /** The store's own window query (its private constant), so the plan shown is the one it runs. */
  private static String findExpiringSql() throws ReflectiveOperationException {
    Field f = JdbcTokenStore.class.getDeclaredField("FIND_EXPIRING");
    f.setAccessible(true);
    return (String) f.get(null);
  }

  /** {@code ?} placeholders as {@code $1, $2, ...} for PREPARE. */
  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') {
        out.append('$').append(++n);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private static void execute(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** On the pooled connection: statistics of other sessions must not reach the token table. */
  private static long queryLong(HikariDataSource pool, String sql) throws SQLException {
    return firstColumn(pool, sql, rs -> rs.getLong(1));
  }

  private static String queryString(HikariDataSource pool, String sql) throws SQLException {
    return firstColumn(pool, sql, rs -> rs.getString(1));
  }

  /** The first row's value that {@code column} reads, on a pooled connection. */
  private static <T> T firstColumn(HikariDataSource pool, String sql, FirstColumn<T> column)
      throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return column.read(rs);
    }
  }

  /** Reads a value from the current row. */
  @FunctionalInterface
  private interface FirstColumn<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
