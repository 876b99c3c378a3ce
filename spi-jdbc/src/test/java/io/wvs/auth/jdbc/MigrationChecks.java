package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.tck.ContractFixtures;
import io.wvs.auth.spi.TokenRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Checks of the bundled migrations that every database's test class runs. */
final class MigrationChecks {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private MigrationChecks() {}

  /** Every bundled migration version, in order. */
  static List<Integer> allVersions() {
    return SchemaInstaller.migrations(JdbcDialect.H2).stream()
        .map(SchemaInstaller.Migration::version).collect(java.util.stream.Collectors.toList());
  }

  /**
   * A host's Flyway, pointed at {@link JdbcDialect#migrationLocation()} with a history table of
   * its own, builds a schema the store works on; a later {@link SchemaInstaller#install} on it
   * neither fails nor touches data, and Flyway then still finds nothing pending and validates.
   */
  static void flywayRunsTheBundledMigrations(TestDatabase db) {
    DataSource dataSource = db.newDatabase("flyway_" + NAMES.incrementAndGet());
    Flyway flyway = Flyway.configure()
        .dataSource(dataSource)
        .locations(db.dialect().migrationLocation())
        .table("wvs_auth_flyway_history")
        .load();

    assertThat(flyway.migrate().migrationsExecuted).isEqualTo(SchemaInstaller.SCRIPTS.size());

    JdbcTokenStore store = new JdbcTokenStore(dataSource, db.dialect());
    TokenRecord token = store.insert(ContractFixtures.deploy(ContractFixtures.newProject()).build());
    assertThat(store.findByDigest(List.of(token.digest()))).contains(token);
    // The scripts are re-runnable, so the installer over a Flyway-made schema just records them.
    assertThat(SchemaInstaller.install(dataSource, db.dialect())).containsExactlyElementsOf(allVersions());
    assertThat(store.findById(token.id())).contains(token);
    assertThat(flyway.migrate().migrationsExecuted).isZero();
    flyway.validate();
  }

  /**
   * A host that starts with the installer and moves to Flyway baselines at version 0: Flyway
   * re-runs the (re-runnable) scripts over the existing schema and keeps the data.
   */
  static void flywayTakesOverFromTheInstaller(TestDatabase db) {
    DataSource dataSource = db.newDatabase("installer_" + NAMES.incrementAndGet());
    assertThat(SchemaInstaller.install(dataSource)).containsExactlyElementsOf(allVersions());
    JdbcTokenStore store = new JdbcTokenStore(dataSource, db.dialect());
    TokenRecord token = store.insert(ContractFixtures.personal(ContractFixtures.newUserId()).build());

    Flyway flyway = Flyway.configure()
        .dataSource(dataSource)
        .locations(db.dialect().migrationLocation())
        .table("wvs_auth_flyway_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();

    assertThat(flyway.migrate().migrationsExecuted).isEqualTo(SchemaInstaller.SCRIPTS.size());
    assertThat(store.findById(token.id())).contains(token);
    assertThat(SchemaInstaller.install(dataSource)).isEmpty();
  }
}
