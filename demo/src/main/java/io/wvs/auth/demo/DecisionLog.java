package io.wvs.auth.demo;

import io.wvs.auth.AuthResult;
import io.wvs.auth.TokenAuthenticator;
import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.AuditSink;
import io.wvs.auth.servlet.AccessRule;
import io.wvs.auth.servlet.RouteRules;
import io.wvs.auth.servlet.WvsAuthFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
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
 * outcome and principal. Never a token or a password: every value goes through {@link #clean},
 * which masks what has a token's shape (a generated token anywhere; in a credential position,
 * the shape of a predetermined one too) and escapes control characters, so a request cannot
 * forge or split a line. The status is the one the client got, also when the chain failed.
 *
 * <p>Two parts: a {@link Filter} placed before the wvs-auth filter, which notes the request and,
 * when the response is done, hands the decision to the log; and an {@link AuditSink} given to
 * {@code WvsAuth}, which the authenticator calls on the same thread with the reason of a refusal.
 * Token management events (created, revoked, rotated) are logged by the sink directly.
 *
 * <p>Off the request thread: the request thread only takes the few values of the line (method,
 * raw path, channel, status, outcome) into a {@link Decision} and queues it; one writer thread
 * masks, escapes, formats and writes it ({@link BoundedWriter}, at most {@value #QUEUE_CAPACITY}
 * lines waiting: a full queue drops the line, counts it and says so in a WARN line). The writer
 * runs between the filter's {@code init} and {@code destroy} (the server's start and stop, which
 * writes what is queued).
 */
final class DecisionLog implements Filter, AuditSink {
  static final Logger LOG = LoggerFactory.getLogger("io.wvs.auth.demo.auth");

  /** Lines that may wait for the writer; a burst beyond it is dropped and counted. */
  static final int QUEUE_CAPACITY = 8_192;

  private final ThreadLocal<AuditEvent> lastDecision = new ThreadLocal<>();
  private final BoundedWriter<Decision> writer =
      new BoundedWriter<>("wvs-demo-decision-log", QUEUE_CAPACITY, this::write, LOG);
  private final ThreadLocal<Boolean> inRequest = new ThreadLocal<>();
  private volatile TokenAuthenticator tokens;
  private volatile RouteRules rules;

  /**
   * Wires the log to the instance it is the audit sink of (built after it): masks by the token
   * shapes of {@code authenticator} (until then every long word is masked) and names channels as
   * {@code rules} see them (until then "-").
   */
  void watch(TokenAuthenticator authenticator, RouteRules rules) {
    this.tokens = authenticator;
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

  /**
   * What one line says, taken on the request thread. Raw: the path (the request's own string,
   * which may hold a token in a credential position) is masked and every value cleaned on the
   * writer thread, before anything is written; it lives no longer than the line's wait in the
   * queue. {@code basicUser} is already the shown form (never a password or token).
   */
  record Decision(String method, String uri, String channel, int status, boolean aborted,
      AuthResult.Success ok, AuditEvent refusal, String basicUser) {}

  @Override
  public void init(FilterConfig config) {
    writer.start();
  }

  @Override
  public void destroy() {
    writer.close();
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
    boolean aborted = true;
    try {
      chain.doFilter(request, response);
      aborted = false;
    } finally {
      AuditEvent decision = lastDecision.get();
      lastDecision.remove();
      inRequest.remove();
      log(req, resp, decision, aborted);
    }
  }

  private void log(HttpServletRequest req, HttpServletResponse resp, AuditEvent decision,
      boolean aborted) {
    AuthResult.Success ok = RequestAuth.success(req);
    int status = resp.getStatus();
    if (ok == null && decision == null && status != 401 && status != 403) {
      return; // nothing was authenticated and nothing refused: no decision to log
    }
    if (!LOG.isInfoEnabled()) {
      return;
    }
    // Only a refusal shows the basic-auth username; it is decoded (and hidden if it could be a
    // token) here, so that no credential is queued.
    String basicUser = ok == null ? basicUsername(req) : null;
    writer.offer(new Decision(req.getMethod(), req.getRequestURI(), channelOf(req), status, aborted,
        ok, decision, basicUser));
  }

  /** Writes one decision's line: on the writer thread. */
  private void write(Decision d) {
    AuthResult.Success ok = d.ok();
    AuditEvent decision = d.refusal();
    int status = d.status();
    String path = maskPath(d.uri());
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
    String basicUser = d.basicUser();
    LOG.info("{} {} channel={} status={}{} {}{}", clean(d.method()), clean(path), d.channel(),
        status, d.aborted() ? " (aborted)" : "", clean(outcome),
        basicUser == null || ok != null ? "" : " basic-auth user=" + clean(basicUser));
  }

  /**
   * {@code value} as it may appear in a log line: every word with a generated token's shape
   * masked, control characters (CR, LF, ESC, ...) and backslashes escaped as {@code \xHH}.
   */
  String clean(String value) {
    if (value == null) {
      return "-";
    }
    StringBuilder b = new StringBuilder(value.length());
    int start = 0;
    for (int i = 0; i <= value.length(); i++) {
      if (i == value.length() || !isWordChar(value.charAt(i))) {
        String word = value.substring(start, i);
        b.append(word.length() >= 20 && looksGenerated(word) ? MASK : word);
        if (i < value.length()) {
          escape(value.charAt(i), b);
        }
        start = i + 1;
      }
    }
    return b.toString();
  }

  private static final String MASK = "[masked]";

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static void escape(char c, StringBuilder b) {
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\\' || c == '\u2028' || c == '\u2029') {
      b.append(String.format(java.util.Locale.ROOT, c > 0xff ? "\\u%04x" : "\\x%02x", (int) c));
    } else {
      b.append(c);
    }
  }

