package io.wvs.auth.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.SchemaInstaller;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's connection pool: an embedded H2 file database in the data folder by default, or the
 * database of {@code --jdbc-url} (PostgreSQL; the driver is on the class path).
 */
final class DemoDatabase {
  /** The H2 database's base name in the data folder (H2 adds {@code .mv.db}). */
  static final String H2_NAME = "wvs-auth";
  /** The start-up lines keep the server's logger name. */
  private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);

  private DemoDatabase() {}

  /**
   * The settings that make an H2 file database keep every commit it has acknowledged when the
   * process dies: {@code WRITE_DELAY=0} makes each commit write its changes to the file before
   * the commit returns (H2's default, 500 ms, acknowledges first and writes up to half a second
   * later, so a killed process loses what it acknowledged in that time). H2 reads the setting from
   * the URL at every open (a {@code SET WRITE_DELAY} does not survive a reopen), so the URL must
   * carry it. H2 does not fsync a commit: an operating-system crash or power loss can still lose
   * the last commits, which only a database that syncs its log on commit prevents.
   */
  static final String H2_DURABLE_SETTINGS = ";WRITE_DELAY=0";

  /** The JDBC URL of the embedded H2 database in {@code dataDir}. */
  static String h2Url(Path dataDir) {
    // DB_CLOSE_ON_EXIT=FALSE: the server closes the pool itself on shutdown, after the last request.
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(H2_NAME) + ";DB_CLOSE_ON_EXIT=FALSE"
        + H2_DURABLE_SETTINGS;
  }

  /** Opens the pool for {@code config}. Fails at once if the database cannot be reached. */
  static HikariDataSource open(DemoConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("wvs-auth-demo");
    if (config.embeddedDatabase()) {
      hc.setJdbcUrl(h2Url(config.dataDir()));
      hc.setUsername("sa");
      hc.setPassword("");
    } else {
      hc.setJdbcUrl(config.jdbcUrl());
      if (config.jdbcUser() != null) {
        hc.setUsername(config.jdbcUser());
      }
      if (config.jdbcPassword() != null) {
        hc.setPassword(config.jdbcPassword());
      }
    }
    hc.setMaximumPoolSize(8);
    // Short: with the database down every request waits this long before its 503 (fail closed fast).
    hc.setConnectionTimeout(3_000);
    return new HikariDataSource(hc);
  }

  /** Installs the token store schema versions the database lacks; returns its dialect. */
  static JdbcDialect installSchema(HikariDataSource dataSource) {
    JdbcDialect dialect = JdbcDialect.detect(dataSource);
    List<Integer> applied = SchemaInstaller.install(dataSource, dialect);
    if (!applied.isEmpty()) {
      LOG.info("installed token store schema versions {} ({})", applied, dialect);
    }
    return dialect;
  }

  /** Where the data lives, for the start-up summary (no password). */
  static String describe(DemoConfig config) {
    return config.embeddedDatabase()
        ? "H2 file database " + config.dataDir().toAbsolutePath().resolve(H2_NAME + ".mv.db")
        : config.jdbcUrl().replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
