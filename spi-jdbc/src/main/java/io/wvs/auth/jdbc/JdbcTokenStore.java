package io.wvs.auth.jdbc;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.Scopes;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuthException;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.NoticeKey;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * A {@link TokenStore} over a host's {@link DataSource}: PostgreSQL, H2 or MariaDB/MySQL, with the
 * schema of the bundled migrations (run them with the host's Flyway from
 * {@link JdbcDialect#migrationLocation()}, or with {@link SchemaInstaller#install(DataSource)}).
 *
 * <p>Every state change is decided by a conditional statement and its row count ({@code UPDATE …
 * WHERE revoked_at IS NULL}, {@code … WHERE last_used_at IS NULL OR last_used_at < ?}, a unique
 * digest index), never by reading a row and then writing it. Changes of several rows run in one
 * transaction: insert (row, family and default deploy username), rotation (revoke, reuse
 * detection, successor) and family revocation, the last two serialised by a lock on the family's
 * first row. So revocation, rotation and last-used recording are atomic and linearizable across
 * every instance that shares the database, and under concurrent last-used recording exactly one
 * write happens per interval. {@link #findByDigest} is one statement, one round trip.
 *
 * <p>Fails closed: any {@link SQLException} (no connection, a lost connection, a query timeout, a
 * constraint failure) becomes a {@link StoreUnavailableException}, except a duplicate digest on
 * insert, which is a {@link TokenConflictException}. A transaction that fails is rolled back, so
 * nothing is half-written. Messages name token ids, never token values (the store never sees
 * those). Each statement gets the query timeout given at construction (default
 * {@link #DEFAULT_QUERY_TIMEOUT}), and during a call no read from the database waits longer than
 * twice that (the connection's network timeout, unless the host set a shorter one; restored
 * afterwards): the query timeout is the server's to enforce, so a server that stops answering
 * (hung, or behind a network that drops packets) fails the call too, instead of hanging it.
 * Connection acquisition time is the pool's setting.
 *
 * <p>It is also the {@link ExpiryNoticeStore} of the expiry e-mail jobs: {@link #findExpiring}
 * reads the expiry window through the (expires_on, id) index in keyset-paged batches, and each notice claim is
 * one conditional statement on the {@code wvs_auth_expiry_notices} ledger (the first claim an
 * insert under its primary key, retaking a stale one a conditional update), so a notice goes out
 * once however many instances run the job.
 *
 * <p>The check value of each pepper key id ({@link #registerKeyCheck}) lives in
 * {@code wvs_auth_key_checks}, one row per key id, inserted once under its primary key and never
 * changed.
 *
 * <p>Instants are stored as UTC {@code TIMESTAMP}s with microsecond precision (finer parts are
 * truncated); expiry as a {@code DATE}. Connections are borrowed per call and always returned.
 * If the pool hands out connections with auto-commit off, the store commits its own work.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class JdbcTokenStore implements TokenStore, ExpiryNoticeStore {
  /** The query timeout unless another is given: 5 seconds. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  static final String TABLE = "wvs_auth_tokens";
  static final String NOTICES = "wvs_auth_expiry_notices";
  static final String KEY_CHECKS = "wvs_auth_key_checks";

  private static final String COLUMNS = "id, type, user_id, resource_kind, resource_id, name, scopes,"
      + " digest, created_at, expires_on, revoked_at, last_used_at, family_id, created_by, username,"
      + " sealed_secret";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM " + TABLE;
  private static final String INSERT = "INSERT INTO " + TABLE + " (type, user_id, resource_kind,"
      + " resource_id, name, scopes, digest, created_at, expires_on, family_id, created_by, username,"
      + " sealed_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SET_FAMILY_AND_USERNAME =
      "UPDATE " + TABLE + " SET family_id = ?, username = ? WHERE id = ?";
  private static final String SELECT_BY_ID = SELECT + " WHERE id = ?";
  private static final String SELECT_FAMILY = "SELECT family_id FROM " + TABLE + " WHERE id = ?";
  private static final String LOCK_ROW = "SELECT id FROM " + TABLE + " WHERE id = ? FOR UPDATE";
  private static final String REVOKE =
      "UPDATE " + TABLE + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
  private static final String REVOKE_FAMILY =
      "UPDATE " + TABLE + " SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL";
  private static final String RECORD_LAST_USED = "UPDATE " + TABLE + " SET last_used_at = ?"
      + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
  private static final String REPLACE_DIGEST =
      "UPDATE " + TABLE + " SET digest = ? WHERE id = ? AND digest = ?";
  // Keyset paging in the order of the (expires_on, id) index, so a run reads just its window.
  // The expanded form of (expires_on, id) > (?, ?) plans as an index range on every dialect.
  private static final String FIND_EXPIRING = SELECT + " WHERE expires_on IS NOT NULL"
      + " AND revoked_at IS NULL AND type <> ? AND expires_on >= ? AND expires_on <= ?"
      + " AND (expires_on > ? OR (expires_on = ? AND id > ?)) ORDER BY expires_on, id LIMIT ?";
  private static final String NOTICE_KEY = " WHERE token_id = ? AND kind = ? AND recipient_id = ?";
  private static final String CLAIM_NEW = "INSERT INTO " + NOTICES
      + " (token_id, kind, recipient_id, claimant, lease_until) VALUES (?, ?, ?, ?, ?)";
  private static final String CLAIM_NEW_OR_STALE_PG = CLAIM_NEW
      + " ON CONFLICT (token_id, kind, recipient_id) DO UPDATE SET claimant = EXCLUDED.claimant,"
      + " lease_until = EXCLUDED.lease_until WHERE " + NOTICES + ".delivered_at IS NULL AND "
      + NOTICES + ".lease_until < ?";
  private static final String CLAIM_STALE = "UPDATE " + NOTICES + " SET claimant = ?, lease_until = ?"
      + NOTICE_KEY + " AND delivered_at IS NULL AND lease_until < ?";
  private static final String MARK_DELIVERED = "UPDATE " + NOTICES
      + " SET delivered_at = ?, lease_until = ?" + NOTICE_KEY + " AND claimant = ?";
  private static final String RELEASE = "DELETE FROM " + NOTICES + NOTICE_KEY
      + " AND claimant = ? AND delivered_at IS NULL";

  private static final String SELECT_KEY_CHECK =
      "SELECT check_value FROM " + KEY_CHECKS + " WHERE key_id = ?";
  private static final String INSERT_KEY_CHECK =
      "INSERT INTO " + KEY_CHECKS + " (key_id, check_value) VALUES (?, ?)";

  /** Runs a driver's network-timeout abort where it is raised (drivers may not take null). */
  private static final Executor DIRECT = Runnable::run;

  /** {@code SELECT … WHERE digest IN (?, …)} for 1 to this many candidates is prepared once. */
  private static final int CACHED_IN_LISTS = 8;
  private static final String[] SELECT_BY_DIGESTS = new String[CACHED_IN_LISTS + 1];

  static {
    for (int n = 1; n <= CACHED_IN_LISTS; n++) {
      SELECT_BY_DIGESTS[n] = selectByDigests(n);
    }
  }

  private final DataSource dataSource;
  private final JdbcDialect dialect;
  private final int queryTimeoutSeconds;
  /** Twice the query timeout, in milliseconds; 0 for none. */
  private final int networkTimeoutMillis;

  /**
   * A store over {@code dataSource} speaking {@code dialect}, with the
   * {@link #DEFAULT_QUERY_TIMEOUT}. Does not connect.
   *
   * @param dataSource the database
   * @param dialect the SQL dialect of the database
   * @throws NullPointerException if an argument is null
   */
  public JdbcTokenStore(DataSource dataSource, JdbcDialect dialect) {
    this(dataSource, dialect, DEFAULT_QUERY_TIMEOUT);
  }

  /**
   * A store over {@code dataSource} speaking {@code dialect}, giving every statement
   * {@code queryTimeout} (rounded up to whole seconds, as JDBC counts them; zero for none) and
   * every read from the database twice that. Does not connect.
   *
   * @param dataSource the database
   * @param dialect the SQL dialect of the database
   * @param queryTimeout how long one statement may run before the store reports itself unavailable
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code queryTimeout} is negative
   */
  public JdbcTokenStore(DataSource dataSource, JdbcDialect dialect, Duration queryTimeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
    Objects.requireNonNull(queryTimeout, "queryTimeout must not be null");
    if (queryTimeout.isNegative()) {
      throw new IllegalArgumentException("queryTimeout must not be negative, was " + queryTimeout);
    }
    long seconds = queryTimeout.plusNanos(999_999_999L).getSeconds();
    this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, seconds);
    this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, this.queryTimeoutSeconds * 2_000L);
  }

  /** {@return the dialect this store speaks} */
  public JdbcDialect dialect() {
    return dialect;
  }

  @Override
  public TokenRecord insert(NewToken token) {
    Objects.requireNonNull(token, "token must not be null");
    return transaction("insert a token", c -> insert(c, token, 0));
  }

  /** Inserts within the caller's transaction; {@code familyId} 0 starts a new family. */
  private TokenRecord insert(Connection c, NewToken token, long familyId) throws SQLException {
    Instant createdAt = micros(token.createdAt());
    long id;
    try (PreparedStatement ps = dialect.prepareInsert(c, INSERT)) {
      timeout(ps);
      ps.setString(1, token.type().name());
      setLong(ps, 2, token.userId());
      ResourceRef resource = token.resource();
      if (resource == null) {
        ps.setNull(3, Types.VARCHAR);
        ps.setNull(4, Types.BIGINT);
      } else {
        ps.setString(3, resource.kind().name());
        ps.setLong(4, resource.id());
      }
      ps.setString(5, token.name());
      ps.setString(6, Scopes.format(token.scopes()));
      ps.setString(7, token.digest().encoded());
      ps.setObject(8, toTimestamp(createdAt));
      setDate(ps, 9, token.expiresOn());
      ps.setLong(10, familyId);
      setLong(ps, 11, token.createdBy());
      setString(ps, 12, token.username());
      byte[] sealed = token.sealedSecret();
      if (sealed == null) {
        ps.setNull(13, Types.VARBINARY);
      } else {
        ps.setBytes(13, sealed);
      }
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("the database returned no generated id", "WVS01");
        }
        id = keys.getLong(1);
      }
    }
    long family = familyId == 0 ? id : familyId;
    String username = token.username() == null && token.type() == TokenType.DEPLOY
        ? NewToken.defaultDeployUsername(id) : token.username();
    if (family != familyId || !Objects.equals(username, token.username())) {
      // The id is known only now: the family of a first token is itself, and a deploy token's
      // default username carries its id. Same transaction, so nobody sees the row without them.
      try (PreparedStatement ps = c.prepareStatement(SET_FAMILY_AND_USERNAME)) {
        timeout(ps);
        ps.setLong(1, family);
        setString(ps, 2, username);
        ps.setLong(3, id);
        ps.executeUpdate();
      }
    }
    return new TokenRecord(id, token.type(), token.userId(), token.resource(), token.name(),
        token.scopes(), token.digest(), createdAt, token.expiresOn(), null, null, family,
        token.createdBy(), username, token.sealedSecret());
  }

  @Override
  public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
    Objects.requireNonNull(candidates, "candidates must not be null");
    int n = candidates.size();
    if (n == 0) {
      return Optional.empty();
    }
    String sql = n <= CACHED_IN_LISTS ? SELECT_BY_DIGESTS[n] : selectByDigests(n);
    List<TokenRecord> rows = single("look up a token by digest", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        timeout(ps);
        for (int i = 0; i < n; i++) {
          ps.setString(i + 1, candidates.get(i).encoded());
        }
        try (ResultSet rs = ps.executeQuery()) {
          List<TokenRecord> found = new ArrayList<>(1);
          while (rs.next()) {
            found.add(toRecord(rs));
          }
          return found;
        }
      }
    });
    // The first candidate (the current key's digest) wins, as in every store. TokenDigest.equals
    // compares in constant time.
    for (TokenDigest candidate : candidates) {
      for (TokenRecord row : rows) {
        if (row.digest().equals(candidate)) {
          return Optional.of(row);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<TokenRecord> findById(long id) {
    return single("read token " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT_BY_ID)) {
        timeout(ps);
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(toRecord(rs)) : Optional.<TokenRecord>empty();
        }
      }
    });
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    Objects.requireNonNull(query, "query must not be null");
    Set<TokenType> types = query.types();
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE type IN (");
    sql.append("?, ".repeat(types.size() - 1)).append("?)");
    if (query.userId() != null) {
      sql.append(" AND user_id = ?");
    }
    if (query.resource() != null) {
      sql.append(" AND resource_kind = ? AND resource_id = ?");
    }
    sql.append(" ORDER BY id");
    return single("list tokens", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        timeout(ps);
        int i = 1;
        for (TokenType type : types) {
          ps.setString(i++, type.name());
        }
        if (query.userId() != null) {
          ps.setLong(i++, query.userId());
        }
        if (query.resource() != null) {
          ps.setString(i++, query.resource().kind().name());
          ps.setLong(i, query.resource().id());
        }
        return records(ps);
      }
    });
  }

  @Override
  public boolean revoke(long id, Instant at) {
    Objects.requireNonNull(at, "at must not be null");
    return single("revoke token " + id, c -> revoke(c, id, at));
  }

  private boolean revoke(Connection c, long id, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(REVOKE)) {
      timeout(ps);
      ps.setObject(1, toTimestamp(micros(at)));
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public int revokeFamily(long familyId, Instant at) {
    Objects.requireNonNull(at, "at must not be null");
    return transaction("revoke token family " + familyId, c -> {
      lockFamily(c, familyId);
      return revokeFamily(c, familyId, at);
    });
  }

  private int revokeFamily(Connection c, long familyId, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(REVOKE_FAMILY)) {
      timeout(ps);
      ps.setObject(1, toTimestamp(micros(at)));
      ps.setLong(2, familyId);
      return ps.executeUpdate();
    }
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
    Objects.requireNonNull(successor, "successor must not be null");
    Objects.requireNonNull(at, "at must not be null");
    return transaction("rotate token " + predecessorId, c -> {
      long family = familyOf(c, predecessorId);
      if (family == 0) {
        return RotationResult.notFound();
      }
      lockFamily(c, family);
      // The conditional revoke decides: a concurrent rotation of the same token, having waited for
      // the family lock, finds it revoked and takes the reuse branch. At most one succeeds.
      if (!revoke(c, predecessorId, at)) {
        revokeFamily(c, family, at);
        return RotationResult.reuseDetected();
      }
      return RotationResult.rotated(insert(c, successor, family));
    });
  }

  /**
   * Locks the row of the family's first token until the transaction ends. Rotation and family
   * revocation both take this lock before touching the family, so they serialise: without it, a
   * family revocation on PostgreSQL (READ COMMITTED) could run its UPDATE on a snapshot taken
   * while a rotation was in flight, skip the predecessor the rotation revoked and miss the
   * successor it inserted, revoking nothing. Lock order is always family row first, so no
   * deadlock: the other writes touch one row each.
   */
  private void lockFamily(Connection c, long familyId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK_ROW)) {
      timeout(ps);
      ps.setLong(1, familyId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
  }

  /** The family of token {@code id}, or 0 if there is no such token. */
  private long familyOf(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_FAMILY)) {
      timeout(ps);
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
    Objects.requireNonNull(at, "at must not be null");
    Objects.requireNonNull(staleBefore, "staleBefore must not be null");
    return single("record the use of token " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(RECORD_LAST_USED)) {
        timeout(ps);
        ps.setObject(1, toTimestamp(micros(at)));
        ps.setLong(2, id);
        ps.setObject(3, toTimestamp(micros(staleBefore)));
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
    Objects.requireNonNull(expected, "expected must not be null");
    Objects.requireNonNull(replacement, "replacement must not be null");
    try {
      return single("re-key token " + id, c -> {
        try (PreparedStatement ps = c.prepareStatement(REPLACE_DIGEST)) {
          timeout(ps);
          ps.setString(1, replacement.encoded());
          ps.setLong(2, id);
          ps.setString(3, expected.encoded());
          return ps.executeUpdate() == 1;
        }
      });
    } catch (TokenConflictException e) {
      // The replacement digest belongs to another token: leave this one as it is.
      return false;
    }
  }

  @Override
  public String registerKeyCheck(String keyId, String checkValue) {
    Objects.requireNonNull(keyId, "keyId must not be null");
    Objects.requireNonNull(checkValue, "checkValue must not be null");
    String what = "register the check value of pepper key id '" + keyId + "'";
    Optional<String> stored = readKeyCheck(keyId, what);
    if (stored.isPresent()) {
      return stored.get();
    }
    try {
      // The primary key decides: of instances inserting at once, exactly one gets in.
      single(what, c -> {
        try (PreparedStatement ps = c.prepareStatement(INSERT_KEY_CHECK)) {
          timeout(ps);
          ps.setString(1, keyId);
          ps.setString(2, checkValue);
          return ps.executeUpdate();
        }
      });
      return checkValue;
    } catch (TokenConflictException raced) {
      // Another instance registered one between the read and the insert: it won, hand back its.
      return readKeyCheck(keyId, what).orElseThrow(() -> new StoreUnavailableException(
          "token store unavailable: could not " + what + " (a conflicting row vanished)", raced));
    }
  }

  private Optional<String> readKeyCheck(String keyId, String what) {
    return single(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT_KEY_CHECK)) {
        timeout(ps);
        ps.setString(1, keyId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  // --- expiry notices ----------------------------------------------------------------------------

  @Override
  public List<TokenRecord> findExpiring(LocalDate from, LocalDate to, LocalDate afterDate,
      long afterId, int limit) {
    Objects.requireNonNull(from, "from must not be null");
    Objects.requireNonNull(to, "to must not be null");
    Objects.requireNonNull(afterDate, "afterDate must not be null");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    // The window's lower bound is the later of from and afterDate: an index range start.
    LocalDate start = afterDate.isAfter(from) ? afterDate : from;
    return single("read tokens expiring from " + from + " to " + to, c -> {
      try (PreparedStatement ps = c.prepareStatement(FIND_EXPIRING)) {
        timeout(ps);
        ps.setString(1, TokenType.IMPERSONATION.name());
        ps.setObject(2, start);
        ps.setObject(3, to);
        ps.setObject(4, afterDate);
        ps.setObject(5, afterDate);
        ps.setLong(6, afterId);
        ps.setInt(7, limit);
        return records(ps);
      }
    });
  }

  @Override
  public boolean claim(NoticeKey key, String claimant, Instant now, Instant leaseUntil) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(claimant, "claimant must not be null");
    Objects.requireNonNull(now, "now must not be null");
    Objects.requireNonNull(leaseUntil, "leaseUntil must not be null");
    String what = "claim the " + key.kind() + " notice of token " + key.tokenId();
    if (dialect == JdbcDialect.POSTGRESQL) {
      // One statement: insert, or take over a stale undelivered claim; 0 rows when held.
      return single(what, c -> {
        try (PreparedStatement ps = c.prepareStatement(CLAIM_NEW_OR_STALE_PG)) {
          timeout(ps);
          int i = setClaim(ps, 1, key, claimant, leaseUntil);
          ps.setObject(i, toTimestamp(micros(now)));
          return ps.executeUpdate() == 1;
        }
      });
    }
    // Two single statements, each atomic: the primary key lets one first claim in; after that only
    // a claim whose lease ended can be taken over, by one conditional update.
    try {
      return single(what, c -> {
        try (PreparedStatement ps = c.prepareStatement(CLAIM_NEW)) {
          timeout(ps);
          setClaim(ps, 1, key, claimant, leaseUntil);
          return ps.executeUpdate() == 1;
        }
      });
    } catch (TokenConflictException alreadyClaimed) {
      return single(what, c -> {
        try (PreparedStatement ps = c.prepareStatement(CLAIM_STALE)) {
          timeout(ps);
          ps.setString(1, claimant);
          ps.setObject(2, toTimestamp(micros(leaseUntil)));
          int i = setKey(ps, 3, key);
          ps.setObject(i, toTimestamp(micros(now)));
          return ps.executeUpdate() == 1;
        }
      });
    }
  }

  @Override
  public void markDelivered(NoticeKey key, String claimant, Instant at) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(claimant, "claimant must not be null");
    Objects.requireNonNull(at, "at must not be null");
    single("mark the " + key.kind() + " notice of token " + key.tokenId() + " delivered", c -> {
      try (PreparedStatement ps = c.prepareStatement(MARK_DELIVERED)) {
        timeout(ps);
        ps.setObject(1, toTimestamp(micros(at)));
        ps.setObject(2, toTimestamp(micros(at)));
        int i = setKey(ps, 3, key);
        ps.setString(i, claimant);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void release(NoticeKey key, String claimant) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(claimant, "claimant must not be null");
    single("release the " + key.kind() + " notice of token " + key.tokenId(), c -> {
      try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
        timeout(ps);
        int i = setKey(ps, 1, key);
        ps.setString(i, claimant);
        return ps.executeUpdate();
      }
    });
  }

  /** Sets the key columns from {@code index} on; returns the next index. */
  private static int setKey(PreparedStatement ps, int index, NoticeKey key) throws SQLException {
    ps.setLong(index, key.tokenId());
    ps.setString(index + 1, key.kind().name());
    ps.setLong(index + 2, key.recipientId());
    return index + 3;
  }

  private static int setClaim(PreparedStatement ps, int index, NoticeKey key, String claimant,
      Instant leaseUntil) throws SQLException {
    int i = setKey(ps, index, key);
    ps.setString(i, claimant);
    ps.setObject(i + 1, toTimestamp(micros(leaseUntil)));
    return i + 2;
  }

  @Override
  public String toString() {
    return "JdbcTokenStore{dialect=" + dialect + ", queryTimeout=" + queryTimeoutSeconds + "s}";
  }

  // --- rows ------------------------------------------------------------------------------------

  /** Every row {@code ps} returns, as records, in order. */
  private static List<TokenRecord> records(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<TokenRecord> found = new ArrayList<>();
      while (rs.next()) {
        found.add(toRecord(rs));
      }
      return found;
    }
  }

  private static TokenRecord toRecord(ResultSet rs) throws SQLException {
    long id = rs.getLong(1);
    try {
      TokenType type = TokenType.valueOf(rs.getString(2));
      Long userId = getLong(rs, 3);
      String kind = rs.getString(4);
      long resourceId = rs.getLong(5);
      ResourceRef resource = kind == null ? null : new ResourceRef(ResourceRef.Kind.valueOf(kind), resourceId);
      String name = rs.getString(6);
      Set<Scope> scopes = Scopes.parse(rs.getString(7));
      TokenDigest digest = TokenDigest.parse(rs.getString(8));
      Instant createdAt = toInstant(rs.getObject(9, LocalDateTime.class));
      LocalDate expiresOn = rs.getObject(10, LocalDate.class);
      Instant revokedAt = toInstant(rs.getObject(11, LocalDateTime.class));
      Instant lastUsedAt = toInstant(rs.getObject(12, LocalDateTime.class));
      long familyId = rs.getLong(13);
      Long createdBy = getLong(rs, 14);
      String username = rs.getString(15);
      byte[] sealed = rs.getBytes(16);
      return new TokenRecord(id, type, userId, resource, name, scopes, digest, createdAt, expiresOn,
          revokedAt, lastUsedAt, familyId, createdBy, username, sealed);
    } catch (IllegalArgumentException | NullPointerException e) {
      // A row this version cannot read (edited by hand, or written by a newer version): refuse it
      // rather than guess. The authenticator turns this into STORE_UNAVAILABLE.
      throw new StoreUnavailableException("token store holds an unreadable row for token " + id
          + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static String selectByDigests(int n) {
    StringJoiner in = new StringJoiner(", ", SELECT + " WHERE digest IN (", ")");
    for (int i = 0; i < n; i++) {
      in.add("?");
    }
    return in.toString();
  }

  private static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  // LocalDateTime in UTC, not java.sql.Timestamp: no driver converts it through the JVM's or the
  // session's time zone, so an instant round-trips exactly on all three databases.
  private static LocalDateTime toTimestamp(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant toInstant(LocalDateTime timestamp) {
    return timestamp == null ? null : timestamp.toInstant(ZoneOffset.UTC);
  }

  private static Long getLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static void setString(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static void setDate(PreparedStatement ps, int index, LocalDate value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DATE);
    } else {
      ps.setObject(index, value);
    }
  }

  // --- connections and transactions --------------------------------------------------------------

  /** Work on a borrowed connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private void timeout(PreparedStatement ps) throws SQLException {
    if (queryTimeoutSeconds > 0) {
      ps.setQueryTimeout(queryTimeoutSeconds);
    }
  }

  /**
   * One statement, atomic by itself. Under a pool that hands out connections without auto-commit,
   * commits it (a write) or ends the transaction the driver opened (a read).
   */
  private <T> T single(String what, SqlWork<T> work) {
    return borrow(what, c -> {
      if (c.getAutoCommit()) {
        return work.run(c);
      }
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    });
  }

  /** Several statements in one transaction: all of them or none. */
  private <T> T transaction(String what, SqlWork<T> work) {
    return borrow(what, c -> {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        if (autoCommit) {
          restoreAutoCommit(c);
        }
      }
    });
  }

  /** Work on a borrowed connection, its network waits bounded; failures become the store's own. */
  private <T> T borrow(String what, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      int hostTimeout = boundNetworkWaits(c);
      try {
        return work.run(c);
      } finally {
        if (hostTimeout >= 0) {
          restoreNetworkTimeout(c, hostTimeout);
        }
      }
    } catch (SQLException e) {
      throw translate(what, e);
    } catch (WvsAuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unavailable(what, e);
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

  private static WvsAuthException translate(String what, SQLException e) {
    if (JdbcDialect.isUniqueViolation(e)) {
      TokenConflictException conflict =
          new TokenConflictException("could not " + what + ": a token with this value already exists");
      conflict.initCause(e);
      return conflict;
    }
    return new StoreUnavailableException("token store unavailable: could not " + what
        + " (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ")", e);
  }

  private static StoreUnavailableException unavailable(String what, RuntimeException e) {
    return new StoreUnavailableException("token store unavailable: could not " + what + " ("
        + e.getClass().getSimpleName() + ")", e);
  }
}
