package io.wvs.auth.jdbc;

import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.Scopes;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.NewToken;
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
import java.util.Arrays;
import java.util.StringJoiner;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code wvs_auth_tokens} table as records: the columns every token query selects, reading a
 * row by column, and the conversions both directions share. Instants are UTC {@code TIMESTAMP}s
 * with microsecond precision; expiry is a {@code DATE}.
 */
final class TokenRows {
  static final String TABLE = "wvs_auth_tokens";

  /**
   * The columns of a token row, in the order {@link #SELECT} selects them: a column is read by its
   * constant, whose position comes from this one list (a name lookup per column and row would cost
   * the authentication path a hash map built per result set on some drivers). The query names
   * every column it reads, so a column a newer version added (as {@code description} was) is
   * never read by an older one: a rolling upgrade adds columns without breaking reads.
   */
  private enum Column {
    ID, TYPE, USER_ID, RESOURCE_KIND, RESOURCE_ID, NAME, SCOPES, DIGEST, CREATED_AT, EXPIRES_ON,
    REVOKED_AT, LAST_USED_AT, FAMILY_ID, CREATED_BY, USERNAME, SEALED_SECRET, DESCRIPTION,
    LAST_USED_IPS, LAST_USED_IPS_ADDED, ROTATION_GRACE_UNTIL;

    /** The column's 1-based position in {@link #SELECT}. */
    int index() {
      return ordinal() + 1;
    }

    String sqlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code SELECT <every column> FROM wvs_auth_tokens}, to which a query adds its conditions. */
  static final String SELECT = Arrays.stream(Column.values()).map(Column::sqlName)
      .collect(Collectors.joining(", ", "SELECT ", " FROM " + TABLE));
  /** {@code SELECT … WHERE digest IN (?, …)} for 1 to this many candidates is built once. */
  private static final int CACHED_IN_LISTS = 8;
  private static final String[] SELECT_BY_DIGESTS = new String[CACHED_IN_LISTS + 1];

  static {
    for (int n = 1; n <= CACHED_IN_LISTS; n++) {
      SELECT_BY_DIGESTS[n] = buildSelectByDigests(n);
    }
  }

  /** {@return the select of the rows whose digest is one of {@code n} candidates} */
  static String selectByDigests(int n) {
    return n <= CACHED_IN_LISTS ? SELECT_BY_DIGESTS[n] : buildSelectByDigests(n);
  }

  private static String buildSelectByDigests(int n) {
    StringJoiner in = new StringJoiner(", ", SELECT + " WHERE digest IN (", ")");
    for (int i = 0; i < n; i++) {
      in.add("?");
    }
    return in.toString();
  }

  private static final System.Logger LOG = System.getLogger(JdbcTokenStore.class.getName());

  private TokenRows() {}

