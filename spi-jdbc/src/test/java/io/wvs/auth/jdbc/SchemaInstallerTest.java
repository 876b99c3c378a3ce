package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.PepperMismatchException;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.User;
import io.wvs.auth.tck.ContractRace;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bundled migrations and {@link SchemaInstaller}, on in-process H2. */
class SchemaInstallerTest {
  private TestDatabase db;
  private DataSource dataSource;

  @BeforeEach
  void freshDatabase() {
    db = TestDatabase.h2();
    dataSource = db.pool("installer", 4);
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void everyDialectShipsTheSameFlywayNamedScriptsAndNothingElse() throws Exception {
    for (JdbcDialect dialect : EnumSet.allOf(JdbcDialect.class)) {
      List<String> files = filesIn(dialect.resourceFolder());

      assertThat(files).as("%s", dialect).containsExactlyInAnyOrderElementsOf(SchemaInstaller.SCRIPTS);
      assertThat(files).as("%s", dialect).allSatisfy(name ->
          assertThat(name).matches("V[1-9][0-9]*__[A-Za-z0-9_]+\\.sql"));
      assertThat(dialect.migrationLocation()).isEqualTo("classpath:" + dialect.resourceFolder());
    }
    assertThat(SchemaInstaller.migrations(JdbcDialect.POSTGRESQL))
        .extracting(SchemaInstaller.Migration::version)
        .isSorted()
        .doesNotHaveDuplicates();
  }

  @Test
  void scriptsAreAsciiAndSplitIntoTheExpectedStatements() {
    for (JdbcDialect dialect : EnumSet.allOf(JdbcDialect.class)) {
      for (SchemaInstaller.Migration m : SchemaInstaller.migrations(dialect)) {
        List<String> statements = SchemaInstaller.statements(m.sql());
        assertThat(statements).as("%s %s", dialect, m.script()).isNotEmpty()
            .allSatisfy(s -> assertThat(s).doesNotEndWith(";").doesNotStartWith("--"));
        assertThat(m.sql().chars()).as("%s %s", dialect, m.script()).allMatch(c -> c < 128);
      }
    }
    assertThat(SchemaInstaller.statements("-- a comment\nCREATE TABLE a (x INT);\n\n  -- b\nCREATE INDEX i\n  ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
  }

  @Test
  void installAppliesEachMigrationOnceAndRecordsItInItsOwnHistoryTable() throws SQLException {
    assertThat(SchemaInstaller.install(dataSource)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(SchemaInstaller.install(dataSource)).isEmpty();
    assertThat(SchemaInstaller.install(dataSource, JdbcDialect.H2)).isEmpty();

    List<String> history = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, script FROM " + SchemaInstaller.HISTORY_TABLE
            + " ORDER BY version")) {
      while (rs.next()) {
        history.add(rs.getInt(1) + " " + rs.getString(2));
      }
    }
    assertThat(history).containsExactly("1 V1__wvs_auth_tokens.sql", "2 V2__wvs_auth_expiry_notices.sql",
        "3 V3__wvs_auth_expiry_keyset_index.sql", "4 V4__wvs_auth_name_code_points.sql",
        "5 V5__wvs_auth_key_checks.sql", "6 V6__wvs_auth_token_descriptions.sql",
        "7 V7__wvs_auth_last_used_ips.sql", "8 V8__wvs_auth_rotation_grace.sql");
    assertThat(tableExists("flyway_schema_history")).isFalse();
    assertThat(tableExists(JdbcTokenStore.TABLE)).isTrue();
    assertThat(tableExists(JdbcTokenStore.NOTICES)).isTrue();
    assertThat(tableExists(JdbcTokenStore.KEY_CHECKS)).isTrue();
  }

  @Test
  void aStoreFromBeforeKeyChecksGetsTheirTableOnUpgradeAndTheFirstStartRegistersItsPepper()
      throws SQLException {
    // A schema of the version before check values (migrations 1 to 4), holding a token.
    SchemaInstaller.install(dataSource);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + JdbcTokenStore.KEY_CHECKS);
      s.executeUpdate("DELETE FROM " + SchemaInstaller.HISTORY_TABLE + " WHERE version = 5");
    }
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 5);
    InMemoryUserDirectory directory = new InMemoryUserDirectory();
    directory.put(User.regular(2, "alice"));
    JdbcTokenStore store = new JdbcTokenStore(dataSource, JdbcDialect.H2);
    assertThatThrownBy(() -> start(store, directory, pepper))
        .as("without the table the instance does not start unchecked")
        .isInstanceOf(StoreUnavailableException.class);

