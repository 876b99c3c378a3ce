package io.wvs.auth.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract, unchanged, against H2 in this JVM: one server for the whole class, two pools
 * over it as two application instances, the token table emptied before each test.
 */
class H2TokenStoreTest extends AbstractJdbcRulesTest {
  @RegisterExtension
  static final JdbcStoreFixture DATABASE = JdbcStoreFixture.of(TestDatabase::h2, "h2", JdbcDialect.H2);

  H2TokenStoreTest() {
    super(DATABASE, 10);
  }
}
