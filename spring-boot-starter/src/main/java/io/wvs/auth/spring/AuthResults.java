package io.wvs.auth.spring;

import io.wvs.auth.AuthResult;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import io.wvs.auth.servlet.WvsAuthFilter;
import jakarta.servlet.ServletRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The one place where the library's authentication result becomes Spring Security's: every use
 * of {@link AuthResult} in this module goes through here.
 */
final class AuthResults {
  /** The prefix of the scope authorities, as Spring Security's resource server names them. */
  static final String SCOPE_PREFIX = "SCOPE_";

  private AuthResults() {}

  /** The authentication the library's filter left on {@code request}, or null when it left none. */
  static WvsAuthentication fromRequest(ServletRequest request) {
    return request.getAttribute(WvsAuthFilter.RESULT_ATTRIBUTE) instanceof AuthResult.Success success
        ? toAuthentication(success) : null;
  }

  /** The authentication {@code result} admitted; a refusal throws its reason. */
  static WvsAuthentication authenticated(AuthResult result) {
    if (result instanceof AuthResult.Success success) {
      return toAuthentication(success);
    }
    throw new WvsAuthenticationException(((AuthResult.Failure) result).reason());
  }

  private static WvsAuthentication toAuthentication(AuthResult.Success success) {
    // A password (git over HTTP) has no token: no type, no resource, no impersonation.
    TokenType type = success.via() instanceof AuthResult.Via.Token t ? t.type() : null;
    ResourceRef resource = success.via() instanceof AuthResult.Via.Token t ? t.resource() : null;
    return new WvsAuthentication(success.principal(), type, success.scopes(), resource,
        type == TokenType.IMPERSONATION, success.sudoBy(), authorities(success.scopes()));
  }

  /** {@code SCOPE_<id>} for each scope and every scope it implies, in the scopes' order. */
  static List<GrantedAuthority> authorities(Set<Scope> scopes) {
    EnumSet<Scope> granted = EnumSet.noneOf(Scope.class);
    scopes.forEach(s -> granted.addAll(s.implied()));
    List<GrantedAuthority> authorities = new ArrayList<>(granted.size());
    granted.forEach(s -> authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + s.id())));
    return List.copyOf(authorities);
  }
}
