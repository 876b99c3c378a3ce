package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.tck.ContractFixtures;
import io.wvs.auth.tck.ExpiryNotificationRulesContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store contract against one kind of database, with its schema checks (dialect detection, the
 * installer, Flyway) and the expiry e-mail rules.
 */
abstract class AbstractJdbcDatabaseTest extends AbstractJdbcStoreTest {

  protected AbstractJdbcDatabaseTest(JdbcStoreFixture database, int defaultRaceRounds) {
    super(database, defaultRaceRounds);
  }

  @Test
  void dialectIsDetectedFromTheDatabase() {
    assertThat(JdbcDialect.detect(database.first())).isEqualTo(database.dialect());
  }

  @Test
  void installWhenSchemaIsCurrentThenAppliesNothing() {
    assertThat(SchemaInstaller.install(database.first())).isEmpty();
    assertThat(SchemaInstaller.install(database.second(), database.dialect())).isEmpty();
  }

  @Test
  void flywayRunsTheBundledMigrations() {
    MigrationChecks.flywayRunsTheBundledMigrations(database.db());
  }

  @Test
  void flywayTakesOverFromTheInstaller() {
    MigrationChecks.flywayTakesOverFromTheInstaller(database.db());
  }

  /**
   * Names are limited in code points: the longest name the library accepts, 255 characters outside
   * the Basic Multilingual Plane (510 UTF-16 units), is stored and read back whole.
   */
  @Test
  void aNameOf255CodePointsOutsideTheBmpIsStoredWhole() {
    String longest = "\ud83d\udd11".repeat(io.wvs.auth.TokenSpec.MAX_NAME_LENGTH);
    TokenRecord inserted = store.insert(ContractFixtures.personal(ContractFixtures.newUserId()).name(longest).build());

    assertThat(stored(inserted.id()).name()).isEqualTo(longest);
  }

  /** The expiry e-mail rules over this database, the store as the notice ledger. */
  @Nested
  class ExpiryNotices extends ExpiryNotificationRulesContract {
    @Override
    protected TokenStore newStore() {
      return database.newStore();
    }
  }
}
