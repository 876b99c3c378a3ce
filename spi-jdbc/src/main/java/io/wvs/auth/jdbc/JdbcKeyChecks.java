package io.wvs.auth.jdbc;

import io.wvs.auth.StoreUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;

/**
 * The check value of each pepper key id, in {@code wvs_auth_key_checks}: one row per key id,
 * inserted once under its primary key and never changed, so of instances registering at once
 * exactly one wins and every other reads the winner's value. Immutable and thread-safe.
 */
final class JdbcKeyChecks {
  static final String TABLE = "wvs_auth_key_checks";

  private static final String SELECT_KEY_CHECK =
      "SELECT check_value FROM " + TABLE + " WHERE key_id = ?";
  private static final String INSERT_KEY_CHECK =
      "INSERT INTO " + TABLE + " (key_id, check_value) VALUES (?, ?)";

  private final SqlExecutor sql;

  JdbcKeyChecks(SqlExecutor sql) {
    this.sql = sql;
  }

  /** See {@link io.wvs.auth.spi.TokenStore#registerKeyCheck}. */
  String register(String keyId, String checkValue) {
    Objects.requireNonNull(keyId, "keyId must not be null");
    Objects.requireNonNull(checkValue, "checkValue must not be null");
    String what = "register the check value of pepper key id '" + keyId + "'";
    Optional<String> stored = readKeyCheck(keyId, what);
    if (stored.isPresent()) {
      return stored.get();
    }
    // The primary key decides: of instances inserting at once, exactly one gets in; a loser reads
    // back the winner's value.
    boolean inserted = sql.singleUnlessDuplicate(what, c -> {
      try (PreparedStatement ps = sql.prepare(c, INSERT_KEY_CHECK)) {
        ps.setString(1, keyId);
        ps.setString(2, checkValue);
        return ps.executeUpdate() == 1;
      }
    }).isPresent();
    if (inserted) {
      return checkValue;
    }
    return readKeyCheck(keyId, what).orElseThrow(() -> new StoreUnavailableException(
        "token store unavailable: could not " + what + " (a conflicting row vanished)"));
  }

  private Optional<String> readKeyCheck(String keyId, String what) {
    return sql.single(what, c -> {
      try (PreparedStatement ps = sql.prepare(c, SELECT_KEY_CHECK)) {
        ps.setString(1, keyId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }
}
