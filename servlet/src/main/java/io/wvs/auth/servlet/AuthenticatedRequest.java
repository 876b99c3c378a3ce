package io.wvs.auth.servlet;

import io.wvs.auth.AuthResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request as the application sees it after a successful authentication: the user principal is
 * the authenticated user (the sudo target when sudo was used), named by username.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  private final TokenPrincipal principal;
  private final String authType;

  AuthenticatedRequest(HttpServletRequest request, AuthResult.Success result, Credential credential) {
    super(request);
    this.principal = new TokenPrincipal(result);
    this.authType = credential.source() == Credential.Source.BASIC ? HttpServletRequest.BASIC_AUTH : "TOKEN";
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.getName();
  }

  @Override
  public String getAuthType() {
    return authType;
  }

  /** Roles are the host's business; the token system knows none. */
  @Override
  public boolean isUserInRole(String role) {
    return false;
  }

  /** The principal of an authenticated request: its name is the username. Immutable. */
  static final class TokenPrincipal implements Principal {
    private final AuthResult.Success result;

    TokenPrincipal(AuthResult.Success result) {
      this.result = result;
    }

    @Override
    public String getName() {
      return result.principal().username();
    }

    AuthResult.Success result() {
      return result;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TokenPrincipal && ((TokenPrincipal) o).result.principal().equals(result.principal());
    }

    @Override
    public int hashCode() {
      return result.principal().hashCode();
    }

    @Override
    public String toString() {
      return "TokenPrincipal{" + result.principal().kind() + " " + getName() + "}";
    }
  }
}
