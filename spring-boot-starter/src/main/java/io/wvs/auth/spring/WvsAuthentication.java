package io.wvs.auth.spring;

import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import java.util.Collection;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request authenticated by a wvs-auth token. {@link #getPrincipal()} (and so
 * {@code @AuthenticationPrincipal io.wvs.auth.Principal}) is the user the request acts as (the
 * sudo target when the token used sudo); the authorities are {@code SCOPE_<scope>} for every scope
 * the token grants, implied ones included ({@code api} grants {@code SCOPE_read_api} too). The raw
 * token is never kept: {@link #getCredentials()} is null. Immutable.
 *
 * @since 0.1
 */
public final class WvsAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final Principal principal;
  private final TokenType tokenType;
  private final Set<Scope> scopes;
  private final ResourceRef resource;
  private final boolean impersonation;
  private final Principal sudoBy;

  WvsAuthentication(Principal principal, TokenType tokenType, Set<Scope> scopes, ResourceRef resource,
      boolean impersonation, Principal sudoBy, Collection<? extends GrantedAuthority> authorities) {
    super(authorities);
    this.principal = principal;
    this.tokenType = tokenType;
    this.scopes = Set.copyOf(scopes);
    this.resource = resource;
    this.impersonation = impersonation;
    this.sudoBy = sudoBy;
    setAuthenticated(true);
  }

  /** {@return the user (or bot, or deploy token) the request acts as} */
  @Override
  public Principal getPrincipal() {
    return principal;
  }

  /** {@return null: the token itself is never kept} */
  @Override
  public Object getCredentials() {
    return null;
  }

  /** {@return the principal's name: the username, {@code deploy-token:<username>} for a deploy token} */
  @Override
  public String getName() {
    return principal.name();
  }

  /** {@return the type of the token, or null when the library did not name one} */
  public TokenType tokenType() {
    return tokenType;
  }

  /** {@return the scopes the token was created with (without the implied ones)} */
  public Set<Scope> scopes() {
    return scopes;
  }

  /** {@return the project or group a project, group or deploy token is bound to, or null} */
  public ResourceRef resource() {
    return resource;
  }

  /** {@return whether the token is an impersonation token (an administrator acting as the user)} */
  public boolean impersonation() {
    return impersonation;
  }

  /** {@return the token's owner when the request used sudo to act as {@link #getPrincipal()}, else null} */
  public Principal sudoBy() {
    return sudoBy;
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  @Override
  public String toString() {
    return "WvsAuthentication{principal=" + principal.name() + ", type=" + tokenType
        + ", authorities=" + getAuthorities() + ", resource=" + resource
        + ", impersonation=" + impersonation + ", sudoBy=" + (sudoBy == null ? null : sudoBy.name()) + "}";
  }
}
