package io.wvs.auth.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.jdbc.SchemaInstaller;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The world the JDBC benchmarks measure: an embedded PostgreSQL server (zonky, started here), a
 * Hikari pool over it, the bundled schema ({@link SchemaInstaller}), and a {@link WvsAuth} over
 * {@link JdbcTokenStore} and an {@link InMemoryUserDirectory}, with the fixed clock and pepper of
 * {@link InMemoryFixture}. The table holds {@value #TOKENS} personal tokens of {@value #USERS} users
 * (so the digest index, not a scan of a tiny table, finds the row); the measured token is one in
 * the middle, already authenticated once, so its last use is recorded and authenticating it again
 * writes nothing. Also {@link #pointSelect}, the raw floor, and {@link #selfCheck()}.
 *
 * <p>The server runs with {@code fsync}, {@code synchronous_commit} and {@code full_page_writes}
 * off: that only speeds up creating the tokens in set-up; the measured paths write nothing.
 */
final class JdbcFixture implements AutoCloseable {
  static final int TOKENS = 10_000;
  static final int USERS = 100;
  /** The floor's statement: the same row through the same unique digest index, every column. */
  static final String POINT_SELECT = "SELECT * FROM wvs_auth_tokens WHERE digest = ?";
  /** The columns {@code SELECT *} returns, in order (those {@link JdbcTokenStore} reads). */
  static final List<String> COLUMNS = List.of("id", "type", "user_id", "resource_kind", "resource_id",
      "name", "scopes", "digest", "created_at", "expires_on", "revoked_at", "last_used_at", "family_id",
      "created_by", "username", "sealed_secret", "description", "last_used_ips", "last_used_ips_added",
      "rotation_grace_until");
  /** Client threads of the concurrent pair. */
  static final int CLIENT_THREADS = 8;
  /** One connection per client thread of the concurrent pair: no thread waits for a connection. */
  static final int POOL_SIZE = CLIENT_THREADS;

  private final EmbeddedPostgres server;
  final HikariDataSource pool;
  final JdbcTokenStore store;
  final WvsAuth auth;
  /** The measured personal token. */
  final String token;
  /** Its record after its first use. */
  final TokenRecord record;
  /** Its current digest as the store keeps it ({@code k1:<hex>}): the floor's key. */
  final String digest;

  /**
   * Starts the server and fills the store. {@code storeDataSource} wraps the pool for the store (a
   * {@link CountingDataSource}, say), or returns it as it is.
   */
  private JdbcFixture(java.util.function.Function<DataSource, DataSource> storeDataSource) {
    try {
      server = BenchmarkPostgres.withoutDurability().start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
    HikariDataSource p = null;
    try {
      p = BenchmarkPostgres.pool(server, "wvs-bench", POOL_SIZE);
      pool = p;
      SchemaInstaller.install(pool);
      store = new JdbcTokenStore(storeDataSource.apply(pool), JdbcDialect.POSTGRESQL);
      InMemoryUserDirectory directory = new InMemoryUserDirectory();
      for (long u = 1; u <= USERS; u++) {
        directory.put(User.regular(u, "user" + u));
      }
      auth = WvsAuth.builder()
          .tokenStore(store)
          .userDirectory(directory)
          .keyring(DigestKeyring.of(InMemoryFixture.KEY_ID, InMemoryFixture.pepper()))
          .clock(InMemoryFixture.CLOCK)
          .build();
      token = createTokens(auth);
      analyze(pool);
      AuthResult first = auth.authenticator().authenticate(request());
      if (!(first instanceof AuthResult.Success ok && ok.via() instanceof AuthResult.Via.Token token)) {
        throw new IllegalStateException("fixture token does not authenticate: " + first);
      }
      record = store.findById(token.id())
          .orElseThrow(() -> new IllegalStateException("fixture token not in the store"));
      if (record.lastUsedAt() == null) {
        throw new IllegalStateException("last use was not recorded by the first authentication");
      }
      digest = record.digest().encoded();
    } catch (RuntimeException | Error e) {
      if (p != null) {
        p.close();
      }
      stopQuietly(server, e);
      throw e;
    }
  }

  /** A fixture whose store uses the pool directly, as the timed benchmarks do. */
  static JdbcFixture start() {
    return new JdbcFixture(ds -> ds);
  }

  /**
   * Creates {@value #TOKENS} personal tokens ({@value #USERS} users, round robin) through the public
   * API, on {@code POOL_SIZE} threads; returns the value of the one in the middle.
   */
  private static String createTokens(WvsAuth auth) {
    int middle = TOKENS / 2;
    ExecutorService workers = Executors.newFixedThreadPool(POOL_SIZE);
    try {
      List<Future<String>> batches = new ArrayList<>();
      for (int w = 0; w < POOL_SIZE; w++) {
        int worker = w;
        batches.add(workers.submit(() -> {
          String found = null;
          for (int i = worker; i < TOKENS; i += POOL_SIZE) {
            long user = 1 + (i % USERS);
            String value = auth.personalTokens()
                .create(user, user, TokenSpec.of("bench-" + i, Scope.READ_API)).value();
            if (i == middle) {
              found = value;
            }
          }
          return found;
        }));
      }
      String token = null;
      for (Future<String> batch : batches) {
        String found = batch.get();
        if (found != null) {
          token = found;
        }
      }
      return Objects.requireNonNull(token, "middle token not created");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating tokens", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not create the tokens", e.getCause());
    } finally {
      workers.shutdownNow();
    }
  }

  /**
   * Vacuums the freshly filled table and refreshes its planner statistics: the plans do not depend
   * on when autovacuum last ran, and autovacuum (due after so many inserts) does not start in the
   * middle of a measurement.
   */
  private static void analyze(DataSource ds) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE wvs_auth_tokens");
    } catch (SQLException e) {
      throw new IllegalStateException("VACUUM ANALYZE failed", e);
    }
  }

  /** A new token of a fixture user, revoked at once: in the table, refused as revoked. */
  String revokedToken() {
    CreatedToken created = auth.personalTokens()
        .create(1, 1, TokenSpec.of("revoked", Scope.READ_API));
    auth.personalTokens().revoke(1, created.token().id());
    return created.value();
  }

  /** The request {@code jdbc_authenticate} measures. */
  AuthRequest request() {
    return AuthRequest.api(token, "GET");
  }

  /**
   * The raw floor: one indexed point select of the token's row on a connection of the same pool,
   * every column read into a local as the store reads it (no parsing, no objects built). Returns a
   * value depending on every column, for the benchmark to return; -1 if there is no row.
   */
  static long pointSelect(DataSource pool, String digest) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(POINT_SELECT)) {
      ps.setString(1, digest);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        long id = rs.getLong(1);
        String type = rs.getString(2);
        long userId = rs.getLong(3);
        String resourceKind = rs.getString(4);
        long resourceId = rs.getLong(5);
        String name = rs.getString(6);
        String scopes = rs.getString(7);
        String dig = rs.getString(8);
        LocalDateTime createdAt = rs.getObject(9, LocalDateTime.class);
        LocalDate expiresOn = rs.getObject(10, LocalDate.class);
        LocalDateTime revokedAt = rs.getObject(11, LocalDateTime.class);
        LocalDateTime lastUsedAt = rs.getObject(12, LocalDateTime.class);
        long familyId = rs.getLong(13);
        long createdBy = rs.getLong(14);
        String username = rs.getString(15);
        byte[] sealed = rs.getBytes(16);
        String description = rs.getString(17);
        String lastUsedIps = rs.getString(18);
        int lastUsedIpsAdded = rs.getInt(19);
        LocalDateTime graceUntil = rs.getObject(20, LocalDateTime.class);
        return id + type.length() + userId + Objects.hashCode(resourceKind) + resourceId
            + name.length() + scopes.length() + dig.length() + createdAt.getNano()
            + Objects.hashCode(expiresOn) + Objects.hashCode(revokedAt) + Objects.hashCode(lastUsedAt)
            + familyId + createdBy + Objects.hashCode(username) + (sealed == null ? 0 : sealed.length)
            + Objects.hashCode(description) + Objects.hashCode(lastUsedIps) + lastUsedIpsAdded
            + Objects.hashCode(graceUntil);
      }
    }
  }

  @Override
  public void close() {
    pool.close();
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
    }
  }

  private static void stopQuietly(EmbeddedPostgres server, Throwable cause) {
    try {
      server.close();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Round trips per authentication found by the last {@link #selfCheck()}; NaN before. */
  static volatile double roundTripsPerAuth = Double.NaN;

  /**
   * Proves, untimed, on a server of its own, that the JDBC benchmarks measure what they claim;
   * throws {@link IllegalStateException} otherwise. Returns the lines to repeat in the summary.
   *
   * <ul>
   *   <li>{@code jdbc_authenticate}: 1,000 authentications succeed, with the store behind a
   *       {@link CountingDataSource}: prints {@code JDBC_ROUND_TRIPS_PER_AUTH <x>} and fails above
   *       1 (or at 0: then nothing reached the database); the token's last use is unchanged
   *       afterwards (nothing was written);
   *   <li>{@code point_select}: {@code SELECT *} returns exactly the columns the store reads, one
   *       row, the measured token's; its digest is HMAC-SHA256 of the token with the pepper, as
   *       the store computes it;
   *   <li>both statements run as index scans on the digest's unique index;
   *   <li>on {@value #CLIENT_THREADS} threads at once, every authentication succeeds in one
   *       statement and every point select finds the row.
   * </ul>
   */
  static List<String> selfCheck() {
    CountingDataSource[] counting = new CountingDataSource[1];
    try (JdbcFixture f = new JdbcFixture(ds -> (counting[0] = new CountingDataSource(ds)).dataSource())) {
      AuthRequest request = f.request();
      int n = 1_000;
      counting[0].reset();
      for (int i = 0; i < n; i++) {
        AuthResult r = f.auth.authenticator().authenticate(request);
        if (!r.isSuccess()) {
          throw new IllegalStateException("jdbc_authenticate: not a success: " + r);
        }
      }
      long trips = counting[0].roundTrips();
      double perAuth = (double) trips / n;
      roundTripsPerAuth = perAuth;
      String line = String.format(Locale.ROOT, "JDBC_ROUND_TRIPS_PER_AUTH %.2f", perAuth);
      System.out.println(line + " (" + trips + " statements for " + n
          + " authentications with last use fresh; bar: 1.00)");
      if (perAuth > 1.0) {
        throw new IllegalStateException("jdbc_authenticate: " + perAuth
            + " database round trips per authentication with last use fresh; the bar is one");
      }
      if (trips == 0) {
        throw new IllegalStateException("jdbc_authenticate: no statement reached the database");
      }
      // The concurrent pair: every authentication succeeds in one statement, and every point
      // select finds the row, on CLIENT_THREADS threads at once.
      counting[0].reset();
      int each = 100;
      Concurrently.run("jdbc_authenticate_8_threads", CLIENT_THREADS, each, () -> {
        AuthResult r = f.auth.authenticator().authenticate(request);
        if (!r.isSuccess()) {
          throw new IllegalStateException("not a success: " + r);
        }
      });
      if (counting[0].roundTrips() != (long) CLIENT_THREADS * each) {
        throw new IllegalStateException("jdbc_authenticate_8_threads: " + counting[0].roundTrips()
            + " statements for " + CLIENT_THREADS * each + " authentications");
      }
      Concurrently.run("point_select_8_threads", CLIENT_THREADS, each, () -> {
        if (pointSelect(f.pool, f.digest) < 0) {
          throw new IllegalStateException("no row");
        }
      });

      TokenRecord after = f.store.findById(f.record.id()).orElseThrow();
      if (!Objects.equals(after.lastUsedAt(), f.record.lastUsedAt())) {
        throw new IllegalStateException("jdbc_authenticate: last use changed from " + f.record.lastUsedAt()
            + " to " + after.lastUsedAt() + ": the measured path wrote");
      }

      String expected = InMemoryFixture.KEY_ID + ":" + InMemoryFixture.floorKey(InMemoryFixture.newMac(), f.token);
      if (!sameDigest(f.digest, expected)) {
        throw new IllegalStateException("point_select: the stored digest is not HMAC-SHA256 of the token");
      }
      checkOneStatementRefusal(f, counting[0], InMemoryFixture.unknownToken(), FailureReason.UNKNOWN);
      checkOneStatementRefusal(f, counting[0], f.revokedToken(), FailureReason.REVOKED);
      checkPointSelect(f);
      checkIndexScan(f.pool, POINT_SELECT.replace("?", "'" + f.digest + "'"));
      checkIndexScan(f.pool, "SELECT " + String.join(", ", COLUMNS)
          + " FROM wvs_auth_tokens WHERE digest IN ('" + f.digest + "')");
      return List.of(line + " (bar: 1.00, " + (perAuth <= 1.0 ? "MET" : "MISSED") + ")");
    }
  }

  /** {@code jdbc_unknown_reject} and {@code jdbc_revoked_reject}: refused after one statement. */
  private static void checkOneStatementRefusal(JdbcFixture f, CountingDataSource counting, String token,
      FailureReason reason) {
    counting.reset();
    AuthResult r = f.auth.authenticator().authenticate(AuthRequest.api(token, "GET"));
    if (!(r instanceof AuthResult.Failure fail) || fail.reason() != reason) {
      throw new IllegalStateException("expected " + reason + ", got " + r);
    }
    if (counting.roundTrips() != 1) {
      throw new IllegalStateException(reason + " refusal: " + counting.roundTrips()
          + " statements; unknown and revoked tokens must both take one");
    }
  }

  private static void checkPointSelect(JdbcFixture f) {
    try (Connection c = f.pool.getConnection(); PreparedStatement ps = c.prepareStatement(POINT_SELECT)) {
      ps.setString(1, f.digest);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.add(meta.getColumnName(i));
        }
        if (!columns.equals(COLUMNS)) {
          throw new IllegalStateException("point_select: SELECT * returns " + columns + ", expected " + COLUMNS);
        }
        if (!rs.next() || rs.getLong(1) != f.record.id() || !sameDigest(f.digest, rs.getString(8)) || rs.next()) {
          throw new IllegalStateException("point_select: expected exactly the row of token " + f.record.id());
        }
      }
      if (pointSelect(f.pool, f.digest) < 0) {
        throw new IllegalStateException("point_select: no row");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("point_select failed", e);
    }
  }

  private static void checkIndexScan(DataSource ds, String sql) {
    StringBuilder plan = new StringBuilder();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    } catch (SQLException e) {
      throw new IllegalStateException("EXPLAIN failed", e);
    }
    if (!plan.toString().contains("Index Scan using wvs_auth_tokens_digest_uq")) {
      throw new IllegalStateException("not an index scan on the digest index: " + sql + "\n" + plan);
    }
  }

  /** Digest texts compared in constant time, as everywhere in the project. */
  private static boolean sameDigest(String a, String b) {
    return b != null && java.security.MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
