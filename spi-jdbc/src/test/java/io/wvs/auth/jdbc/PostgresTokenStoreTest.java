package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.ChannelRulesContract;
import io.wvs.auth.inmemory.ContractFixtures;
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
  void everyHotQueryCanUseItsIndex() throws java.sql.SQLException {
    String digest = ContractFixtures.newDigest().encoded();
    java.util.Map<String, String> queries = new java.util.LinkedHashMap<>();
    queries.put("wvs_auth_tokens_digest_uq",
        "SELECT id FROM wvs_auth_tokens WHERE digest IN ('" + digest + "', 'k0:00')");
    queries.put("wvs_auth_tokens_user_idx",
        "SELECT id FROM wvs_auth_tokens WHERE type IN ('PERSONAL') AND user_id = 5 ORDER BY id");
    queries.put("wvs_auth_tokens_resource_idx", "SELECT id FROM wvs_auth_tokens WHERE type IN"
        + " ('DEPLOY') AND resource_kind = 'PROJECT' AND resource_id = 5 ORDER BY id");
    queries.put("wvs_auth_tokens_family_idx",
        "UPDATE wvs_auth_tokens SET revoked_at = now() WHERE family_id = 5 AND revoked_at IS NULL");
    queries.put("wvs_auth_tokens_expiry_idx", "SELECT id FROM wvs_auth_tokens WHERE expires_on IS"
        + " NOT NULL AND expires_on >= DATE '2026-03-10' AND expires_on <= DATE '2026-03-17' AND"
        + " revoked_at IS NULL AND type <> 'IMPERSONATION' AND id > 0 ORDER BY id LIMIT 500");
    try (java.sql.Connection c = first.getConnection(); java.sql.Statement st = c.createStatement()) {
      // The table is nearly empty, so make the planner show which index it would use.
      st.execute("SET enable_seqscan = off");
      try {
        for (java.util.Map.Entry<String, String> q : queries.entrySet()) {
          StringBuilder plan = new StringBuilder();
          try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN " + q.getValue())) {
            while (rs.next()) {
              plan.append(rs.getString(1)).append('\n');
            }
          }
          assertThat(plan.toString()).as(q.getValue()).contains(q.getKey());
        }
      } finally {
        st.execute("RESET enable_seqscan");
      }
    }
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
