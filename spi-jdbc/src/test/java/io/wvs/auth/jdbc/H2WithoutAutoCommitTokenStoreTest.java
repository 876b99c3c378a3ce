package io.wvs.auth.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on H2 through pools that hand out connections with auto-commit off: the store
 * must commit its own writes and end its reads' transactions, or the other instance would never
 * see them (and row locks would pile up).
 */
class H2WithoutAutoCommitTokenStoreTest extends AbstractJdbcStoreTest {
  @RegisterExtension
  static final JdbcStoreFixture DATABASE =
      JdbcStoreFixture.withoutAutoCommit(TestDatabase::h2, "manual", JdbcDialect.H2);

  H2WithoutAutoCommitTokenStoreTest() {
    super(DATABASE, 5);
  }
}
