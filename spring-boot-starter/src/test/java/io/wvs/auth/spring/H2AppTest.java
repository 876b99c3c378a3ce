package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.spring.app.ScopedApp;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The application on H2, its schema migrated by the application's Flyway. */
@SpringBootTest(classes = ScopedApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:wvs-boot;DB_CLOSE_DELAY=-1",
    "wvs.auth.pepper.env=TEST_WVS_PEPPER",
    "TEST_WVS_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL,
    "wvs.auth.rest-api.enabled=true"})
class H2AppTest extends ScopeGuardedAppContract {

  @Test
  void theApplicationsFlywayMigratesTheSchemaWithAHistoryTableOfItsOwn() throws Exception {
    try (Connection c = dataSource.getConnection();
        ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"wvs_auth_flyway_history\" WHERE \"success\"")) {
      r.next();
      assertThat(r.getInt(1)).isGreaterThanOrEqualTo(5);
    }
  }
}
