package io.wvs.auth.jdbc;

import io.wvs.auth.tck.TokenStoreContract;
import io.wvs.auth.spi.TokenStore;

/**
 * The store contract, unchanged, over a {@link JdbcStoreFixture}: each store on the first pool,
 * the second instance on the second. A concrete class registers its fixture as a static
 * {@code @RegisterExtension} field and hands it, with its race rounds, to this constructor.
 */
abstract class AbstractJdbcStoreTest extends TokenStoreContract {
  protected final JdbcStoreFixture database;
  private final int defaultRaceRounds;

  protected AbstractJdbcStoreTest(JdbcStoreFixture database, int defaultRaceRounds) {
    this.database = database;
    this.defaultRaceRounds = defaultRaceRounds;
  }

  @Override
  protected TokenStore newStore() {
    return database.newStore();
  }

  @Override
  protected TokenStore secondInstance(TokenStore firstInstance) {
    return database.secondStore();
  }

  @Override
  public int raceRounds() {
    // Fewer rounds than the in-memory store plays, to keep the module's tests within minutes on two
    // cores; -Dwvs.jdbc.raceRounds=N plays more.
    return Integer.getInteger("wvs.jdbc.raceRounds", defaultRaceRounds);
  }
}
