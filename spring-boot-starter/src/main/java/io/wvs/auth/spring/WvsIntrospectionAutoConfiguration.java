package io.wvs.auth.spring;

import io.wvs.auth.WvsAuth;
import io.wvs.auth.servlet.IntrospectionServlet;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
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

  /** The endpoint, for an application that embeds wvs-auth. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(EmbeddedCondition.class)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnBooleanProperty("wvs.auth.introspection.enabled")
  static class Endpoint {
    @Bean
    @ConditionalOnMissingBean(name = "wvsAuthIntrospection")
    ServletRegistrationBean<IntrospectionServlet> wvsAuthIntrospection(WvsAuth auth,
        WvsIntrospectionProperties properties) {
      IntrospectionServlet.Builder builder = IntrospectionServlet.builder(auth.authenticator());
      int i = 0;
      for (WvsIntrospectionProperties.Client client : properties.getClients()) {
        String name = "wvs.auth.introspection.clients[" + i++ + "]";
        if (client.getId() == null || client.getSecret() == null) {
          throw new IllegalStateException(name + " needs both id and secret");
        }
        try {
          builder.client(client.getId(), client.getSecret());
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(name + ": " + e.getMessage(), e);
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
        ObjectProvider<Clock> clock) {
      if (properties.getClientId() == null || properties.getClientSecret() == null) {
        throw new IllegalStateException("wvs.auth.introspection.uri is set: wvs.auth.introspection.client-id"
            + " and wvs.auth.introspection.client-secret are needed too");
      }
      try {
        WvsOpaqueTokenIntrospector.Builder builder = WvsOpaqueTokenIntrospector.builder()
            .uri(properties.getUri()).clientId(properties.getClientId()).clientSecret(properties.getClientSecret())
            .cacheTtl(properties.getCacheTtl()).cacheSize(properties.getCacheSize());
        Clock c = clock.getIfUnique();
        if (c != null) {
          builder.clock(c);
        }
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("wvs.auth.introspection: " + e.getMessage(), e);
      }
    }
  }
}
