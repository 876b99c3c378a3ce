package io.wvs.auth.spring;

import io.wvs.auth.servlet.WvsAuthFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The library's filter inside Spring Security's chain: it takes the credential, authenticates it
 * and answers refusals (two credentials are a 400, an expired token a 401 {@code invalid_token});
 * a request it admits goes on with a {@link WvsAuthentication} in the security context. Runs on
 * every dispatch (an error page sees the same authentication); nothing is stored in a session.
 */
final class WvsAuthSecurityFilter implements Filter {
  private final WvsAuthFilter filter;
  private final SecurityContextHolderStrategy contexts;

  WvsAuthSecurityFilter(WvsAuthFilter filter, SecurityContextHolderStrategy contexts) {
    this.filter = filter;
    this.contexts = contexts;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    filter.doFilter(request, response, (req, res) -> {
      WvsAuthentication authentication = AuthResults.fromRequest(req);
      if (authentication != null) {
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
      }
      chain.doFilter(req, res);
    });
  }

  @Override
  public String toString() {
    return "WvsAuthSecurityFilter{" + filter + "}";
  }
}
