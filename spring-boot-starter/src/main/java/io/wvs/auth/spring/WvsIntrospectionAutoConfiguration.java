package io.wvs.auth.spring;

import io.wvs.auth.WvsAuth;
import io.wvs.auth.servlet.IntrospectionServlet;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Token introspection (RFC 7662) between services. Serving side
 * ({@code wvs.auth.introspection.enabled=true}): {@link IntrospectionServlet} at
 * {@value #ENDPOINT} with the configured clients, and, with Spring Security, a chain of its own for
 * that path (no CSRF, no session: the servlet checks its caller itself). Asking side
 * ({@code wvs.auth.introspection.uri} set): a {@link WvsOpaqueTokenIntrospector} bean, which
 * {@code oauth2ResourceServer(o -> o.opaqueToken(withDefaults()))} picks up. Each bean backs off
 * when the application defines its own.
 *
 * @since 0.1
 */
@AutoConfiguration(after = {WvsAuthAutoConfiguration.class, WvsAuthSecurityAutoConfiguration.class},
    afterName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@EnableConfigurationProperties(WvsIntrospectionProperties.class)
public class WvsIntrospectionAutoConfiguration {
  /** Where the endpoint is mounted. */
  public static final String ENDPOINT = "/oauth/introspect";

  /** Creates the configuration (Spring does). */
  public WvsIntrospectionAutoConfiguration() {}

  /**
   * A client secret as both sides use it: the base64 text of the bytes the variable or file holds
   * (whitespace dropped), so that the serving and the asking service read the same value.
   */
  static String secretText(WvsAuthProperties.Secret source, String property, Environment environment) {
    if (source.getEnv() == null && source.getFile() == null) {
      throw new InvalidConfigurationPropertyValueException(property + ".env", null,
          "set " + property + ".env or " + property + ".file (make one with: head -c 24 /dev/urandom | base64)");
    }
    byte[] bytes = WvsAuthSettings.secret(source, property, environment, 16, false);
    try {
      return Base64.getEncoder().encodeToString(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The endpoint, for an application that embeds wvs-auth. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(EmbeddedCondition.class)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnBooleanProperty("wvs.auth.introspection.enabled")
  static class Endpoint {
    @Bean
    @ConditionalOnMissingBean(name = "wvsAuthIntrospection")
    ServletRegistrationBean<IntrospectionServlet> wvsAuthIntrospection(WvsAuth auth,
        WvsIntrospectionProperties properties, Environment environment) {
      IntrospectionServlet.Builder builder = IntrospectionServlet.builder(auth.authenticator());
      int i = 0;
      for (WvsIntrospectionProperties.Client client : properties.getClients()) {
        String name = "wvs.auth.introspection.clients[" + i++ + "]";
        if (client.getId() == null) {
          throw new InvalidConfigurationPropertyValueException(name + ".id", null, "each client needs an id");
        }
        try {
          builder.client(client.getId(), secretText(client.getSecret(), name + ".secret", environment));
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigurationPropertyValueException(name + ".id", client.getId(), e.getMessage());
        }
      }
      ServletRegistrationBean<IntrospectionServlet> registration =
          new ServletRegistrationBean<>(builder.build(), ENDPOINT);
      registration.setName("wvsAuthIntrospection");
      return registration;
    }

    /** With Spring Security: the endpoint's own chain, first; its servlet authenticates callers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
    @ConditionalOnBean(HttpSecurity.class)
    static class Security {
      @Bean
      @Order(Ordered.HIGHEST_PRECEDENCE + 10)
      @ConditionalOnMissingBean(name = "wvsAuthIntrospectionChain")
      SecurityFilterChain wvsAuthIntrospectionChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(ENDPOINT)
            .authorizeHttpRequests(a -> a.anyRequest().permitAll())
            .csrf(c -> c.disable())
            .requestCache(c -> c.disable())
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .build();
      }
    }
  }

  /** The introspector, for a service that accepts wvs-auth tokens by asking another. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(OpaqueTokenIntrospector.class)
  @ConditionalOnProperty("wvs.auth.introspection.uri")
  static class Client {
    @Bean
    @ConditionalOnMissingBean(OpaqueTokenIntrospector.class)
    WvsOpaqueTokenIntrospector wvsOpaqueTokenIntrospector(WvsIntrospectionProperties properties,
        ObjectProvider<Clock> clock, Environment environment) {
      if (properties.getClientId() == null) {
        throw new InvalidConfigurationPropertyValueException("wvs.auth.introspection.client-id", null,
            "wvs.auth.introspection.uri is set: the client id is needed too");
      }
      String secret = secretText(properties.getClientSecret(), "wvs.auth.introspection.client-secret", environment);
      try {
        WvsOpaqueTokenIntrospector.Builder builder = WvsOpaqueTokenIntrospector.builder()
            .uri(properties.getUri()).clientId(properties.getClientId()).clientSecret(secret)
            .cacheTtl(properties.getCacheTtl()).cacheSize(properties.getCacheSize());
        Clock c = clock.getIfUnique();
        if (c != null) {
          builder.clock(c);
        }
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException("wvs.auth.introspection.uri", properties.getUri(),
            e.getMessage());
      }
    }
  }
}