  /** A row this version cannot read: a store failure for whoever needed that very row. */
  private static final class UnreadableRow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableRow(long id, RuntimeException cause) {
      super("token store holds an unreadable row for token " + id + ": "
          + cause.getClass().getSimpleName(), cause, false, false);
    }
  }

  /**
   * Every row {@code ps} returns, as records, in order.
   *
   * @throws StoreUnavailableException if a row cannot be read (see {@link #read}): a lookup that
   *     authenticates or acts on one token fails closed
   */
  static List<TokenRecord> readAll(PreparedStatement ps) throws SQLException {
    return readAll(ps, false);
  }

  /**
   * Every row {@code ps} returns that this version can read, in order; each row it cannot read (a
   * newer version's type or scope, during a rolling upgrade) is left out with a warning, so a list
   * or the expiry jobs go on with the rest.
   */
  static List<TokenRecord> readReadable(PreparedStatement ps) throws SQLException {
    return readAll(ps, true);
  }

  private static List<TokenRecord> readAll(PreparedStatement ps, boolean skipUnreadable)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<TokenRecord> found = new ArrayList<>();
      while (rs.next()) {
        try {
          found.add(read(rs));
        } catch (UnreadableRow e) {
          if (!skipUnreadable) {
            throw new StoreUnavailableException(e.getMessage(), e.getCause());
          }
          LOG.log(System.Logger.Level.WARNING, "left out {0}", e.getMessage());
        }
      }
      return found;
    }
  }

  /**
   * The record of the current row.
   *
   * @throws UnreadableRow if the row holds a value this version cannot read (edited by hand, or a
   *     type or scope of a newer version): the store refuses it rather than guess
   */
  private static TokenRecord read(ResultSet rs) throws SQLException {
    long id = rs.getLong(Column.ID.index());
    try {
      TokenType type = TokenType.valueOf(rs.getString(Column.TYPE.index()));
      Long userId = getLong(rs, Column.USER_ID);
      String kind = rs.getString(Column.RESOURCE_KIND.index());
      long resourceId = rs.getLong(Column.RESOURCE_ID.index());
      ResourceRef resource = kind == null ? null : new ResourceRef(ResourceRef.Kind.valueOf(kind), resourceId);
      Set<Scope> scopes = Scopes.parse(rs.getString(Column.SCOPES.index()));
      TokenDigest digest = TokenDigest.parse(rs.getString(Column.DIGEST.index()));
      NewToken token = NewToken.builder()
          .type(type).owner(owner(type, userId, resource, rs.getString(Column.USERNAME.index())))
          .name(rs.getString(Column.NAME.index()))
          .description(rs.getString(Column.DESCRIPTION.index())).scopes(scopes).digest(digest)
          .createdAt(instant(rs, Column.CREATED_AT))
          .expiresOn(rs.getObject(Column.EXPIRES_ON.index(), LocalDate.class))
          .createdBy(getLong(rs, Column.CREATED_BY))
          .sealedSecret(rs.getBytes(Column.SEALED_SECRET.index())).build();
      return TokenRecord.builder().id(id).familyId(rs.getLong(Column.FAMILY_ID.index()))
          .token(token).revokedAt(instant(rs, Column.REVOKED_AT))
          .lastUsedAt(instant(rs, Column.LAST_USED_AT))
          .lastUsedIps(ips(rs.getString(Column.LAST_USED_IPS.index())))
          .lastUsedIpsAdded(rs.getInt(Column.LAST_USED_IPS_ADDED.index()))
          .rotationGraceUntil(instant(rs, Column.ROTATION_GRACE_UNTIL)).build();
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException
        | InvalidTokenRequestException e) {
      // InvalidTokenRequestException: a scope this version does not know. Never the client's
      // request error (a 400) it would be if it went on.
      throw new UnreadableRow(id, e);
    }
  }

  /**
   * The owner the columns describe for {@code type}: the user (or bot) id, the resource and the
   * username that kind keeps. A row whose columns do not fit its type (a deploy row without a
   * resource, a personal row with one) cannot be read.
   *
   * @throws NullPointerException if a column the kind needs is null
   */
  private static TokenOwner owner(TokenType type, Long userId, ResourceRef resource, String username) {
    switch (type.ownerKind()) {
      case USER:
        unset(resource, "resource_kind");
        unset(username, "username");
        return TokenOwner.user(Objects.requireNonNull(userId, "user_id"));
      case BOT:
        unset(username, "username");
        return TokenOwner.bot(Objects.requireNonNull(userId, "user_id"), resource);
      default:
        unset(userId, "user_id");
        return TokenOwner.deploy(resource, Objects.requireNonNull(username, "username"));
    }
  }

  /** Refuses a column the row's owner kind does not have. */
  private static void unset(Object value, String column) {
    if (value != null) {
      throw new IllegalArgumentException(column + " is set for an owner that has none");
    }
  }

  /** The separator of the client addresses in {@code last_used_ips}: no address has a comma. */
  private static final String IP_SEPARATOR = ",";

  /** The addresses a {@code last_used_ips} value holds; null and empty are none. */
  private static List<String> ips(String column) {
    return column == null || column.isEmpty() ? List.of() : List.of(column.split(IP_SEPARATOR));
  }

  /** {@code ips} as {@code last_used_ips} holds them: empty text for none, never null. */
  static String ipsColumn(List<String> ips) {
    return String.join(IP_SEPARATOR, ips);
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

  private static Instant instant(ResultSet rs, Column column) throws SQLException {
    LocalDateTime value = rs.getObject(column.index(), LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  private static Long getLong(ResultSet rs, Column column) throws SQLException {
    long value = rs.getLong(column.index());
    return rs.wasNull() ? null : value;
  }
}
