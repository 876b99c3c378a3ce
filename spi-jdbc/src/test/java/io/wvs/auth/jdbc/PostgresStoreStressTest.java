package io.wvs.auth.jdbc;

import io.wvs.auth.tck.StoreStressContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The concurrency stress run against embedded PostgreSQL (zonky): half the workers on each of two
 * pools over one database, as two application instances.
 */
class PostgresStoreStressTest extends StoreStressContract {
  @RegisterExtension
  static final JdbcStoreFixture DATABASE =
      JdbcStoreFixture.of(TestDatabase::postgres, "postgres-stress", JdbcDialect.POSTGRESQL);

  PostgresStoreStressTest() {
    super(DATABASE::newStore, first -> DATABASE.secondStore());
  }
}
