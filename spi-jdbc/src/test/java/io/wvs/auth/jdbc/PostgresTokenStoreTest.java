package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.ChannelRulesContract;
import io.wvs.auth.inmemory.DeployTokenRulesContract;
import io.wvs.auth.inmemory.ExpiryNotificationRulesContract;
import io.wvs.auth.inmemory.ResourceTokenRulesContract;
import io.wvs.auth.inmemory.TokenStoreContract;
import io.wvs.auth.spi.TokenStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store contract, unchanged, against PostgreSQL (embedded, zonky): one server for the whole class, two pools
 * over it as two application instances, the token table emptied before each test.
 */
class PostgresTokenStoreTest extends TokenStoreContract {
  private static TestDatabase db;
  private static DataSource first;
  private static DataSource second;

  @BeforeAll
  static void startDatabase() {
    db = TestDatabase.postgres();
    first = db.pool("postgres-a", 10);
    second = db.pool("postgres-b", 10);
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
    return new JdbcTokenStore(first, JdbcDialect.POSTGRESQL);
  }

  @Override
  protected TokenStore secondInstance(TokenStore firstInstance) {
    return new JdbcTokenStore(second, JdbcDialect.POSTGRESQL);
  }

  @Override
  protected int raceRounds() {
    // Fewer rounds than the in-memory store plays, to keep the module's tests within minutes on two
    // cores; -Dwvs.jdbc.raceRounds=N plays more.
    return Integer.getInteger("wvs.jdbc.raceRounds", 8);
  }

  @Test
  void dialectIsDetectedFromTheDatabase() {
    assertThat(JdbcDialect.detect(first)).isEqualTo(JdbcDialect.POSTGRESQL);
  }

  @Test
  void installWhenSchemaIsCurrentThenAppliesNothing() {
    assertThat(SchemaInstaller.install(first)).isEmpty();
    assertThat(SchemaInstaller.install(second, JdbcDialect.POSTGRESQL)).isEmpty();
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
      return new JdbcTokenStore(first, JdbcDialect.POSTGRESQL);
    }
  }

  /** The project and group access token rules over this database. */
  @Nested
  class ResourceTokens extends ResourceTokenRulesContract {
    @Override
    protected TokenStore newStore() {
      db.clean(first);
      return new JdbcTokenStore(first, JdbcDialect.POSTGRESQL);
    }
  }

  /** The deploy token rules over this database. */
  @Nested
  class DeployTokens extends DeployTokenRulesContract {
    @Override
    protected TokenStore newStore() {
      db.clean(first);
      return new JdbcTokenStore(first, JdbcDialect.POSTGRESQL);
    }
  }

  /** The channel rules over this database. */
  @Nested
  class Channels extends ChannelRulesContract {
    @Override
    protected TokenStore newStore() {
      db.clean(first);
      return new JdbcTokenStore(first, JdbcDialect.POSTGRESQL);
    }
  }
}
