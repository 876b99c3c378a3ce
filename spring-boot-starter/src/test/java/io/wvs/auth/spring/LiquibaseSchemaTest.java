package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.SchemaInstaller;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application that uses Liquibase, not Flyway: its own changelog runs, then the wvs-auth
 * changelog into change-log tables of its own, on H2 and on embedded PostgreSQL; the store then
 * authenticates and refuses a revoked token.
 */
class LiquibaseSchemaTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          LiquibaseAutoConfiguration.class, WvsAuthAutoConfiguration.class))
      .withBean(UserDirectory.class, () -> {
        InMemoryUserDirectory d = new InMemoryUserDirectory();
        d.put(User.regular(1, "alice"));
        return d;
      })
      .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL,
          "spring.liquibase.change-log=classpath:db/changelog/app-test.xml");

  @Test
  void onH2WithoutFlywayTheApplicationsLiquibaseRunsThenTheWvsAuthChangelogIntoItsOwnTables() {
    runner.withClassLoader(new FilteredClassLoader("org.flywaydb"))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:liquibase-h2;DB_CLOSE_DELAY=-1")
        .run(context -> theSchemaCameThroughLiquibaseAndTokensWork(context, JdbcDialect.H2));
  }

  @Test
  void onPostgresqlWithFlywayTurnedOffTheApplicationsLiquibaseRunsThenTheWvsAuthChangelogIntoItsOwnTables() {
    String url = SharedPostgres.newDatabase("liquibase_schema");
    runner.withPropertyValues("spring.flyway.enabled=false", "spring.datasource.url=" + url,
            "spring.datasource.username=postgres")
        .run(context -> {
          theSchemaCameThroughLiquibaseAndTokensWork(context, JdbcDialect.POSTGRESQL);
          // Every bundled migration, one change set each (checked above).
          List<String> applied = rows(context.getBean(DataSource.class), "SELECT id FROM wvs_auth_databasechangelog");
          // A second start on the same database applies nothing again.
          runner.withPropertyValues("spring.flyway.enabled=false", "spring.datasource.url=" + url,
                  "spring.datasource.username=postgres")
              .run(again -> {
                assertThat(again).hasNotFailed();
                assertThat(rows(again.getBean(DataSource.class),
                    "SELECT id FROM wvs_auth_databasechangelog")).hasSameSizeAs(applied);
              });
        });
  }

  @Test
  void withFlywayAtHandFlywayBringsTheSchemaAndLiquibaseLeavesItAlone() {
    runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:liquibase-and-flyway;DB_CLOSE_DELAY=-1")
        .run(context -> {
          assertThat(context).hasNotFailed().hasBean("wvsAuthFlywaySchema")
              .doesNotHaveBean("wvsAuthLiquibaseSchema");
          assertThat(rows(context.getBean(DataSource.class),
              "SELECT table_name FROM information_schema.tables WHERE LOWER(table_name) LIKE 'wvs_auth_database%'"))
              .isEmpty();
        });
  }

  private static void theSchemaCameThroughLiquibaseAndTokensWork(AssertableApplicationContext context,
      JdbcDialect dialect) throws Exception {
    assertThat(context).hasNotFailed().hasBean("wvsAuthLiquibaseSchema").doesNotHaveBean("wvsAuthFlywaySchema");
    DataSource dataSource = context.getBean(DataSource.class);
    assertThat(JdbcDialect.detect(dataSource)).isEqualTo(dialect);
    String folder = dialect == JdbcDialect.H2 ? "h2" : "postgresql";
    // The application's changelog ran into its tables, the library's into its own.
    assertThat(rows(dataSource, "SELECT id FROM databasechangelog")).containsExactly("app-1");
    assertThat(rows(dataSource, "SELECT COUNT(*) FROM app_notes")).containsExactly("0");
    List<String> expected = new ArrayList<>();
    for (int version : SchemaInstaller.pending(dataSource, dialect)) {
      expected.add("V" + version + "-" + folder);
    }
    assertThat(expected).as("every bundled migration").hasSizeGreaterThanOrEqualTo(6);
    assertThat(rows(dataSource, "SELECT id FROM wvs_auth_databasechangelog ORDER BY orderexecuted"))
        .containsExactlyElementsOf(expected);

    WvsAuth auth = context.getBean(WvsAuth.class);
    CreatedToken token = auth.personalTokens().create(1, 1, TokenSpec.of("liquibase", Scope.READ_API)
        .expiringOn(LocalDate.now(ZoneOffset.UTC).plusDays(30)));
    assertThat(auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET")))
        .isInstanceOf(AuthResult.Success.class);
    auth.personalTokens().revoke(1, token.token().id());
    assertThat(auth.authenticator().authenticate(AuthRequest.api(token.value(), "GET")))
        .isInstanceOfSatisfying(AuthResult.Failure.class, f -> assertThat(f.reason()).isEqualTo(FailureReason.REVOKED));
  }

  private static List<String> rows(DataSource dataSource, String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); ResultSet r = c.createStatement().executeQuery(sql)) {
      while (r.next()) {
        values.add(r.getString(1));
      }
    }
    return values;
  }
}
