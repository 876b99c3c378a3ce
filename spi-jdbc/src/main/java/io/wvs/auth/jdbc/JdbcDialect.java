package io.wvs.auth.jdbc;

import io.wvs.auth.StoreUnavailableException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The SQL dialects {@link JdbcTokenStore} and {@link SchemaInstaller} speak, each with its own
 * set of migrations under {@code db/wvs-auth/<folder>/} on the classpath.
 *
 * @since 0.1
 */
public enum JdbcDialect {
  /** PostgreSQL 12 or later. */
  POSTGRESQL("postgresql"),
  /** H2 2.x, in its default (regular) compatibility mode. */
  H2("h2"),
  /** MariaDB 10.5 or later, and MySQL 8.0.16 or later, with InnoDB. */
  MARIADB("mariadb");

  private final String folder;

  JdbcDialect(String folder) {
    this.folder = folder;
  }

  /**
   * Where this dialect's migrations are, in Flyway's location syntax, e.g.
   * {@code classpath:db/wvs-auth/postgresql}: hand it to a host's Flyway as a location.
   *
   * @return the location, e.g. {@code classpath:db/wvs-auth/postgresql}
   */
  public String migrationLocation() {
    return "classpath:" + resourceFolder();
  }

  /** The classpath folder of this dialect's migrations, without a leading slash. */
  String resourceFolder() {
    return "db/wvs-auth/" + folder;
  }

  /**
   * The dialect of the database behind {@code dataSource}, from its
   * {@link DatabaseMetaData#getDatabaseProductName() product name}. Opens and closes one
   * connection.
   *
   * @param dataSource the database
   * @return the dialect
   * @throws StoreUnavailableException if no connection could be had
   * @throws IllegalArgumentException if the database is none of the supported ones
   */
  public static JdbcDialect detect(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource must not be null");
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new StoreUnavailableException("could not connect to detect the database dialect (SQLState "
          + e.getSQLState() + ")", e);
    }
    return fromProductName(product);
  }

  /** The dialect of a database reporting {@code product} as its product name. */
  static JdbcDialect fromProductName(String product) {
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (p.equals("h2")) {
      return H2;
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return MARIADB;
    }
    throw new IllegalArgumentException("unsupported database '" + product
        + "'; supported: PostgreSQL, H2, MariaDB/MySQL");
  }

  /** Prepares an INSERT whose generated id can be read with {@code getGeneratedKeys()}. */
  PreparedStatement prepareInsert(Connection c, String sql) throws SQLException {
    if (this == POSTGRESQL) {
      // Only the id, not RETURNING * (what RETURN_GENERATED_KEYS means to the PostgreSQL driver).
      return c.prepareStatement(sql, new String[] {"id"});
    }
    return c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
  }

  /**
   * Whether {@code e} reports a unique-key violation (a duplicate digest): SQLState 23505 on
   * PostgreSQL and H2; 23000 with error 1062 (duplicate entry) on MariaDB and MySQL, where 23000
   * also covers not-null and foreign-key failures.
   */
  /**
   * Whether {@code e} (or one chained to it) says the database rolled the transaction back to
   * resolve a conflict with another: a serialization failure ({@code 40001}, which is how
   * MariaDB/MySQL and H2 report a deadlock) or PostgreSQL's deadlock ({@code 40P01}). Running the
   * work again is safe and usually succeeds.
   */
  static boolean isTransientConflict(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      String state = s.getSQLState();
      if ("40001".equals(state) || "40P01".equals(state)) {
        return true;
      }
      if (s.getNextException() == s) {
        break;
      }
    }
    return false;
  }

  static boolean isUniqueViolation(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      String state = s.getSQLState();
      if ("23505".equals(state)) {
        return true;
      }
      if ("23000".equals(state) && (s.getErrorCode() == 1062 || s.getErrorCode() == 1586)) {
        return true;
      }
      if (s.getNextException() == s) {
        break;
      }
    }
    return false;
  }
}
