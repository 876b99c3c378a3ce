package io.wvs.auth.jdbc;

import static io.wvs.auth.jdbc.TokenRows.timestamp;

import io.wvs.auth.TokenType;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.NoticeKey;
import io.wvs.auth.spi.TokenRecord;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The expiry jobs' side of the JDBC store: the expiry window read through the
 * {@code (expires_on, id)} index in keyset-paged batches, and the {@code wvs_auth_expiry_notices}
 * ledger, where each claim is one conditional statement (the first claim an insert under the
 * primary key, retaking a stale one a conditional update), so a notice goes out once however many
 * instances run the job. Immutable and thread-safe.
 */
final class JdbcNoticeLedger implements ExpiryNoticeStore {
  static final String NOTICES = "wvs_auth_expiry_notices";

  // Keyset paging in the order of the (expires_on, id) index, so a run reads just its window.
  // The expanded form of (expires_on, id) > (?, ?) plans as an index range on every dialect.
  private static final String FIND_EXPIRING = TokenRows.SELECT + " WHERE expires_on IS NOT NULL"
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

  private final SqlExecutor sql;
  private final JdbcDialect dialect;

  JdbcNoticeLedger(SqlExecutor sql, JdbcDialect dialect) {
    this.sql = sql;
    this.dialect = dialect;
  }

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
    return sql.single("read tokens expiring from " + from + " to " + to, c -> {
      try (PreparedStatement ps = sql.prepare(c, FIND_EXPIRING)) {
        ps.setString(1, TokenType.IMPERSONATION.name());
        ps.setObject(2, start);
        ps.setObject(3, to);
        ps.setObject(4, afterDate);
        ps.setObject(5, afterDate);
        ps.setLong(6, afterId);
        ps.setInt(7, limit);
        return TokenRows.readAll(ps);
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
      return sql.single(what, c -> {
        try (PreparedStatement ps = sql.prepare(c, CLAIM_NEW_OR_STALE_PG)) {
          int i = setClaim(ps, 1, key, claimant, leaseUntil);
          ps.setObject(i, timestamp(now));
          return ps.executeUpdate() == 1;
        }
      });
    }
    // Two single statements, each atomic: the primary key lets one first claim in; after that only
    // a claim whose lease ended can be taken over, by one conditional update.
    Optional<Boolean> first = sql.singleUnlessDuplicate(what, c -> {
      try (PreparedStatement ps = sql.prepare(c, CLAIM_NEW)) {
        setClaim(ps, 1, key, claimant, leaseUntil);
        return ps.executeUpdate() == 1;
      }
    });
    if (first.isPresent()) {
      return first.get();
    }
    return sql.single(what, c -> {
      try (PreparedStatement ps = sql.prepare(c, CLAIM_STALE)) {
        ps.setString(1, claimant);
        ps.setObject(2, timestamp(leaseUntil));
        int i = setKey(ps, 3, key);
        ps.setObject(i, timestamp(now));
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void markDelivered(NoticeKey key, String claimant, Instant at) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(claimant, "claimant must not be null");
    Objects.requireNonNull(at, "at must not be null");
    sql.single("mark the " + key.kind() + " notice of token " + key.tokenId() + " delivered", c -> {
      try (PreparedStatement ps = sql.prepare(c, MARK_DELIVERED)) {
        ps.setObject(1, timestamp(at));
        ps.setObject(2, timestamp(at));
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
    sql.single("release the " + key.kind() + " notice of token " + key.tokenId(), c -> {
      try (PreparedStatement ps = sql.prepare(c, RELEASE)) {
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
    ps.setObject(i + 1, timestamp(leaseUntil));
    return i + 2;
  }
}
