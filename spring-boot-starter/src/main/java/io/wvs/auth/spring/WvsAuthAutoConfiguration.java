package io.wvs.auth.spring;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.FailureLimits;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.jdbc.JdbcDialect;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.jdbc.SchemaInstaller;
import io.wvs.auth.spi.AuditSink;
import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.UserDirectory;
import java.time.Clock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds one {@link WvsAuth} from the {@code wvs.auth.*} properties and the application's beans:
 * its {@link UserDirectory} (required), its {@link DataSource} for a {@link JdbcTokenStore} (the
 * in-memory store otherwise, with a warning), its {@link Clock} and {@link AuditSink} when it has
 * them. Each bean backs off when the application defines its own.
 *
 * @since 0.1
 */
@Conditional(EmbeddedCondition.class)
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
    "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@EnableConfigurationProperties({WvsAuthProperties.class, WvsLimiterProperties.class})
public class WvsAuthAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(WvsAuthAutoConfiguration.class);

  /** Creates the configuration (Spring does). */
  public WvsAuthAutoConfiguration() {}

  /**
   * The keyring from {@code wvs.auth.pepper}, {@code wvs.auth.key-id} and
   * {@code wvs.auth.retired-keys}; the application may define its own (e.g. from a vault).
   *
   * @param properties the properties
   * @param environment where the variables named by the properties are looked up
   * @return the keyring
   */
  @Bean
  @ConditionalOnMissingBean
  public DigestKeyring wvsAuthKeyring(WvsAuthProperties properties, Environment environment) {
    return WvsAuthSettings.keyring(properties, environment);
  }

  /**
   * The policy from {@code wvs.auth.policy.*}.
   *
   * @param properties the properties
   * @return the policy
   */
  @Bean
  @ConditionalOnMissingBean
  public TokenPolicy wvsAuthPolicy(WvsAuthProperties properties) {
    return WvsAuthSettings.policy(properties.getPolicy());
  }

  /**
   * The failed-authentication limiter's numbers from {@code wvs.auth.limiter.*}, checked at start
   * even when an application's {@link FailureLimiter} bean is used instead.
   *
   * @param properties the limiter properties
   * @return the numbers
   */
  @Bean
  @ConditionalOnMissingBean
  public FailureLimits wvsAuthFailureLimits(WvsLimiterProperties properties) {
    return WvsAuthSettings.limits(properties);
  }

  /**
   * The token system.
   *
   * @param properties the properties
   * @param environment where the variables named by the properties are looked up
   * @param store the token store
   * @param keyring the keyring
   * @param policy the policy
   * @param directory the application's directory (required)
   * @param resources the application's projects and groups, if it has them
   * @param bots the application's bot accounts, if it has them
   * @param passwords the application's password check, if it has one
   * @param clock the application's clock, if it has one
   * @param audit the application's audit sink, if it has one
   * @param metrics the metrics around the audit sink, when Micrometer is there
   * @param limiter the application's failed-authentication limiter, if it has one (a shared one,
   *     or {@code FailureLimiter.off()}); else the bundled one with {@code limits} on the clock,
   *     or none when {@code wvs.auth.limiter.enabled=false}
   * @param limiterProperties the limiter properties
   * @param limits the bundled limiter's numbers
   * @return the token system
   */
  @Bean
  @ConditionalOnMissingBean
  public WvsAuth wvsAuth(WvsAuthProperties properties, Environment environment, TokenStore store,
      DigestKeyring keyring, TokenPolicy policy, ObjectProvider<UserDirectory> directory,
      ObjectProvider<ResourceDirectory> resources, ObjectProvider<BotAccounts> bots,
      ObjectProvider<PasswordVerifier> passwords,
      ObjectProvider<Clock> clock, ObjectProvider<AuditSink> audit, ObjectProvider<AuditSinkWrapper> metrics,
      ObjectProvider<FailureLimiter> limiter, WvsLimiterProperties limiterProperties, FailureLimits limits) {
    // The one place the starter calls WvsAuth.builder(): a new SPI the host supplies is one more
    // ObjectProvider parameter and one more line here.
    WvsAuth.Builder builder = WvsAuth.builder()
        .tokenStore(store)
        .keyring(keyring)
        .policy(policy)
        .userDirectory(required(directory.getIfAvailable()));
    resources.ifAvailable(builder::resourceDirectory);
    bots.ifAvailable(builder::botAccounts);
    passwords.ifAvailable(builder::passwordVerifier);
    clock.ifAvailable(builder::clock);
    FailureLimiter own = limiter.getIfAvailable();
    builder.failureLimiter(own != null ? own : !limiterProperties.isEnabled() ? FailureLimiter.off()
        : limits.limiterOn(clock.getIfAvailable(Clock::systemUTC))); // the clock WvsAuth gets
    AuditSink sink = audit.getIfAvailable(() -> AuditSink.NONE);
    for (AuditSinkWrapper wrapper : metrics) {
      sink = wrapper.wrap(sink);
    }
    if (sink != AuditSink.NONE) {
      builder.auditSink(sink);
    }
    byte[] ciKey = WvsAuthSettings.ciSecretKey(properties, environment);
    if (ciKey != null) {
      builder.ciSecretKey(ciKey); // the builder keeps a copy
      java.util.Arrays.fill(ciKey, (byte) 0);
    }
    return builder.build();
  }

  private static UserDirectory required(UserDirectory directory) {
    if (directory == null) {
      throw new IllegalStateException("wvs-auth needs the application's users, projects, groups and"
          + " memberships: define a bean implementing io.wvs.auth.spi.UserDirectory"
          + " (InMemoryUserDirectory of wvs-auth-spi-inmemory serves tests and demos)");
    }
    return directory;
  }

  /**
   * The daily expiry e-mail jobs, when {@code wvs.auth.expiry-notifications.enabled=true},
   * sending through the application's {@link Notifier} bean; stopped with the application.
   *
   * @param auth the token system
   * @param notifier the application's notifier (required)
   * @param reports receives each check's report (the expiry counters, with Micrometer)
   * @return the started scheduler
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty("wvs.auth.expiry-notifications.enabled")
  public ExpiryScheduler wvsAuthExpiryScheduler(WvsAuth auth, ObjectProvider<Notifier> notifier,
      ObjectProvider<ExpiryReportListener> reports) {
    Notifier sender = notifier.getIfAvailable();
    if (sender == null) {
      throw new IllegalStateException("wvs.auth.expiry-notifications.enabled=true needs a bean"
          + " implementing io.wvs.auth.spi.Notifier to send the e-mails through");
    }
    ExpiryReportListener listener = reports.getIfAvailable(() -> (jobs, report) -> { });
    ExpiryNotifications jobs = auth.expiryNotifications(sender);
    return new ExpiryScheduler(jobs, report -> listener.reported(jobs, report)).start();
  }

  /** Receives the report of each expiry check and the jobs that ran it, e.g. to count it. */
  @FunctionalInterface
  interface ExpiryReportListener {
    void reported(ExpiryNotifications jobs, ExpiryNotifications.RunReport report);
  }

  /** Wraps the application's audit sink, e.g. to count the events. */
  @FunctionalInterface
  interface AuditSinkWrapper {
    AuditSink wrap(AuditSink sink);
  }

  /** Micrometer counters from the audit events, when the application has a MeterRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MetricsConfiguration {
    @Bean
    AuditSinkWrapper wvsAuthMetrics(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
      return sink -> {
        io.micrometer.core.instrument.MeterRegistry meters = registry.getIfAvailable();
        return meters == null ? sink : new WvsAuthMetrics(meters, sink);
      };
    }

    @Bean
    ExpiryReportListener wvsAuthExpiryMetrics(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
      java.util.concurrent.atomic.AtomicReference<WvsExpiryMetrics> metrics =
          new java.util.concurrent.atomic.AtomicReference<>();
      return (jobs, report) -> {
        io.micrometer.core.instrument.MeterRegistry meters = registry.getIfAvailable();
        if (meters != null) {
          metrics.updateAndGet(m -> m != null ? m : new WvsExpiryMetrics(meters)).accept(jobs, report);
        }
      };
    }
  }

  /** The store's health, when the application has Spring Boot Actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("wvsauth")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "wvsAuthHealthIndicator")
    WvsAuthStoreHealthIndicator wvsAuthHealthIndicator(TokenStore store) {
      return new WvsAuthStoreHealthIndicator(store);
    }
  }

  /** The JDBC store on the application's DataSource. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(DataSource.class)
  static class JdbcStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    JdbcTokenStore wvsAuthTokenStore(DataSource dataSource, WvsAuthProperties properties,
        ObjectProvider<WvsAuthSchema> schema) {
      schema.ifAvailable(s -> { }); // the schema first: the store checks the pepper against it
      return new JdbcTokenStore(dataSource, JdbcDialect.detect(dataSource),
          properties.getJdbc().getQueryTimeout());
    }

    @Bean
    @ConditionalOnBooleanProperty("wvs.auth.jdbc.initialize-schema")
    WvsAuthSchema wvsAuthInstalledSchema(DataSource dataSource) {
      return new WvsAuthSchema("installer", SchemaInstaller.install(dataSource).size());
    }
  }

  /** The application's Flyway migrates the wvs-auth schema, with a history table of its own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnClass({Flyway.class, FlywayMigrationInitializer.class})
  @ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
  @ConditionalOnBooleanProperty(name = "wvs.auth.jdbc.initialize-schema", havingValue = false, matchIfMissing = true)
  static class FlywaySchemaConfiguration {
    /** The history table of the wvs-auth migrations, apart from the application's. */
    static final String HISTORY_TABLE = "wvs_auth_flyway_history";

    @Bean
    WvsAuthSchema wvsAuthFlywaySchema(DataSource dataSource,
        ObjectProvider<FlywayMigrationInitializer> applicationMigrations) {
      // The application's migrations first: its Flyway refuses a schema it finds non-empty.
      applicationMigrations.ifAvailable(m -> { });
      Flyway flyway = Flyway.configure()
          .dataSource(dataSource)
          .locations(JdbcDialect.detect(dataSource).migrationLocation())
          .table(HISTORY_TABLE)
          // The application's tables may be there already: start below the first migration.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load();
      return new WvsAuthSchema("flyway", flyway.migrate().migrationsExecuted);
    }
  }

  /**
   * The application's Liquibase (and no Flyway) migrates the wvs-auth schema: the library's
   * changelog {@value LiquibaseSchemaConfiguration#CHANGELOG}, after the application's own, into
   * change-log tables of its own.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnClass(name = {"liquibase.integration.spring.SpringLiquibase",
      "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
  @ConditionalOnBooleanProperty(name = "spring.liquibase.enabled", matchIfMissing = true)
  @ConditionalOnBooleanProperty(name = "wvs.auth.jdbc.initialize-schema", havingValue = false, matchIfMissing = true)
  @Conditional(WithoutFlywayCondition.class)
  static class LiquibaseSchemaConfiguration {
    /** The changelog of the wvs-auth schema, on the class path. */
    static final String CHANGELOG = "classpath:db/changelog/wvs-auth.xml";
    /** The change-log table of the wvs-auth change sets, apart from the application's. */
    static final String CHANGELOG_TABLE = "wvs_auth_databasechangelog";

    @Bean
    WvsAuthSchema wvsAuthLiquibaseSchema(DataSource dataSource,
        ObjectProvider<liquibase.integration.spring.SpringLiquibase> applicationChangelog,
        org.springframework.core.io.ResourceLoader resources) throws Exception {
      // The application's changelog first, as with Flyway. Not a SpringLiquibase bean of ours:
      // Spring Boot's Liquibase backs off when one exists.
      applicationChangelog.ifAvailable(l -> { });
      liquibase.integration.spring.SpringLiquibase wvs = new liquibase.integration.spring.SpringLiquibase();
      wvs.setDataSource(dataSource);
      wvs.setChangeLog(CHANGELOG);
      wvs.setDatabaseChangeLogTable(CHANGELOG_TABLE);
      wvs.setDatabaseChangeLogLockTable("wvs_auth_databasechangeloglock");
      wvs.setResourceLoader(resources);
      // The library's own run sends nothing to Liquibase's usage analytics, whatever the
      // application's Liquibase is set to do.
      liquibase.Scope.child(java.util.Map.of(
          liquibase.analytics.configuration.AnalyticsArgs.ENABLED.getKey(), false), wvs::afterPropertiesSet);
      return new WvsAuthSchema("liquibase", 0);
    }
  }

  /** Flyway is absent or turned off: then the application's Liquibase brings the schema. */
  static final class WithoutFlywayCondition extends org.springframework.boot.autoconfigure.condition.AnyNestedCondition {
    WithoutFlywayCondition() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass("org.flywaydb.core.Flyway")
    static final class NoFlyway {}

    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass(
        "org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer")
    static final class NoSpringBootFlyway {}

    @ConditionalOnBooleanProperty(name = "spring.flyway.enabled", havingValue = false)
    static final class FlywayOff {}
  }

  /** The in-memory store, when the application has no DataSource. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(DataSource.class)
  static class InMemoryStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    InMemoryTokenStore wvsAuthInMemoryTokenStore() {
      LOG.warn("wvs-auth keeps its tokens in memory: they are lost when the application stops."
          + " Give the application a DataSource to keep them in its database.");
      return new InMemoryTokenStore();
    }
  }

  /**
   * Proof that the schema was brought up to date before the store is used ({@code
   * migrationsApplied} 0 for Liquibase, which does not report it).
   */
  record WvsAuthSchema(String by, int migrationsApplied) {}
}
