package io.wvs.auth.spring;

import io.wvs.auth.WvsAuth;
import io.wvs.auth.servlet.RouteRules;
import io.wvs.auth.servlet.TokenApiServlet;
import io.wvs.auth.servlet.WvsAuthFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The servlet side: the library's {@link RouteRules}, its filter in the servlet chain when the
 * application has no Spring Security (with Spring Security, {@link WvsAuthConfigurer} puts it in
 * the security chain instead), and the token REST API at {@code /api/v4/*} when
 * {@code wvs.auth.rest-api.enabled=true}. Each bean backs off when the application defines its own.
 *
 * @since 0.1
 */
@Conditional(EmbeddedCondition.class)
@AutoConfiguration(after = WvsAuthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WvsAuthWebAutoConfiguration {
  /** The bean name of the filter's registration, for an application that replaces it. */
  public static final String FILTER_REGISTRATION = "wvsAuthFilterRegistration";

  /** Creates the configuration (Spring does). */
  public WvsAuthWebAutoConfiguration() {}

  /**
   * The platform's routes ({@link RouteRules#standard}).
   *
   * @param auth the token system
   * @return the rules
   */
  @Bean
  @ConditionalOnMissingBean
  public RouteRules wvsAuthRouteRules(WvsAuth auth) {
    return RouteRules.standard(auth);
  }

  /**
   * The token REST API at {@code /api/v4/*}.
   *
   * @param auth the token system
   * @param properties the properties
   * @return the servlet's registration
   */
  @Bean
  @ConditionalOnMissingBean(name = "wvsAuthTokenApi")
  @ConditionalOnBooleanProperty("wvs.auth.rest-api.enabled")
  public ServletRegistrationBean<TokenApiServlet> wvsAuthTokenApi(WvsAuth auth, WvsAuthProperties properties) {
    ServletRegistrationBean<TokenApiServlet> registration = new ServletRegistrationBean<>(
        new TokenApiServlet(auth, properties.getRestApi().getExternalUrl()), "/api/v4/*");
    registration.setName("wvsAuthTokenApi");
    return registration;
  }

  /** The filter in the servlet chain, for an application without Spring Security. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
  static class PlainServletConfiguration {
    @Bean(name = FILTER_REGISTRATION)
    @ConditionalOnMissingBean(name = FILTER_REGISTRATION)
    FilterRegistrationBean<WvsAuthFilter> wvsAuthFilterRegistration(WvsAuth auth, RouteRules rules) {
      FilterRegistrationBean<WvsAuthFilter> registration =
          new FilterRegistrationBean<>(new WvsAuthFilter(auth.authenticator(), rules));
      registration.setName("wvsAuthFilter");
      registration.addUrlPatterns("/*");
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
      return registration;
    }
  }
}
