/**
 * Spring Boot auto-configuration and Spring Security integration for wvs-auth: the
 * {@code wvs.auth.*} properties ({@link io.wvs.auth.spring.WvsAuthProperties}), the beans of
 * {@link io.wvs.auth.spring.WvsAuthAutoConfiguration}, and
 * {@link io.wvs.auth.spring.WvsAuthConfigurer} for an application's {@code HttpSecurity}.
 */
package io.wvs.auth.spring;
