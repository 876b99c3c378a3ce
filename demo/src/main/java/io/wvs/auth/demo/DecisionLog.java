package io.wvs.auth.demo;

import io.wvs.auth.AuthResult;
import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.AuditSink;
import io.wvs.auth.servlet.AccessRule;
import io.wvs.auth.servlet.RouteRules;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per authentication decision at INFO, on logger {@code io.wvs.auth.demo.auth}:
 * method, path (never the query string, which may hold {@code private_token}), channel, status,
 * outcome and principal. Never a token or a password.
 *
 * <p>Two parts: a {@link Filter} placed before the wvs-auth filter, which notes the request and,
 * when the response is done, writes the line; and an {@link AuditSink} given to
 * {@code WvsAuth}, which the authenticator calls on the same thread with the reason of a refusal.
 * Token management events (created, revoked, rotated) are logged by the sink directly.
 */
final class DecisionLog implements Filter, AuditSink {
  static final Logger LOG = LoggerFactory.getLogger("io.wvs.auth.demo.auth");

  private final RouteRules rules;
  private final ThreadLocal<AuditEvent> lastDecision = new ThreadLocal<>();
  private final ThreadLocal<Boolean> inRequest = new ThreadLocal<>();

  DecisionLog(RouteRules rules) {
    this.rules = rules;
  }

  @Override
  public void record(AuditEvent event) {
    switch (event.type()) {
      case USED, AUTHENTICATION_FAILED -> {
        if (Boolean.TRUE.equals(inRequest.get())) {
          lastDecision.set(event);
        } else if (event.type() == AuditEvent.Type.AUTHENTICATION_FAILED) {
          LOG.debug("authentication refused outside a request: {} (token id {})", event.failure(),
              event.tokenId());
        }
      }
      default -> LOG.info("token {} {} ({}){}", event.tokenId(),
          event.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
          event.tokenType() == null ? "unknown type" : event.tokenType().name().toLowerCase(java.util.Locale.ROOT),
          event.actorId() == null ? "" : " by user " + event.actorId());
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
      chain.doFilter(request, response);
      return;
    }
    inRequest.set(Boolean.TRUE);
    lastDecision.remove();
    try {
      chain.doFilter(request, response);
    } finally {
      AuditEvent decision = lastDecision.get();
      lastDecision.remove();
      inRequest.remove();
      log(req, resp, decision);
    }
  }

  private void log(HttpServletRequest req, HttpServletResponse resp, AuditEvent decision) {
    AuthResult.Success ok = RequestAuth.success(req);
    int status = resp.getStatus();
    String path = req.getRequestURI();
    if (ok == null && decision == null && status != 401 && status != 403) {
      return; // nothing was authenticated and nothing refused: no decision to log
    }
    String outcome;
    if (ok != null) {
      outcome = "authenticated " + describe(ok);
    } else if (decision != null && decision.failure() != null) {
      outcome = "refused " + decision.failure()
          + (decision.tokenId() == 0 ? "" : " (token " + decision.tokenId() + ")");
    } else if (status == 401) {
      outcome = "refused: no credentials";
    } else {
      outcome = "refused";
    }
    String basicUser = basicUsername(req);
    LOG.info("{} {} channel={} status={} {}{}", req.getMethod(), path, channelOf(req), status, outcome,
        basicUser == null || ok != null ? "" : " basic-auth user=" + basicUser);
  }

  private static String describe(AuthResult.Success ok) {
    StringBuilder b = new StringBuilder();
    b.append(ok.principal().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
        .append('=').append(ok.principal().username());
    if (ok.type() == null) {
      b.append(" (password)");
    } else {
      b.append(" (").append(ok.type().name().toLowerCase(java.util.Locale.ROOT)).append(" token ")
          .append(ok.tokenId()).append(')');
    }
    if (ok.sudoBy() != null) {
      b.append(" sudo by ").append(ok.sudoBy().username());
    }
    return b.toString();
  }

  /** The channel of the request, as the route rules see it; "-" for an unguarded route. */
  private String channelOf(HttpServletRequest req) {
    try {
      AccessRule rule = rules.ruleFor(req);
      return rule == null ? "-" : rule.channel().name();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  /** The username of a basic-auth header (not the password), or null. */
  private static String basicUsername(HttpServletRequest req) {
    String header = req.getHeader("Authorization");
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      String user = colon < 0 ? decoded : decoded.substring(0, colon);
      // A client may put a token in the username field: show only what cannot be one.
      boolean mayBeToken = user.length() >= 20 || user.startsWith("wvspat-") || user.startsWith("wvsdt-");
      return mayBeToken ? "[not shown]" : user;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
