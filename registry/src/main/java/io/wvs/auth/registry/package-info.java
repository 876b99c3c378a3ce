/**
 * The container-registry token service: {@link io.wvs.auth.registry.RegistryTokenService} issues
 * the short-lived signed JWTs a Distribution registry asks for (the Docker Registry token
 * authentication specification), {@link io.wvs.auth.registry.RegistryTokenServlet} serves it over
 * HTTP, and {@link io.wvs.auth.registry.RegistrySigningKey} holds the host's key and the
 * certificate the registry trusts.
 */
package io.wvs.auth.registry;
