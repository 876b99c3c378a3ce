package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.SchemaInstaller;
import io.wvs.auth.spring.app.ScopedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application on an embedded PostgreSQL without Flyway: the library's installer makes the
 * schema ({@code wvs.auth.jdbc.initialize-schema=true}), the pepper comes from a file.
 */
@SpringBootTest(classes = ScopedApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.flyway.enabled=false",
    "wvs.auth.jdbc.initialize-schema=true",
    "wvs.auth.rest-api.enabled=true"})
class PostgresAppTest extends ScopeGuardedAppContract {
  private static final EmbeddedPostgres POSTGRES = start();

  private static EmbeddedPostgres start() {
    return SharedPostgres.server();
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws IOException {
    Path pepper = Files.createTempFile("wvs-pepper", ".key");
    Files.writeString(pepper, PEPPER_LITERAL + "\n");
    pepper.toFile().deleteOnExit();
    registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("wvs.auth.pepper.file", pepper::toString);
  }

  @Test
  void theStoreSpeaksPostgresqlAndTheInstallerMadeTheSchema() throws Exception {
    assertThat(JdbcDialect.detect(dataSource)).isEqualTo(JdbcDialect.POSTGRESQL);
    try (Connection c = dataSource.getConnection();
        ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + SchemaInstaller.HISTORY_TABLE)) {
      r.next();
      assertThat(r.getInt(1)).isGreaterThanOrEqualTo(5);
    }
  }
}
