package io.wvs.auth.servlet;

import io.wvs.auth.Channel;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.ScopeRequirement;
import java.util.Objects;

/**
 * What a route needs from a credential: the channel it is presented on, the scopes the operation
 * needs, and the project or group it addresses. {@link WvsAuthFilter} turns a rule and the
 * request's credential into an {@link io.wvs.auth.AuthRequest}. Immutable.
 *
 * @param channel where the credential is presented; decides which token types are accepted
 * @param requirement the scopes the operation needs
 * @param resource the project or group the request addresses, or null when it addresses none (or
 *     none the directory knows: then project, group and deploy tokens are not bound to it, and the
 *     host must refuse unknown projects and groups itself, as it would for anyone)
 * @since 0.1
 */
public record AccessRule(Channel channel, ScopeRequirement requirement, ResourceRef resource) {
  /**
   * Checks that {@code channel} and {@code requirement} are given.
   *
   * @param channel where the credential is presented
   * @param requirement the scopes the operation needs
   * @param resource the project or group the request addresses, or null when it addresses none
   */
  public AccessRule {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(requirement, "requirement");
  }
}
