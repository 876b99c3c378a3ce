package io.wvs.auth.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Revocation and rotation families in {@code wvs_auth_tokens}, within the caller's connection:
 * each a conditional statement whose row count decides. A rotated token within its grace period
 * has a revocation time ahead; revoking it (alone or with its family) brings that time forward,
 * while rotating it again finds it revoked, which is reuse.
 */
final class JdbcFamilies {
  private static final String TABLE = TokenRows.TABLE;
  private static final String SELECT_FAMILY = "SELECT family_id FROM " + TABLE + " WHERE id = ?";
  private static final String LOCK_ROW = "SELECT id FROM " + TABLE + " WHERE id = ? FOR UPDATE";
  private static final String REVOKE =
      "UPDATE " + TABLE + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
  /** Rotation's revocation with its grace (null for none), in one write. */
  private static final String ROTATE_OUT = "UPDATE " + TABLE
      + " SET revoked_at = ?, rotation_grace_until = ? WHERE id = ? AND revoked_at IS NULL";
  private static final String REVOKE_FAMILY =
      "UPDATE " + TABLE + " SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL";
  private static final String END_GRACE = "UPDATE " + TABLE + " SET rotation_grace_until = ?"
      + " WHERE family_id = ? AND rotation_grace_until > ?";

  private final SqlExecutor sql;

  JdbcFamilies(SqlExecutor sql) {
    this.sql = sql;
  }

  /** Revokes token {@code id} at {@code at}, or ends its grace; whether this call did. */
  boolean revoke(Connection c, long id, Instant at) throws SQLException {
    return update(c, REVOKE, at, id, null) == 1;
  }

  /** Revokes every member of the family not revoked yet, and ends every grace in it; how many. */
  int revokeFamily(Connection c, long familyId, Instant at) throws SQLException {
    int revoked = update(c, REVOKE_FAMILY, at, familyId, null);
    endGrace(c, familyId, at);
    return revoked;
  }

  /** Rotation's revocation of {@code id} at {@code at}, working until {@code graceUntil} (null: none). */
  boolean rotateOut(Connection c, long id, Instant at, Instant graceUntil) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c, ROTATE_OUT)) {
      ps.setObject(1, TokenRows.timestamp(at));
      ps.setObject(2, graceUntil == null ? null : TokenRows.timestamp(graceUntil), Types.TIMESTAMP);
      ps.setLong(3, id);
      return ps.executeUpdate() == 1;
    }
  }

  /** Ends at {@code at} the grace of every member of the family still within one; how many. */
  int endGrace(Connection c, long familyId, Instant at) throws SQLException {
    return update(c, END_GRACE, at, familyId, at);
  }

  /** Runs {@code statement} with an instant, an id and, if given, a second instant. */
  int update(Connection c, String statement, Instant set, long id, Instant than)
      throws SQLException {
    try (PreparedStatement ps = sql.prepare(c, statement)) {
      ps.setObject(1, TokenRows.timestamp(set));
      ps.setLong(2, id);
      if (than != null) {
        ps.setObject(3, TokenRows.timestamp(than));
      }
      return ps.executeUpdate();
    }
  }

  /**
   * Locks the row of the family's first token until the transaction ends. Every rotation takes
   * this lock before touching the family, so rotations of one family serialise: without it, the
   * family revocation of a reuse detection on PostgreSQL (READ COMMITTED) could run its UPDATE on
   * a snapshot taken while another rotation was in flight, skip the predecessor the rotation
   * revoked and miss the successor it inserted, revoking nothing. Lock order is always family row first, so no
   * deadlock: the other writes touch one row each.
   */
  void lock(Connection c, long familyId) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c, LOCK_ROW)) {
      ps.setLong(1, familyId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
  }

  /** The family of token {@code id}, or 0 if there is no such token. */
  long familyOf(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c, SELECT_FAMILY)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
