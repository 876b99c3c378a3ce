package io.wvs.auth.servlet;

import io.wvs.auth.AuthResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request as the application sees it after a successful authentication: the user principal is
 * the authenticated user (the sudo target when sudo was used), named by username; a deploy token,
 * which is no user, is named {@code deploy-token:<username>} ({@link io.wvs.auth.Principal#name()}).
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  private final AuthResult.Success result;
  private final String authType;
  /** Made when first asked for: most requests only read {@link #getRemoteUser()}, or nothing. */
  private TokenPrincipal principal;

  AuthenticatedRequest(HttpServletRequest request, AuthResult.Success result, Credential credential) {
    super(request);
    this.result = result;
    this.authType = credential.source() == Credential.Source.BASIC ? HttpServletRequest.BASIC_AUTH : "TOKEN";
  }

  @Override
  public Principal getUserPrincipal() {
    TokenPrincipal p = principal;
    if (p == null) {
      // A request is served by one thread at a time; a second principal made by a race would be
      // equal to the first anyway.
      p = new TokenPrincipal(result);
      principal = p;
    }
    return p;
  }

  @Override
  public String getRemoteUser() {
    return result.principal().name();
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

  /**
   * The principal of an authenticated request: its name is {@link io.wvs.auth.Principal#name()},
   * the username of a user or bot, {@code deploy-token:<username>} for a deploy token. Immutable.
   */
  static final class TokenPrincipal implements Principal {
    private final AuthResult.Success result;

    TokenPrincipal(AuthResult.Success result) {
      this.result = result;
    }

    @Override
    public String getName() {
      return result.principal().name();
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