    assertThat(SchemaInstaller.install(dataSource)).containsExactly(5);
    WvsAuth first = start(store, directory, pepper);
    String token = first.personalTokens().create(2, 2, TokenSpec.of("laptop", Scope.READ_API)).value();

    byte[] otherPepper = pepper.clone();
    otherPepper[0] ^= 1;
    assertThatThrownBy(() -> start(store, directory, otherPepper))
        .isInstanceOf(PepperMismatchException.class).hasMessageContaining("'k1'");
    assertThat(start(store, directory, pepper.clone()).authenticator()
        .authenticate(AuthRequest.api(token, "GET"))).isInstanceOf(AuthResult.Success.class);
  }

  private static WvsAuth start(JdbcTokenStore store, InMemoryUserDirectory directory, byte[] pepper) {
    return WvsAuth.builder().tokenStore(store).userDirectory(directory)
        .keyring(DigestKeyring.of("k1", pepper))
        .clock(Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC)).build();
  }

  @Test
  void pendingListsTheMigrationsNotAppliedYetAndWritesNothing() throws SQLException {
    assertThat(SchemaInstaller.pending(dataSource, JdbcDialect.H2)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(tableExists(SchemaInstaller.HISTORY_TABLE)).isFalse();

    SchemaInstaller.install(dataSource);
    assertThat(SchemaInstaller.pending(dataSource, JdbcDialect.H2)).isEmpty();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM " + SchemaInstaller.HISTORY_TABLE + " WHERE version = 5");
    }
    assertThat(SchemaInstaller.pending(dataSource, JdbcDialect.H2)).containsExactly(5);
  }

  @Test
  void installRacedByFourInstancesAppliesOnce() throws Exception {
    try (ContractRace race = new ContractRace(4)) {
      List<Callable<List<Integer>>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tasks.add(() -> SchemaInstaller.install(dataSource, JdbcDialect.H2));
      }

      List<List<Integer>> applied = race.run(tasks);

      assertThat(applied.stream().flatMap(List::stream).collect(Collectors.toList())).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }
  }

  @Test
  void installWhenAnAppliedMigrationWasChangedThenRefuses() throws SQLException {
    SchemaInstaller.install(dataSource);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE " + SchemaInstaller.HISTORY_TABLE + " SET checksum = 42 WHERE version = 1");
    }

    assertThatThrownBy(() -> SchemaInstaller.install(dataSource))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("V1__wvs_auth_tokens.sql");
  }

  @Test
  void installWhenTheTableWasHalfCreatedThenFinishesTheJob() throws SQLException {
    // As after a crash between two DDL statements on a database whose DDL commits by itself.
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(SchemaInstaller.statements(SchemaInstaller.migrations(JdbcDialect.H2).get(0).sql()).get(0));
    }

    assertThat(SchemaInstaller.install(dataSource)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(indexExists("WVS_AUTH_TOKENS_EXPIRY_ID_IDX")).isTrue();
  }

  /**
   * A rolling upgrade: the description column joins a table that holds tokens, which read back
   * without a description, and an instance of the version before (whose insert names only its own
   * columns) goes on writing rows the new version reads.
   */
  @Test
  void theDescriptionMigrationKeepsEveryRowReadableByBothVersions() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (SchemaInstaller.Migration m : SchemaInstaller.migrations(JdbcDialect.H2).subList(0, 5)) {
        for (String statement : SchemaInstaller.statements(m.sql())) {
          s.execute(statement);
        }
      }
      s.executeUpdate(OLDER_VERSIONS_INSERT + "('PERSONAL', 7, 'before', 'api', 'k1:" + "aa".repeat(32) + "',"
          + " TIMESTAMP '2026-01-01 00:00:00', 1)");
    }

    assertThat(SchemaInstaller.install(dataSource)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(OLDER_VERSIONS_INSERT + "('PERSONAL', 7, 'during', 'api', 'k1:" + "bb".repeat(32) + "',"
          + " TIMESTAMP '2026-01-02 00:00:00', 2)");
    }

    JdbcTokenStore store = new JdbcTokenStore(dataSource, JdbcDialect.H2);
    assertThat(store.find(io.wvs.auth.spi.TokenQuery.ofUser(7, io.wvs.auth.TokenType.PERSONAL)))
        .extracting(r -> r.name() + "/" + r.description())
        .containsExactly("before/null", "during/null");
  }

  /**
   * A rolling upgrade: the client-address columns join a table that holds tokens, which read back
   * with none, and an instance of the version before goes on inserting rows and recording uses
   * (naming only its own columns) that the new version reads.
   */
  @Test
  void theLastUsedIpsMigrationKeepsEveryRowReadableByBothVersions() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (SchemaInstaller.Migration m : SchemaInstaller.migrations(JdbcDialect.H2).subList(0, 6)) {
        for (String statement : SchemaInstaller.statements(m.sql())) {
          s.execute(statement);
        }
      }
      s.executeUpdate(OLDER_VERSIONS_INSERT + "('PERSONAL', 8, 'before', 'api', 'k1:" + "cc".repeat(32) + "',"
          + " TIMESTAMP '2026-01-01 00:00:00', 1)");
    }

    assertThat(SchemaInstaller.install(dataSource)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(OLDER_VERSIONS_INSERT + "('PERSONAL', 8, 'during', 'api', 'k1:" + "dd".repeat(32) + "',"
          + " TIMESTAMP '2026-01-02 00:00:00', 2)");
      s.executeUpdate("UPDATE " + JdbcTokenStore.TABLE + " SET last_used_at = TIMESTAMP '2026-01-03 00:00:00'"
          + " WHERE name = 'during'");
    }

    JdbcTokenStore store = new JdbcTokenStore(dataSource, JdbcDialect.H2);
    List<io.wvs.auth.spi.TokenRecord> rows =
        store.find(io.wvs.auth.spi.TokenQuery.ofUser(8, io.wvs.auth.TokenType.PERSONAL));
    assertThat(rows).extracting(r -> r.name() + "/" + r.lastUsedIps() + "/" + r.lastUsedIpsAdded())
        .containsExactly("before/[]/0", "during/[]/0");
    long during = rows.get(1).id();
    assertThat(store.addLastUsedIp(during, List.of(), 0, List.of("192.0.2.1"))).isTrue();
    assertThat(store.findById(during).orElseThrow().lastUsedIps()).containsExactly("192.0.2.1");
  }

  /** The insert of the version before descriptions: it names its columns, not description. */
  private static final String OLDER_VERSIONS_INSERT = "INSERT INTO " + JdbcTokenStore.TABLE
      + " (type, user_id, name, scopes, digest, created_at, family_id) VALUES ";

  @Test
  void dialectIsRecognisedFromTheProductName() {
    assertThat(JdbcDialect.fromProductName("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.fromProductName("H2")).isEqualTo(JdbcDialect.H2);
    assertThat(JdbcDialect.fromProductName("MariaDB")).isEqualTo(JdbcDialect.MARIADB);
    assertThat(JdbcDialect.fromProductName("MySQL")).isEqualTo(JdbcDialect.MARIADB);
    assertThatThrownBy(() -> JdbcDialect.fromProductName("Oracle"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Oracle");
    assertThat(JdbcDialect.detect(dataSource)).isEqualTo(JdbcDialect.H2);
  }

  private boolean tableExists(String name) throws SQLException {
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, name.toUpperCase(java.util.Locale.ROOT), null)) {
      return rs.next();
    }
  }

  private boolean indexExists(String name) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.indexes WHERE index_name = '"
            + name + "'")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  private static List<String> filesIn(String folder) throws IOException, URISyntaxException {
    URL url = SchemaInstaller.class.getClassLoader().getResource(folder);
    assertThat(url).as(folder).isNotNull();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
