package io.wvs.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.tck.ContractFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract, unchanged, against PostgreSQL (embedded, zonky): one server for the whole class, two pools
 * over it as two application instances, the token table emptied before each test.
 */
class PostgresTokenStoreTest extends AbstractJdbcRulesTest {
  @RegisterExtension
  static final JdbcStoreFixture DATABASE =
      JdbcStoreFixture.of(TestDatabase::postgres, "postgres", JdbcDialect.POSTGRESQL);

  PostgresTokenStoreTest() {
    super(DATABASE, 8);
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
    queries.put("wvs_auth_tokens_expiry_id_idx", "SELECT id FROM wvs_auth_tokens WHERE expires_on IS"
        + " NOT NULL AND revoked_at IS NULL AND type <> 'IMPERSONATION' AND expires_on >= DATE"
        + " '2026-03-10' AND expires_on <= DATE '2026-03-17' AND (expires_on > DATE '2026-03-10' OR"
        + " (expires_on = DATE '2026-03-10' AND id > 0)) ORDER BY expires_on, id LIMIT 500");
    try (java.sql.Connection c = database.first().getConnection(); java.sql.Statement st = c.createStatement()) {
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
}