  private boolean looksGenerated(String word) {
    TokenAuthenticator t = tokens;
    return t == null || t.looksLikeGeneratedToken(word);
  }

  private boolean mayBeToken(String text) {
    TokenAuthenticator t = tokens;
    return t == null ? text.length() >= 20 : t.mayBeToken(text);
  }

  /**
   * {@code path} with its credential positions masked when they could hold a token, predetermined
   * ones included: the user part before an {@code @} in a segment ({@code /<token>@acme/...}), and
   * the segment after {@code personal_access_tokens/} unless it is an id or {@code self}.
   */
  String maskPath(String path) {
    if (path == null) {
      return null;
    }
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      int at = s.lastIndexOf('@');
      if (at > 0 && mayBeToken(decoded(s.substring(0, at)))) {
        segments[i] = MASK + s.substring(at);
      }
      if (i > 0 && segments[i - 1].equals("personal_access_tokens") && !s.matches("[0-9]{1,18}|self|")
          && mayBeToken(decoded(s))) {
        segments[i] = MASK;
      }
    }
    return String.join("/", segments);
  }

  private static String decoded(String text) {
    try {
      return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static String describe(AuthResult.Success ok) {
    StringBuilder b = new StringBuilder();
    b.append(ok.principal().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
        .append('=').append(ok.principal().username());
    if (ok.via() instanceof AuthResult.Via.Token t) {
      b.append(" (").append(t.type().name().toLowerCase(java.util.Locale.ROOT)).append(" token ")
          .append(t.id()).append(')');
    } else {
      b.append(" (password)");
    }
    if (ok.sudoBy() != null) {
      b.append(" sudo by ").append(ok.sudoBy().username());
    }
    return b.toString();
  }

  /**
   * The channel of the request, as the route rules see it; "-" for an unguarded route. The filter's
   * decision when it made one (a request with a credential); the rules are asked only otherwise.
   */
  private String channelOf(HttpServletRequest req) {
    if (req.getAttribute(WvsAuthFilter.RULE_ATTRIBUTE) instanceof AccessRule decided) {
      return decided.channel().name();
    }
    try {
      RouteRules current = rules;
      AccessRule rule = current == null ? null : current.ruleFor(req);
      return rule == null ? "-" : rule.channel().name();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  /** The username of a basic-auth header (not the password), or null. */
  private String basicUsername(HttpServletRequest req) {
    String header = req.getHeader("Authorization");
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      String user = colon < 0 ? decoded : decoded.substring(0, colon);
      // A client may put a token in the username field: show only what cannot be one.
      return user.length() >= 20 || mayBeToken(user) || looksGenerated(user) ? "[not shown]" : user;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
