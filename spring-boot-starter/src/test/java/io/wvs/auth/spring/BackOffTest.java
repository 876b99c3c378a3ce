package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.DigestKeyring;
import io.wvs.auth.ExpiryScheduler;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryNotifier;
import io.wvs.auth.inmemory.InMemoryTokenStore;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.jdbc.JdbcTokenStore;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.UserDirectory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Every bean of the starter backs off when the application defines its own. */
@ExtendWith(OutputCaptureExtension.class)
class BackOffTest {
  private static final String[] PEPPER = {"wvs.auth.pepper.env=TEST_PEPPER",
      "TEST_PEPPER=" + ScopeGuardedAppContract.PEPPER_LITERAL};

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, WvsAuthAutoConfiguration.class))
      .withBean(UserDirectory.class, InMemoryUserDirectory::new)
      .withPropertyValues(PEPPER);

  /** An application without a DataSource. */
  private final ApplicationContextRunner memory = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
      .withBean(UserDirectory.class, InMemoryUserDirectory::new)
      .withPropertyValues(PEPPER);

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class, WvsAuthWebAutoConfiguration.class,
          WvsAuthSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
          ServletWebSecurityAutoConfiguration.class))
      .withBean(UserDirectory.class, InMemoryUserDirectory::new)
      .withPropertyValues(PEPPER);

  @Test
  void withADataSourceTheTokensAreKeptInItsDatabase() {
    runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:backoff-jdbc", "wvs.auth.jdbc.initialize-schema=true")
        .run(context -> assertThat(context).hasSingleBean(JdbcTokenStore.class));
  }

  @Test
  void withoutADataSourceTheTokensAreKeptInMemoryWithAStartUpWarning(CapturedOutput output) {
    memory.run(context -> {
      assertThat(context).hasSingleBean(InMemoryTokenStore.class);
      assertThat(output).contains("wvs-auth keeps its tokens in memory");
    });
  }

  @Test
  void anApplicationsOwnTokenStoreIsUsedEvenWithADataSource() {
    InMemoryTokenStore own = new InMemoryTokenStore();
    runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:backoff-own")
        .withBean(TokenStore.class, () -> own)
        .run(context -> {
          assertThat(context).doesNotHaveBean(JdbcTokenStore.class);
          assertThat(context.getBean(TokenStore.class)).isSameAs(own);
        });
  }

  @Test
  void anApplicationsOwnDigestKeyringStandsInForThePepperProperties() {
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) 7);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class))
        .withBean(UserDirectory.class, InMemoryUserDirectory::new)
        .withBean(DigestKeyring.class, () -> DigestKeyring.of("vault", pepper))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(WvsAuth.class);
          assertThat(context.getBean(DigestKeyring.class).currentKeyId()).isEqualTo("vault");
        });
  }

  @Test
  void anApplicationsOwnWvsAuthIsTheOneUsed() {
    byte[] pepper = new byte[32];
    WvsAuth own = WvsAuth.builder().tokenStore(new InMemoryTokenStore()).userDirectory(new InMemoryUserDirectory())
        .keyring(DigestKeyring.of("own", pepper)).build();
    web.withBean(WvsAuth.class, () -> own).run(context -> {
      assertThat(context.getBean(WvsAuth.class)).isSameAs(own);
      assertThat(context.getBean(WvsAuthenticationProvider.class)).isNotNull();
    });
  }

  @Test
  void theTokenRestApiIsServedOnlyWhenEnabled() {
    web.run(context -> assertThat(context).doesNotHaveBean("wvsAuthTokenApi"));
    web.withPropertyValues("wvs.auth.rest-api.enabled=true").run(context -> assertThat(context).hasBean("wvsAuthTokenApi"));
  }

  @Test
  void withoutSpringSecurityTheFilterIsRegisteredInTheServletChain() {
    web.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
        .run(context -> assertThat(context).hasBean(WvsAuthWebAutoConfiguration.FILTER_REGISTRATION));
  }

  @Test
  void withSpringSecurityTheFilterRunsInTheSecurityChainNotTheServletChain() {
    web.run(context -> {
      assertThat(context).doesNotHaveBean(WvsAuthWebAutoConfiguration.FILTER_REGISTRATION);
      assertThat(context.getBean(SecurityFilterChain.class).getFilters())
          .anySatisfy(f -> assertThat(f).isInstanceOf(WvsAuthSecurityFilter.class));
    });
  }

  @Test
  void anApplicationsOwnSecurityFilterChainReplacesTheStartersDefault() {
    web.withUserConfiguration(OwnChain.class).run(context -> {
      assertThat(context).doesNotHaveBean("wvsAuthSecurityFilterChain");
      assertThat(context.getBean(SecurityFilterChain.class).getFilters())
          .noneSatisfy(f -> assertThat(f).isInstanceOf(WvsAuthSecurityFilter.class));
    });
    web.run(context -> assertThat(context).hasBean("wvsAuthSecurityFilterChain"));
  }

  @Test
  void expiryNotificationsWithoutANotifierBeanRefuseToStartNamingIt() {
    memory.withPropertyValues("wvs.auth.expiry-notifications.enabled=true")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("needs a bean implementing io.wvs.auth.spi.Notifier"));
  }

  @Test
  void expiryNotificationsRunOnlyWhenEnabledThroughTheApplicationsNotifier() {
    ApplicationContextRunner withNotifier = memory.withBean(Notifier.class, InMemoryNotifier::new);
    withNotifier.run(context -> assertThat(context).doesNotHaveBean(ExpiryScheduler.class));
    withNotifier.withPropertyValues("wvs.auth.expiry-notifications.enabled=true")
        .run(context -> assertThat(context).hasSingleBean(ExpiryScheduler.class));
  }

  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class OwnChain {
    @org.springframework.context.annotation.Bean
    SecurityFilterChain own(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
  }
}
