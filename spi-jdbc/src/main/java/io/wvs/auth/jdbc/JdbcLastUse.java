package io.wvs.auth.jdbc;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The last-use columns of {@code wvs_auth_tokens}: {@code last_used_at}, written at most once per
 * interval by a conditional {@code UPDATE … WHERE last_used_at IS NULL OR last_used_at < ?}, and the
 * recent client addresses ({@code last_used_ips}, comma-separated, most recent first, and
 * {@code last_used_ips_added}, how many were added since {@code last_used_at} was written), each
 * address added by a compare-and-set of both. One statement per call, its row count decides.
 */
final class JdbcLastUse {
  private static final String TABLE = TokenRows.TABLE;
  private static final String RECORD = "UPDATE " + TABLE + " SET last_used_at = ?"
      + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
  private static final String RECORD_WITH_IPS = "UPDATE " + TABLE + " SET last_used_at = ?,"
      + " last_used_ips = ?, last_used_ips_added = 0"
      + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
  private static final String ADD_IP = "UPDATE " + TABLE
      + " SET last_used_ips = ?, last_used_ips_added = ? WHERE id = ?"
      + " AND COALESCE(last_used_ips, '') = ? AND COALESCE(last_used_ips_added, 0) = ?";

  private final SqlExecutor sql;

  JdbcLastUse(SqlExecutor sql) {
    this.sql = sql;
  }

  /** Records a use if the recorded one is stale; {@code ips} null leaves the addresses as they are. */
  boolean record(long id, Instant at, Instant staleBefore, List<String> ips) {
    Objects.requireNonNull(at, "at must not be null");
    Objects.requireNonNull(staleBefore, "staleBefore must not be null");
    String column = ips == null ? null : TokenRows.ipsColumn(ips);
    return sql.single("record the use of token " + id, c -> {
      try (PreparedStatement ps = sql.prepare(c, ips == null ? RECORD : RECORD_WITH_IPS)) {
        int i = 1;
        ps.setObject(i++, TokenRows.timestamp(at));
        if (column != null) {
          ps.setString(i++, column);
        }
        ps.setLong(i++, id);
        ps.setObject(i, TokenRows.timestamp(staleBefore));
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** Replaces the addresses if they still are {@code expected}, {@code expectedAdded} added. */
  boolean addIp(long id, List<String> expected, int expectedAdded, List<String> ips) {
    String before = TokenRows.ipsColumn(Objects.requireNonNull(expected, "expected"));
    String after = TokenRows.ipsColumn(Objects.requireNonNull(ips, "ips"));
    return sql.single("record a client address of token " + id, c -> {
      try (PreparedStatement ps = sql.prepare(c, ADD_IP)) {
        ps.setString(1, after);
        ps.setInt(2, expectedAdded + 1);
        ps.setLong(3, id);
        ps.setString(4, before);
        ps.setInt(5, expectedAdded);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
