package io.wvs.auth.jdbc;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.Scopes;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code wvs_auth_tokens} table as records: the columns every token query selects, reading a
 * row by column name, and the conversions both directions share. Instants are UTC
 * {@code TIMESTAMP}s with microsecond precision; expiry is a {@code DATE}.
 */
final class TokenRows {
  static final String TABLE = "wvs_auth_tokens";
  /** {@code SELECT <every column> FROM wvs_auth_tokens}, to which a query adds its conditions. */
  static final String SELECT = "SELECT id, type, user_id, resource_kind, resource_id, name, scopes,"
      + " digest, created_at, expires_on, revoked_at, last_used_at, family_id, created_by, username,"
      + " sealed_secret FROM " + TABLE;

  private TokenRows() {}

  /** Every row {@code ps} returns, as records, in order. */
  static List<TokenRecord> readAll(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<TokenRecord> found = new ArrayList<>();
      while (rs.next()) {
        found.add(read(rs));
      }
      return found;
    }
  }

  /**
   * The record of the current row.
   *
   * @throws StoreUnavailableException if the row holds a value this version cannot read (edited by
   *     hand, or written by a newer version): the store refuses it rather than guess, and the
   *     authenticator turns that into a refusal
   */
  static TokenRecord read(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    try {
      TokenType type = TokenType.valueOf(rs.getString("type"));
      Long userId = getLong(rs, "user_id");
      String kind = rs.getString("resource_kind");
      long resourceId = rs.getLong("resource_id");
      ResourceRef resource = kind == null ? null : new ResourceRef(ResourceRef.Kind.valueOf(kind), resourceId);
      Set<Scope> scopes = Scopes.parse(rs.getString("scopes"));
      TokenDigest digest = TokenDigest.parse(rs.getString("digest"));
      return new TokenRecord(id, type, userId, resource, rs.getString("name"), scopes, digest,
          instant(rs, "created_at"), rs.getObject("expires_on", LocalDate.class),
          instant(rs, "revoked_at"), instant(rs, "last_used_at"), rs.getLong("family_id"),
          getLong(rs, "created_by"), rs.getString("username"), rs.getBytes("sealed_secret"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new StoreUnavailableException("token store holds an unreadable row for token " + id
          + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** {@code instant} as the database keeps it: truncated to microseconds. */
  static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * {@code instant}, truncated to microseconds, as a UTC {@link LocalDateTime}: no driver converts
   * that through the JVM's or the session's time zone (as it may a {@code java.sql.Timestamp}), so
   * an instant round-trips exactly on all three databases.
   */
  static LocalDateTime timestamp(Instant instant) {
    return LocalDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
  }

  static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  static void setString(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  static void setDate(PreparedStatement ps, int index, LocalDate value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DATE);
    } else {
      ps.setObject(index, value);
    }
  }

  static void setBytes(PreparedStatement ps, int index, byte[] value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARBINARY);
    } else {
      ps.setBytes(index, value);
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    LocalDateTime value = rs.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  private static Long getLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
