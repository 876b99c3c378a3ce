package io.wvs.auth.jdbc;

import io.wvs.auth.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Creates and upgrades the token store's schema by running the bundled migrations, for hosts that
 * do not run Flyway (a host that does points its Flyway at {@link JdbcDialect#migrationLocation()}
 * instead, and never calls this).
 *
 * <p>{@link #install(DataSource)} runs every migration not applied yet, in version order, each in
 * its own transaction together with its row in the installer's own history table
 * {@value #HISTORY_TABLE} (not Flyway's, so the two never collide). It is idempotent: a second call
 * applies nothing. Concurrent installers (several instances starting at once) are serialised by a
 * database lock on PostgreSQL ({@code pg_advisory_lock}) and MariaDB/MySQL ({@code GET_LOCK}), and
 * within the JVM for H2. On MariaDB/MySQL and H2, DDL commits by itself, so a migration cut short
 * can be half-applied; the bundled scripts are therefore written to be re-runnable
 * ({@code IF NOT EXISTS}), and the next install finishes the job.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class SchemaInstaller {
  /** The installer's history table: one row per applied migration version. */
  public static final String HISTORY_TABLE = "wvs_auth_schema_history";

  /** Flyway's versioned-migration naming, which every bundled script follows. */
  static final Pattern SCRIPT_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

  /**
   * The bundled migrations, in order; the same names exist in every dialect's folder. A jar's
   * folder cannot be listed portably, so a new migration is added here as well (a test checks
   * that this list and the folders agree).
   */
  static final List<String> SCRIPTS =
      List.of("V1__wvs_auth_tokens.sql", "V2__wvs_auth_expiry_notices.sql",
          "V3__wvs_auth_expiry_keyset_index.sql", "V4__wvs_auth_name_code_points.sql",
          "V5__wvs_auth_key_checks.sql", "V6__wvs_auth_token_descriptions.sql",
          "V7__wvs_auth_last_used_ips.sql", "V8__wvs_auth_rotation_grace.sql");

  private static final long PG_LOCK_KEY = 0x7776_7361_7574_6801L; // "wvsauth" + 1
  private static final String MARIADB_LOCK_NAME = "wvs_auth_schema_install";
  private static final int LOCK_WAIT_SECONDS = 60;
  private static final Object JVM_LOCK = new Object();

  private SchemaInstaller() {}

  /**
   * Applies every bundled migration not yet applied to the database behind {@code dataSource},
   * whose dialect is {@link JdbcDialect#detect detected}.
   *
   * @param dataSource the database
   * @return the versions this call applied, in order; empty when the schema was up to date
   * @throws StoreUnavailableException if the database fails or cannot be reached
   * @throws IllegalStateException if an applied migration differs from the bundled one
   */
  public static List<Integer> install(DataSource dataSource) {
    return install(dataSource, JdbcDialect.detect(dataSource));
  }

  /**
   * Applies every bundled migration of {@code dialect} not yet applied.
   *
   * @param dataSource the database
   * @param dialect the SQL dialect of the database
   * @return the versions this call applied, in order; empty when the schema was up to date
   * @throws StoreUnavailableException if the database fails or cannot be reached
   * @throws IllegalStateException if an applied migration differs from the bundled one
   */
  public static List<Integer> install(DataSource dataSource, JdbcDialect dialect) {
    Objects.requireNonNull(dataSource, "dataSource must not be null");
    Objects.requireNonNull(dialect, "dialect must not be null");
    List<Migration> migrations = migrations(dialect);
    try (Connection c = dataSource.getConnection()) {
      if (dialect == JdbcDialect.H2) {
        synchronized (JVM_LOCK) {
          return apply(c, migrations);
        }
      }
      lock(c, dialect);
      try {
        return apply(c, migrations);
      } finally {
        unlock(c, dialect);
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("could not install the wvs-auth schema (SQLState "
          + e.getSQLState() + ", error " + e.getErrorCode() + ")", e);
    }
  }

  /**
   * The bundled migration versions not yet applied to the database behind {@code dataSource}
   * (every one when the history table does not exist). Reads only: nothing is created or locked.
   *
   * @param dataSource the database
   * @param dialect the SQL dialect of the database
   * @return the versions {@link #install} would apply, in order; empty when up to date
   * @throws StoreUnavailableException if the database fails or cannot be reached
   */
  public static List<Integer> pending(DataSource dataSource, JdbcDialect dialect) {
    Objects.requireNonNull(dataSource, "dataSource must not be null");
    List<Integer> pending = new ArrayList<>();
    migrations(Objects.requireNonNull(dialect, "dialect must not be null"))
        .forEach(m -> pending.add(m.version()));
    try (Connection c = dataSource.getConnection()) {
      if (!historyExists(c)) {
        return pending;
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT version FROM " + HISTORY_TABLE)) {
        while (rs.next()) {
          pending.remove(Integer.valueOf(rs.getInt(1)));
        }
      }
      return pending;
    } catch (SQLException e) {
      throw new StoreUnavailableException("could not read the wvs-auth schema history (SQLState "
          + e.getSQLState() + ", error " + e.getErrorCode() + ")", e);
    }
  }

  private static boolean historyExists(Connection c) throws SQLException {
    for (String name : List.of(HISTORY_TABLE, HISTORY_TABLE.toUpperCase(java.util.Locale.ROOT))) {
      try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /** A bundled migration script. */
  record Migration(int version, String description, String script, String sql) {
    long checksum() {
      CRC32 crc = new CRC32();
      crc.update(sql.getBytes(StandardCharsets.UTF_8));
      return crc.getValue();
    }
  }

  /** The migrations of {@code dialect}, read from the classpath, in version order. */
  static List<Migration> migrations(JdbcDialect dialect) {
    List<Migration> result = new ArrayList<>();
    int previous = 0;
    for (String script : SCRIPTS) {
      Matcher m = SCRIPT_NAME.matcher(script);
      if (!m.matches()) {
        throw new IllegalStateException("migration " + script + " is not named V<n>__<description>.sql");
      }
      int version = Integer.parseInt(m.group(1));
      if (version <= previous) {
        throw new IllegalStateException("migration " + script + " is out of order");
      }
      previous = version;
      String path = dialect.resourceFolder() + "/" + script;
      result.add(new Migration(version, m.group(2).replace('_', ' '), script, resource(path)));
    }
    return result;
  }

  private static String resource(String path) {
    ClassLoader loader = SchemaInstaller.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read migration " + path, e);
    }
  }

  /**
   * The statements of a script: split at semicolons that end a line, with whole-line {@code --}
   * comments dropped. The bundled scripts keep to that (no semicolons inside literals, no
   * procedural blocks), so no SQL parser is needed.
   */
  static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\r?\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1).strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private static List<Integer> apply(Connection c, List<Migration> migrations) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    try {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " ("
            + "version INTEGER NOT NULL PRIMARY KEY, "
            + "description VARCHAR(200) NOT NULL, "
            + "script VARCHAR(200) NOT NULL, "
            + "checksum BIGINT NOT NULL, "
            + "installed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
      }
      Map<Integer, Long> applied = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + HISTORY_TABLE)) {
        while (rs.next()) {
          applied.put(rs.getInt(1), rs.getLong(2));
        }
      }
      List<Integer> done = new ArrayList<>();
      for (Migration m : migrations) {
        Long checksum = applied.get(m.version());
        if (checksum != null) {
          if (checksum != m.checksum()) {
            throw new IllegalStateException("migration " + m.script() + " was changed after it was"
                + " applied (checksum " + checksum + " in " + HISTORY_TABLE + ", " + m.checksum()
                + " bundled)");
          }
          continue;
        }
        applyOne(c, m);
        done.add(m.version());
      }
      return done;
    } finally {
      if (!autoCommit) {
        c.setAutoCommit(false);
      }
    }
  }

  private static void applyOne(Connection c, Migration m) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        for (String statement : statements(m.sql())) {
          s.execute(statement);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HISTORY_TABLE
          + " (version, description, script, checksum) VALUES (?, ?, ?, ?)")) {
        ps.setInt(1, m.version());
        ps.setString(2, m.description());
        ps.setString(3, m.script());
        ps.setLong(4, m.checksum());
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void lock(Connection c, JdbcDialect dialect) throws SQLException {
    if (dialect == JdbcDialect.POSTGRESQL) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
        ps.setLong(1, PG_LOCK_KEY);
        ps.execute();
      }
    } else if (dialect == JdbcDialect.MARIADB) {
      try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
        ps.setString(1, MARIADB_LOCK_NAME);
        ps.setInt(2, LOCK_WAIT_SECONDS);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || rs.getInt(1) != 1) {
            throw new StoreUnavailableException("another wvs-auth schema installer held the lock for "
                + LOCK_WAIT_SECONDS + " s");
          }
        }
      }
    }
  }

  private static void unlock(Connection c, JdbcDialect dialect) {
    String sql = dialect == JdbcDialect.POSTGRESQL ? "SELECT pg_advisory_unlock(?)" : "SELECT RELEASE_LOCK(?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (dialect == JdbcDialect.POSTGRESQL) {
        ps.setLong(1, PG_LOCK_KEY);
      } else {
        ps.setString(1, MARIADB_LOCK_NAME);
      }
      ps.execute();
    } catch (SQLException | RuntimeException e) {
      // Session locks end with the session anyway; the pool discards a broken connection.
    }
  }
}
