package io.wvs.auth.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One embedded PostgreSQL for the test classes that only need a database (starting one costs
 * seconds): each takes a database of its own. Stopped when the JVM exits.
 */
final class SharedPostgres {
  private static EmbeddedPostgres postgres;

  private SharedPostgres() {}

  /** {@return the running server, started on first use} */
  static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        EmbeddedPostgres started = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            started.close();
          } catch (IOException ignored) {
            // the JVM is going away
          }
        }));
        postgres = started;
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
    }
    return postgres;
  }

  /** {@return the JDBC URL of a new, empty database {@code name} on the shared server} */
  static String newDatabase(String name) {
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the database " + name, e);
    }
    return server().getJdbcUrl("postgres", name);
  }
}
