package io.wvs.auth.jdbc;

import io.wvs.auth.tck.StoreStressContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The concurrency stress run against H2 in this JVM: half the workers on each of two pools over
 * one database, as two application instances.
 */
class H2StoreStressTest extends StoreStressContract {
  @RegisterExtension
  static final JdbcStoreFixture DATABASE =
      JdbcStoreFixture.of(TestDatabase::h2, "h2-stress", JdbcDialect.H2);

  H2StoreStressTest() {
    super(DATABASE::newStore, first -> DATABASE.secondStore());
  }
}
