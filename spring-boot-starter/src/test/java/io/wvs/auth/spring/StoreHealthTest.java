package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.UserDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.FileSystemUtils;

/** The store's health indicator follows the database: DOWN while it is stopped, UP once it is back. */
class StoreHealthTest {

  @Test
  void theStoreIsDownWhileTheDatabaseIsStoppedAndUpAgainOnceItIsBack() throws Exception {
    Path data = Files.createTempDirectory("wvs-health-pg");
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
    int port = postgres.getPort();
    try {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, WvsAuthAutoConfiguration.class))
          .withBean(UserDirectory.class, InMemoryUserDirectory::new)
          .withPropertyValues("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
              "spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1000",
              "wvs.auth.jdbc.initialize-schema=true", "wvs.auth.jdbc.query-timeout=2s",
              "wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL)
          .run(context -> {
            HealthIndicator health = context.getBean("wvsAuthHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            postgres.close();
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("store", "JdbcTokenStore").containsKey("error");
            assertThat(down.getDetails().toString()).doesNotContain("jdbc:", "postgres", String.valueOf(port));

            try (EmbeddedPostgres again = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
                .setCleanDataDirectory(false).start()) {
              assertThat(eventually(health)).isEqualTo(Status.UP);
            }
          });
    } finally {
      postgres.close();
      FileSystemUtils.deleteRecursively(data);
    }
  }

  /** The status once the pool has reconnected, or the last one after 30 s. */
  private static Status eventually(HealthIndicator health) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    Status status = health.health().getStatus();
    while (status != Status.UP && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      status = health.health().getStatus();
    }
    return status;
  }

  @Test
  void withoutADatabaseTheInMemoryStoreIsUp() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
        .withBean(UserDirectory.class, InMemoryUserDirectory::new)
        .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL)
        .run(context -> assertThat(context.getBean("wvsAuthHealthIndicator", HealthIndicator.class).health().getDetails())
            .containsEntry("store", "InMemoryTokenStore"));
  }

  @Test
  void theIndicatorIsOffWhenTheApplicationTurnsItOff() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
        .withBean(UserDirectory.class, InMemoryUserDirectory::new)
        .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL,
            "management.health.wvsauth.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("wvsAuthHealthIndicator"));
  }
}
