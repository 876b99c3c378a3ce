package io.wvs.auth.spring;

import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
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
 * Spring Security's refusals in the library's words (RFC 6750): without a credential or with a
 * refused one, 401 with a {@code Bearer} challenge (an {@code invalid_token} error and its
 * description for expired, revoked and disabled impersonation tokens); for an authenticated token
 * that lacks an authority the route needs, 403 {@code insufficient_scope} naming the scopes
 * needed when the rule names {@code SCOPE_} authorities. The bodies are the ones the servlet
 * filter writes; they never contain the credential. Stateless.
 */
final class WvsAuthRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {
  static final String REALM = "WVS";
  static final String INSUFFICIENT_SCOPE_DESCRIPTION =
      "The request requires higher privileges than provided by the access token.";
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
      response.setHeader("Retry-After", "5");
      write(response, 503, "{\"message\":\"503 Service Unavailable\"}");
      return;
    }
    String description = reason == null ? null : switch (reason) {
      case EXPIRED -> "Token is expired. You can either do re-authorization or token refresh.";
      case REVOKED -> "Token was revoked. You have to re-authorize from the user.";
      case IMPERSONATION_DISABLED -> "Token is an impersonation token but impersonation was disabled.";
      default -> null;
    };
    if (description == null) {
      response.setHeader("WWW-Authenticate", reason == null ? "Bearer realm=\"" + REALM + "\""
          : bearer("invalid_token", reason.description(), null));
      write(response, 401, "{\"message\":\"401 Unauthorized\"}");
      return;
    }
    response.setHeader("WWW-Authenticate", bearer("invalid_token", description, null));
    write(response, 401, "{\"error\":\"invalid_token\",\"error_description\":\"" + description + "\"}");
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    if (!(contexts.getContext().getAuthentication() instanceof WvsAuthentication)) {
      write(response, 403, "{\"message\":\"403 Forbidden\"}");
      return;
    }
    String scope = String.join(" ", neededScopes(denied));
    response.setHeader("WWW-Authenticate", bearer("insufficient_scope", INSUFFICIENT_SCOPE_DESCRIPTION,
        scope.isEmpty() ? null : scope));
    write(response, 403, "{\"error\":\"insufficient_scope\",\"error_description\":\""
        + INSUFFICIENT_SCOPE_DESCRIPTION + "\",\"scope\":\"" + scope + "\"}");
  }

  /** The scopes a refused rule names through {@code SCOPE_} authorities, known scopes only. */
  static Set<String> neededScopes(AccessDeniedException denied) {
    Set<String> scopes = new LinkedHashSet<>();
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
          scopes.add(s.id());
        }
      }
    }
    return scopes;
  }

  /** An RFC 6750 challenge; descriptions are fixed ASCII texts without quotes or backslashes. */
  static String bearer(String error, String description, String scope) {
    StringBuilder b = new StringBuilder("Bearer realm=\"").append(REALM).append('"');
    b.append(", error=\"").append(error).append('"');
    b.append(", error_description=\"").append(description.replace('"', '\'').replace('\\', '/')).append('"');
    if (scope != null) {
      b.append(", scope=\"").append(scope).append('"');
    }
    return b.toString();
  }

  private static void write(HttpServletResponse response, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
