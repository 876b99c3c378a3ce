package io.wvs.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.spi.UserDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/** The {@code wvs.auth.introspection.*} properties: checked at start, naming the property. */
class IntrospectionPropertiesTest {
  private static final String SECRET = IntrospectionAppsTest.CLIENT_SECRET;

  private final WebApplicationContextRunner serving = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class, WvsIntrospectionAutoConfiguration.class))
      .withBean(UserDirectory.class, InMemoryUserDirectory::new)
      .withPropertyValues("wvs.auth.pepper.env=TEST_PEPPER", "TEST_PEPPER=" + PropertyValidationTest.PEPPER);

  private final ApplicationContextRunner asking = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WvsAuthAutoConfiguration.class, WvsIntrospectionAutoConfiguration.class))
      .withPropertyValues("wvs.auth.introspection.uri=http://127.0.0.1:1/oauth/introspect");

  private static String failure(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append('\n');
    }
    return b.toString();
  }

  @Test
  void anIntrospectionClientSecretShorterThan16BytesStopsTheStartNamingThePropertyNotTheSecret() {
    String shortSecret = "c2hvcnQtc2VjcmV0";
    serving.withPropertyValues("wvs.auth.introspection.enabled=true", "wvs.auth.introspection.clients[0].id=orders",
        "wvs.auth.introspection.clients[0].secret.env=TEST_SECRET", "TEST_SECRET=" + shortSecret).run(context -> {
          String failure = failure(context.getStartupFailure());
          assertThat(failure).contains("wvs.auth.introspection.clients[0].secret.env", "at least 16 bytes");
          assertThat(failure).doesNotContain(shortSecret).doesNotContain("short-secret");
        });
  }

  @Test
  void anIntrospectionClientWithoutASecretStopsTheStartSayingHowToMakeOne() {
    serving.withPropertyValues("wvs.auth.introspection.enabled=true", "wvs.auth.introspection.clients[0].id=orders")
        .run(context -> assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.introspection.clients[0].secret", "head -c 24 /dev/urandom | base64"));
  }

  @Test
  void theEndpointIsServedOnlyWhenEnabled() {
    serving.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("wvsAuthIntrospection"));
    serving.withPropertyValues("wvs.auth.introspection.enabled=true", "wvs.auth.introspection.clients[0].id=orders",
        "wvs.auth.introspection.clients[0].secret.env=TEST_SECRET", "TEST_SECRET=" + SECRET)
        .run(context -> assertThat(context).hasBean("wvsAuthIntrospection"));
  }

  @Test
  void aServiceThatIntrospectsNeedsNoPepperAndEmbedsNothing() {
    asking.withPropertyValues("wvs.auth.introspection.client-id=orders",
        "wvs.auth.introspection.client-secret.env=TEST_SECRET", "TEST_SECRET=" + SECRET).run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(WvsOpaqueTokenIntrospector.class);
          assertThat(context).doesNotHaveBean(WvsAuth.class);
        });
  }

  @Test
  void anIntrospectingServiceWithoutAClientIdStopsTheStartNamingTheProperty() {
    asking.withPropertyValues("wvs.auth.introspection.client-secret.env=TEST_SECRET", "TEST_SECRET=" + SECRET)
        .run(context -> assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.introspection.client-id"));
  }

  @Test
  void anIntrospectionCacheTtlOverTenMinutesStopsTheStartNamingTheValue() {
    asking.withPropertyValues("wvs.auth.introspection.client-id=orders", "wvs.auth.introspection.cache-ttl=1h",
        "wvs.auth.introspection.client-secret.env=TEST_SECRET", "TEST_SECRET=" + SECRET)
        .run(context -> assertThat(failure(context.getStartupFailure()))
            .contains("wvs.auth.introspection", "cache TTL", "10 minutes"));
  }

  @Test
  void anApplicationsOwnIntrospectorWins() {
    OpaqueTokenIntrospector own = token -> {
      throw new UnsupportedOperationException();
    };
    asking.withBean(OpaqueTokenIntrospector.class, () -> own).run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(WvsOpaqueTokenIntrospector.class)
            .getBean(OpaqueTokenIntrospector.class).isSameAs(own));
  }
}
