package io.wvs.auth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL the PostgreSQL benchmarks run on, and a pool on it. Durability is off
 * (no fsync, no synchronous commit, no full-page writes): the benchmarks measure the library's
 * work and the round trips, not the disk.
 */
final class BenchmarkPostgres {
  private BenchmarkPostgres() {}

  /** A server builder with durability off; a caller may add settings before {@code start()}. */
  static EmbeddedPostgres.Builder withoutDurability() {
    return EmbeddedPostgres.builder()
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off");
  }

  /** A pool of {@code size} connections (all kept open) as the superuser, auto-commit on. */
  static HikariDataSource pool(EmbeddedPostgres server, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    config.setPassword("");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }
}
