package io.wvs.auth.jdbc;

import io.wvs.auth.inmemory.TokenStoreContract;
import io.wvs.auth.spi.TokenStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on H2 through pools that hand out connections with auto-commit off: the store
 * must commit its own writes and end its reads' transactions, or the other instance would never
 * see them (and row locks would pile up).
 */
class H2WithoutAutoCommitTokenStoreTest extends TokenStoreContract {
  private static TestDatabase db;
  private static DataSource first;
  private static DataSource second;

  @BeforeAll
  static void startDatabase() {
    db = TestDatabase.h2();
    first = db.poolWithoutAutoCommit("manual-a", 10);
    second = db.poolWithoutAutoCommit("manual-b", 10);
    SchemaInstaller.install(first, JdbcDialect.H2);
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected TokenStore newStore() {
    db.clean(first);
    return new JdbcTokenStore(first, JdbcDialect.H2);
  }

  @Override
  protected TokenStore secondInstance(TokenStore firstInstance) {
    return new JdbcTokenStore(second, JdbcDialect.H2);
  }

  @Override
  protected int raceRounds() {
    return Integer.getInteger("wvs.jdbc.raceRounds", 5);
  }
}
