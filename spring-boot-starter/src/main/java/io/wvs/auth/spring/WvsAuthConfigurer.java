package io.wvs.auth.spring;

import io.wvs.auth.Channel;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.servlet.AccessRule;
import io.wvs.auth.servlet.RouteRules;
import io.wvs.auth.servlet.WvsAuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Adds wvs-auth tokens to an {@link HttpSecurity}:
 *
 * <pre>{@code
 * http.with(WvsAuthConfigurer.wvsAuth(), wvs -> {})
 *     .authorizeHttpRequests(a -> a.requestMatchers("/api/**").hasAuthority("SCOPE_read_api")
 *         .anyRequest().authenticated());
 * }</pre>
 *
 * <p>A request that carries a token ({@code PRIVATE-TOKEN}, {@code Authorization: Bearer}, the
 * {@code private_token} parameter, {@code Deploy-Token}) is authenticated before the authorization
 * rules run: on the library's own routes ({@code /api/v4/**}, git, packages) with their
 * {@link RouteRules}, everywhere else on the API channel with any scope, the rules of the
 * application deciding which scopes a route needs. Admitted, the request carries a
 * {@link WvsAuthentication}; refused, it gets the library's answer and goes no further (401
 * {@code invalid_token}, 400 for two different credentials, 503 while the store is down). The
 * configurer also sets the default entry point (401 with a {@code Bearer} challenge) and the
 * default access-denied handler (403 {@code insufficient_scope} naming the needed scopes), and
 * exempts requests that carry a token in a header from CSRF protection (a cross-site form cannot
 * set headers). Nothing is kept in a session.
 *
 * @since 0.1
 */
public final class WvsAuthConfigurer extends AbstractHttpConfigurer<WvsAuthConfigurer, HttpSecurity> {
  /** The rule of the application's own routes: the API channel, any scope, no resource. */
  static final AccessRule APPLICATION_ROUTE =
      new AccessRule(Channel.API, WvsAuthenticationProvider.ANY_SCOPE, null);

  private RouteRules routeRules;

  private WvsAuthConfigurer() {}

  /**
   * A configurer for {@code http.with(wvsAuth(), customizer)}.
   *
   * @return a new configurer
   */
  public static WvsAuthConfigurer wvsAuth() {
    return new WvsAuthConfigurer();
  }

  /**
   * The rules of the library's routes, instead of the application's {@link RouteRules} bean (by
   * default {@link RouteRules#standard}); the routes they leave alone stay the application's.
   *
   * @param rules the rules
   * @return this configurer
   */
  public WvsAuthConfigurer routeRules(RouteRules rules) {
    this.routeRules = Objects.requireNonNull(rules, "rules");
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void init(HttpSecurity http) {
    WvsAuthRefusals refusals = new WvsAuthRefusals(getSecurityContextHolderStrategy());
    ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions != null) {
      exceptions.defaultAuthenticationEntryPointFor(refusals, AnyRequestMatcher.INSTANCE);
      exceptions.defaultAccessDeniedHandlerFor(refusals, AnyRequestMatcher.INSTANCE);
    }
    CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
    if (csrf != null) {
      csrf.ignoringRequestMatchers(WvsAuthConfigurer::carriesTokenHeader);
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    WvsAuth auth = context.getBean(WvsAuth.class);
    RouteRules library = routeRules != null ? routeRules
        : context.getBeanProvider(RouteRules.class).getIfAvailable(() -> RouteRules.standard(auth));
    RouteRules rules = library.orElse(request -> APPLICATION_ROUTE);
    // Before the servlet API wrapper, so that getUserPrincipal() is the WvsAuthentication.
    http.addFilterBefore(new WvsAuthSecurityFilter(new WvsAuthFilter(auth.authenticator(), rules),
        getSecurityContextHolderStrategy()), SecurityContextHolderAwareRequestFilter.class);
  }

  private static boolean carriesTokenHeader(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    return request.getHeader("PRIVATE-TOKEN") != null || request.getHeader("Deploy-Token") != null
        || (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7));
  }
}
