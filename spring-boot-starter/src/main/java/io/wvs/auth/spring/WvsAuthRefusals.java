package io.wvs.auth.spring;

import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.servlet.ApiRefusals;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's refusals in the library's words (RFC 6750), written by the servlet module's
 * {@link ApiRefusals}, so they are the filter's own: without a credential or with a refused one,
 * 401 with a {@code Bearer} challenge (an {@code invalid_token} error and its description for
 * expired, revoked and disabled impersonation tokens); 503 while the store is down; for an
 * authenticated token that lacks an authority the route needs, 403 {@code insufficient_scope}
 * naming the scopes needed when the rule names {@code SCOPE_} authorities. The bodies never
 * contain the credential. Stateless.
 */
final class WvsAuthRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {
  private static final Pattern SCOPE_AUTHORITY = Pattern.compile("SCOPE_([a-z_]+)");

  private final SecurityContextHolderStrategy contexts;

  WvsAuthRefusals(SecurityContextHolderStrategy contexts) {
    this.contexts = contexts;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response,
      AuthenticationException refused) throws IOException {
    FailureReason reason = refused instanceof WvsAuthenticationException e ? e.reason() : null;
    if (reason == FailureReason.STORE_UNAVAILABLE) {
      ApiRefusals.unavailable(response);
    } else {
      ApiRefusals.unauthorized(response, reason);
    }
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    if (!(contexts.getContext().getAuthentication() instanceof WvsAuthentication)) {
      byte[] body = "{\"message\":\"403 Forbidden\"}".getBytes(StandardCharsets.UTF_8);
      response.setStatus(403);
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      return;
    }
    ApiRefusals.insufficientScope(response, neededScopes(denied));
  }

  /** The scopes a refused rule names through {@code SCOPE_} authorities, known scopes only. */
  static Set<Scope> neededScopes(AccessDeniedException denied) {
    Set<Scope> scopes = new LinkedHashSet<>();
    if (!(denied instanceof AuthorizationDeniedException refused)) {
      return scopes;
    }
    AuthorizationResult result = refused.getAuthorizationResult();
    String text = "";
    if (result instanceof AuthorityAuthorizationDecision decision) {
      Collection<GrantedAuthority> needed = decision.getAuthorities();
      StringBuilder b = new StringBuilder();
      needed.forEach(a -> b.append(a.getAuthority()).append(' '));
      text = b.toString();
    } else if (result instanceof ExpressionAuthorizationDecision decision) {
      text = decision.getExpression().getExpressionString();
    }
    Matcher m = SCOPE_AUTHORITY.matcher(text);
    while (m.find()) {
      // Only the library's scope ids reach the header: a rule's text is never echoed as is.
      for (Scope s : Scope.values()) {
        if (s.id().equals(m.group(1))) {
          scopes.add(s);
        }
      }
    }
    return scopes;
  }
}
