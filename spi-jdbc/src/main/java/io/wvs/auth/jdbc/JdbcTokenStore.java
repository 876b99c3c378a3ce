package io.wvs.auth.jdbc;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scopes;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.NoticeKey;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@link TokenStore} over a host's {@link DataSource}: PostgreSQL, H2 or MariaDB/MySQL, with the
 * schema of the bundled migrations (run them with the host's Flyway from
 * {@link JdbcDialect#migrationLocation()}, or with {@link SchemaInstaller#install(DataSource)}).
 *
 * <p>Every state change is decided by a conditional statement and its row count ({@code UPDATE …
 * WHERE revoked_at IS NULL}, {@code … WHERE last_used_at IS NULL OR last_used_at < ?}, a unique
 * digest index, a compare-and-set of the recent client addresses), never read-then-write.
 * Changes of several rows run in one transaction: insert (row, family and default deploy
 * username) and rotation (revoke, or the family's revocation on reuse, and the successor),
 * serialised by a lock on the family's first row. So revocation, rotation and last-used recording are atomic and linearizable across
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
 * <p>Instants are stored as UTC {@code TIMESTAMP}s with microsecond precision (finer parts are
 * truncated); expiry as a {@code DATE}. Connections are borrowed per call and always returned.
 * If the pool hands out connections with auto-commit off, the store commits its own work.
 *
 * <p>Pepper check values ({@link #registerKeyCheck}) live in {@code wvs_auth_key_checks}, one row
 * per key id, never changed. Durability is the database's: each change is committed before the
 * call returns (the module README gives each database's settings; an H2 file database without
 * {@code WRITE_DELAY=0} gets a warning, once).
 *
 * <p>Thread-safe; its settings are fixed at construction.
 *
 * @since 0.1
 */
public final class JdbcTokenStore implements TokenStore, ExpiryNoticeStore {
  /** The query timeout unless another is given: 5 seconds. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  static final String TABLE = TokenRows.TABLE;
  static final String NOTICES = JdbcNoticeLedger.NOTICES;
  static final String KEY_CHECKS = JdbcKeyChecks.TABLE;

  private static final String INSERT = "INSERT INTO " + TABLE + " (type, user_id, resource_kind,"
      + " resource_id, name, scopes, digest, created_at, expires_on, family_id, created_by, username,"
      + " sealed_secret, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SET_FAMILY_AND_USERNAME =
      "UPDATE " + TABLE + " SET family_id = ?, username = ? WHERE id = ?";
  private static final String SELECT_BY_ID = TokenRows.SELECT + " WHERE id = ?";
  private static final String FIND_AFTER = TokenRows.SELECT + " WHERE id > ? ORDER BY id LIMIT ?";
  private static final String COUNT_AFTER = "SELECT COUNT(*) FROM " + TABLE + " WHERE id > ?";
  private static final String REPLACE_DIGEST =
      "UPDATE " + TABLE + " SET digest = ? WHERE id = ? AND digest = ?";

  private final SqlExecutor sql;
  private final JdbcDialect dialect;
  private final JdbcNoticeLedger notices;
  private final JdbcKeyChecks keyChecks;
  private final JdbcLastUse lastUse;
  private final JdbcFamilies families;

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
    this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
    this.sql = new SqlExecutor(dataSource, queryTimeout, dialect == JdbcDialect.POSTGRESQL,
        dialect == JdbcDialect.H2 ? H2WriteDelay::warnIfDelayed : c -> { });
    this.notices = new JdbcNoticeLedger(sql, dialect);
    this.keyChecks = new JdbcKeyChecks(sql);
    this.lastUse = new JdbcLastUse(sql);
    this.families = new JdbcFamilies(sql);
  }

  /** {@return the dialect this store speaks} */
  public JdbcDialect dialect() {
    return dialect;
  }

  @Override
  public TokenRecord insert(NewToken token) {
    Objects.requireNonNull(token, "token must not be null");
    return sql.transactionUnlessDuplicate("insert a token", c -> insert(c, token, 0))
        .orElseThrow(() -> duplicateDigest("insert a token"));
  }

  /** Inserts within the caller's transaction; {@code familyId} 0 starts a new family. */
  private TokenRecord insert(Connection c, NewToken token, long familyId) throws SQLException {
    Instant createdAt = TokenRows.micros(token.createdAt());
    long id;
    try (PreparedStatement ps = sql.withTimeout(dialect.prepareInsert(c, INSERT))) {
      ps.setString(1, token.type().name());
      TokenRows.setLong(ps, 2, token.userId());
      ResourceRef resource = token.resource();
      TokenRows.setString(ps, 3, resource == null ? null : resource.kind().name());
      TokenRows.setLong(ps, 4, resource == null ? null : resource.id());
      ps.setString(5, token.name());
      ps.setString(6, Scopes.format(token.scopes()));
      ps.setString(7, token.digest().encoded());
      ps.setObject(8, TokenRows.timestamp(createdAt));
      TokenRows.setDate(ps, 9, token.expiresOn());
      ps.setLong(10, familyId);
      TokenRows.setLong(ps, 11, token.createdBy());
      TokenRows.setString(ps, 12, token.username());
      TokenRows.setBytes(ps, 13, token.sealedSecret());
      TokenRows.setString(ps, 14, token.description());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("the database returned no generated id", "WVS01");
        }
        id = keys.getLong(1);
      }
    }
    long family = familyId == 0 ? id : familyId;
    TokenOwner owner = token.storedOwner(id);
    String username = owner instanceof TokenOwner.Deploy ? ((TokenOwner.Deploy) owner).username() : null;
    if (family != familyId || !Objects.equals(username, token.username())) {
      // The id is known only now: the family of a first token is itself, and a deploy token's
      // default username carries its id. Same transaction, so nobody sees the row without them.
      try (PreparedStatement ps = sql.prepare(c, SET_FAMILY_AND_USERNAME)) {
        ps.setLong(1, family);
        TokenRows.setString(ps, 2, username);
        ps.setLong(3, id);
        ps.executeUpdate();
      }
    }
    NewToken stored = NewToken.builder().type(token.type()).owner(owner).name(token.name())
        .description(token.description()).scopes(token.scopes()).digest(token.digest())
        .createdAt(createdAt)
        .expiresOn(token.expiresOn()).createdBy(token.createdBy()).sealedSecret(token.sealedSecret())
        .build();
    return TokenRecord.builder().id(id).familyId(family).token(stored).build();
  }

  @Override
  public Optional<TokenRecord> findByDigest(List<TokenDigest> candidates) {
    Objects.requireNonNull(candidates, "candidates must not be null");
    int n = candidates.size();
    if (n == 0) {
      return Optional.empty();
    }
    String select = TokenRows.selectByDigests(n);
    List<TokenRecord> rows = sql.single("look up a token by digest", c -> {
      try (PreparedStatement ps = sql.prepare(c, select)) {
        for (int i = 0; i < n; i++) {
          ps.setString(i + 1, candidates.get(i).encoded());
        }
        return TokenRows.readAll(ps);
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
    return sql.single("read token " + id, c -> {
      try (PreparedStatement ps = sql.prepare(c, SELECT_BY_ID)) {
        ps.setLong(1, id);
        return TokenRows.readAll(ps).stream().findFirst();
      }
    });
  }

  @Override
  public List<TokenRecord> find(TokenQuery query) {
    Objects.requireNonNull(query, "query must not be null");
    Set<TokenType> types = query.types();
    StringBuilder select = new StringBuilder(TokenRows.SELECT).append(" WHERE type IN (");
    select.append("?, ".repeat(types.size() - 1)).append("?)");
    if (query.userId() != null) {
      select.append(" AND user_id = ?");
    }
    if (query.resource() != null) {
      select.append(" AND resource_kind = ? AND resource_id = ?");
    }
    select.append(" ORDER BY id");
    return sql.single("list tokens", c -> {
      try (PreparedStatement ps = sql.prepare(c, select.toString())) {
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
        return TokenRows.readReadable(ps);
      }
    });
  }

  @Override
  public List<TokenRecord> findAfter(long afterId, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    return sql.single("read tokens after id " + afterId, c -> {
      try (PreparedStatement ps = sql.prepare(c, FIND_AFTER)) {
        ps.setLong(1, afterId);
        ps.setInt(2, limit);
        return TokenRows.readReadable(ps);
      }
    });
  }

  @Override
  public long countAfter(long afterId) {
    return sql.single("count tokens after id " + afterId, c -> {
      try (PreparedStatement ps = sql.prepare(c, COUNT_AFTER)) {
        ps.setLong(1, afterId);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public boolean revoke(long id, Instant at) {
    Objects.requireNonNull(at, "at must not be null");
    return sql.single("revoke token " + id, c -> families.revoke(c, id, at));
  }

  @Override
  public int endRotationGrace(long familyId, Instant at) {
    Objects.requireNonNull(at, "at must not be null");
    return sql.single("end the rotation grace of family " + familyId,
        c -> families.endGrace(c, familyId, at));
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at) {
    return rotate(predecessorId, successor, at, null);
  }

  @Override
  public RotationResult rotate(long predecessorId, NewToken successor, Instant at,
      Instant graceUntil) {
    Objects.requireNonNull(successor, "successor must not be null");
    Objects.requireNonNull(at, "at must not be null");
    String what = "rotate token " + predecessorId;
    return sql.transactionUnlessDuplicate(what, c -> {
      long family = families.familyOf(c, predecessorId);
      if (family == 0) {
        return RotationResult.notFound();
      }
      families.lock(c, family);
      // The conditional revoke decides: a concurrent rotation of the same token, having waited for
      // the family lock, finds it revoked and takes the reuse branch. At most one succeeds.
      if (!families.rotateOut(c, predecessorId, at, graceUntil)) {
        families.revokeFamily(c, family, at);
        return RotationResult.reuseDetected();
      }
      return RotationResult.rotated(insert(c, successor, family));
    }).orElseThrow(() -> duplicateDigest(what));
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore) {
    return lastUse.record(id, at, staleBefore, null);
  }

  @Override
  public boolean recordLastUsed(long id, Instant at, Instant staleBefore, List<String> lastUsedIps) {
    return lastUse.record(id, at, staleBefore, Objects.requireNonNull(lastUsedIps, "lastUsedIps"));
  }

  @Override
  public boolean addLastUsedIp(long id, List<String> expected, int expectedAdded,
      List<String> lastUsedIps) {
    return lastUse.addIp(id, expected, expectedAdded, lastUsedIps);
  }

  @Override
  public boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement) {
    Objects.requireNonNull(expected, "expected must not be null");
    Objects.requireNonNull(replacement, "replacement must not be null");
    // A replacement digest that belongs to another token leaves this one as it is.
    return sql.singleUnlessDuplicate("re-key token " + id, c -> {
      try (PreparedStatement ps = sql.prepare(c, REPLACE_DIGEST)) {
        ps.setString(1, replacement.encoded());
        ps.setLong(2, id);
        ps.setString(3, expected.encoded());
        return ps.executeUpdate() == 1;
      }
    }).orElse(false);
  }

  @Override
  public String registerKeyCheck(String keyId, String checkValue) {
    return keyChecks.register(keyId, checkValue);
  }

  @Override
  public List<TokenRecord> findExpiring(LocalDate from, LocalDate to, LocalDate afterDate,
      long afterId, int limit) {
    return notices.findExpiring(from, to, afterDate, afterId, limit);
  }

  @Override
  public boolean claim(NoticeKey key, String claimant, Instant now, Instant leaseUntil) {
    return notices.claim(key, claimant, now, leaseUntil);
  }

  @Override
  public void markDelivered(NoticeKey key, String claimant, Instant at) {
    notices.markDelivered(key, claimant, at);
  }

  @Override
  public void release(NoticeKey key, String claimant) {
    notices.release(key, claimant);
  }

  @Override
  public String toString() {
    return "JdbcTokenStore{dialect=" + dialect + ", queryTimeout=" + sql.queryTimeoutSeconds() + "s}";
  }

  private static TokenConflictException duplicateDigest(String what) {
    return new TokenConflictException("could not " + what + ": a token with this value already exists");
  }
}
