package io.wvs.auth.spring;

import io.wvs.auth.WvsAuth;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security: the {@link WvsAuthenticationProvider}, and — when the application declares no
 * {@link SecurityFilterChain} of its own — a chain that admits wvs-auth tokens and requires an
 * authenticated request everywhere ({@code http.with(WvsAuthConfigurer.wvsAuth(), ...)} in the
 * application's own chain gives the rules per route).
 *
 * @since 0.1
 */
@Conditional(EmbeddedCondition.class)
@AutoConfiguration(after = WvsAuthWebAutoConfiguration.class,
    beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WvsAuthSecurityAutoConfiguration {
  /** Creates the configuration (Spring does). */
  public WvsAuthSecurityAutoConfiguration() {}

  /**
   * Authenticates {@link WvsCredential}s.
   *
   * @param auth the token system
   * @return the provider
   */
  @Bean
  @ConditionalOnMissingBean
  public WvsAuthenticationProvider wvsAuthenticationProvider(WvsAuth auth) {
    return new WvsAuthenticationProvider(auth.authenticator());
  }

  /**
   * Every request must be authenticated, by a wvs-auth token; no session, no login page.
   *
   * @param http the builder
   * @return the chain
   * @throws Exception as {@link HttpSecurity#build()}
   */
  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  public SecurityFilterChain wvsAuthSecurityFilterChain(HttpSecurity http) throws Exception {
    return http.with(WvsAuthConfigurer.wvsAuth(), wvs -> { })
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }
}
