package io.wvs.auth.servlet;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenAuthenticator;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jakarta.servlet 6 filter that authenticates the platform's credentials, in the manner of Spring
 * Security's bearer-token filter:
 *
 * <ol>
 *   <li>A request without a credential passes on untouched: the host decides about anonymous
 *       access. So does a request whose route has no {@link AccessRule} ({@link RouteRules}
 *       returned null); its credential is ignored.
 *   <li>The credential is taken from the {@code PRIVATE-TOKEN} header, {@code Authorization: Bearer},
 *       the {@code private_token} parameter, the {@code Deploy-Token} header, or — on git and
 *       registry routes — {@code Authorization: Basic} (the username goes with it). Two different
 *       credentials are refused with 400 {@code invalid_request}.
 *   <li>On API routes the {@code Sudo} header or a {@code sudo} parameter (query string, form
 *       body of any method, or JSON body) asks to act as another user; the authenticator decides
 *       whether the token may. Different targets in two places, or a place that cannot be read,
 *       are refused with 400 rather than ignored. To read a body the container does not parse,
 *       the filter reads it (up to 64 KiB, else 413) and passes the request on with the body
 *       served again from memory. On package routes the {@code Sudo} header, the query string and
 *       a POST form body count; their other bodies (uploads) are not read.
 *   <li>The {@link TokenAuthenticator} decides, with the rule's channel, scopes and resource. On
 *       success the request goes on wrapped: {@code getUserPrincipal().getName()} and
 *       {@code getRemoteUser()} are the username ({@code deploy-token:<username>} for a deploy
 *       token, which is no user: see {@link io.wvs.auth.Principal#name()}), and the
 *       {@link AuthResult.Success} is the
 *       attribute {@value #RESULT_ATTRIBUTE}. On failure the filter answers as the platform does
 *       (401 {@code {"message":"401 Unauthorized"}} for unknown tokens, 401 {@code invalid_token}
 *       for expired and revoked ones, 403 {@code insufficient_scope} with the scope, 503 when the
 *       store is down, an RFC 6750 {@code WWW-Authenticate} challenge; a {@code Basic} challenge
 *       and plain text for git, with the personal-access-token message for a two-factor user's
 *       password) and the chain does not run. A client blocked by the failed-authentication
 *       limiter gets 429 {@code Too Many Requests} with {@code Retry-After} in seconds (JSON on the
 *       API, plain text git prints on git routes), its credential unchecked.
 * </ol>
 *
 * <p>Raw credentials are never logged. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class WvsAuthFilter implements Filter {
  /** Request attribute holding the {@link AuthResult.Success} of an authenticated request. */
  public static final String RESULT_ATTRIBUTE = "io.wvs.auth.result";

  /**
   * Request attribute holding the {@link io.wvs.auth.spi.Resource} (project or group) that the
   * standard route rules resolved from the request's full path, when they resolved one: the token
   * API and a host's git or package handler use it instead of looking the path up again.
   */
  public static final String RESOURCE_ATTRIBUTE = "io.wvs.auth.resource";

  /**
   * Request attribute holding the {@link AccessRule} the filter decided for a request that presents
   * a credential: the route is decided once, and what follows (the token API, a host's log) reads
   * the decision instead of asking the route rules again.
   */
  public static final String RULE_ATTRIBUTE = "io.wvs.auth.rule";

  private static final Logger LOG = LoggerFactory.getLogger(WvsAuthFilter.class);

  private final TokenAuthenticator authenticator;
  private final RouteRules rules;
  private final Function<? super HttpServletRequest, String> clientAddress;

  /**
   * A filter that gives the failed-authentication limiter the request's remote address
   * ({@link HttpServletRequest#getRemoteAddr()}): right when clients connect directly, or when the
   * container already resolves the address behind your proxies (Jetty's
   * {@code ForwardedRequestCustomizer}, Tomcat's {@code RemoteIpValve}, Spring Boot's
   * {@code server.forward-headers-strategy=native}).
   *
   * @param authenticator from {@link io.wvs.auth.WvsAuth#authenticator()}
   * @param rules what each route needs, usually {@link RouteRules#standard}
   */
  public WvsAuthFilter(TokenAuthenticator authenticator, RouteRules rules) {
    this(authenticator, rules, HttpServletRequest::getRemoteAddr);
  }

  /**
   * A filter that asks {@code clientAddress} who the client is, for the failed-authentication
   * limiter ({@link io.wvs.auth.spi.FailureLimiter}). Behind a load balancer the remote address
   * is the balancer's, and every client would share its count: resolve the client from
   * {@code X-Forwarded-For} here, trusting only what your own proxies added (the entry your
   * outermost proxy appended, never one a client can send), or let the container do it.
   *
   * @param authenticator from {@link io.wvs.auth.WvsAuth#authenticator()}
   * @param rules what each route needs, usually {@link RouteRules#standard}
   * @param clientAddress the client's address for a request, or null when unknown (then only
   *     the per-username password limit counts); must not throw
   */
  public WvsAuthFilter(TokenAuthenticator authenticator, RouteRules rules,
      Function<? super HttpServletRequest, String> clientAddress) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    if (request.getAttribute(RESULT_ATTRIBUTE) != null || !CredentialResolver.mayCarryCredential(request)) {
      chain.doFilter(request, response);
      return;
    }
    AccessRule rule;
    try {
      rule = rules.ruleFor(request);
    } catch (RuntimeException e) {
      unrouted(request, response, e);
      return;
    }
    if (rule == null) {
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(RULE_ATTRIBUTE, rule);
    boolean lfs = rule.channel() == Channel.GIT_HTTP && isLfs(request);
    boolean api = rule.channel() == Channel.API;
    if (api && CredentialResolver.isForm(request)) {
      // The platform reads form bodies of every method; containers parse POST bodies only. Read
      // the others here, so private_token and sudo count wherever they are.
      try {
        request = SudoParameter.withReadableBody(request);
      } catch (ApiException e) {
        Json.write(response, e.status(), e.body());
        return;
      }
    }
    CredentialResolver.Resolution resolution = CredentialResolver.resolve(request, !api);
    if (!(resolution instanceof Credential credential)) {
      withoutCredential(request, response, chain, rule, (CredentialResolver.Resolution.Without) resolution, lfs);
      return;
    }
    String address;
    try {
      address = clientAddress.apply(request);
    } catch (RuntimeException e) {
      unaddressed(request, response, rule, lfs, e);
      return;
    }
    AuthRequest.Builder auth = AuthRequest.builder(credential.value())
        .channel(rule.channel())
        .require(rule.requirement())
        .resource(rule.resource())
        .username(credential.username())
        .clientAddress(address);
    if (api || rule.channel() == Channel.PACKAGE_REGISTRY) {
      String sudo;
      try {
        // JSON and multipart bodies are read only now, for a request that presents a credential;
        // on package routes never (they are uploads), only the header and parameters count.
        if (api) {
          request = SudoParameter.withReadableBody(request);
        }
        sudo = SudoParameter.target(request, api);
      } catch (ApiException e) {
        Json.write(response, e.status(), e.body());
        return;
      }
      if (sudo != null) {
        auth.sudo(sudo);
      }
    }
    AuthResult result = authenticator.authenticate(auth.build());
    if (result instanceof AuthResult.Success success) {
      request.setAttribute(RESULT_ATTRIBUTE, success);
      chain.doFilter(new AuthenticatedRequest(request, success, credential), response);
      return;
    }
    refuse(request, response, rule, credential, (AuthResult.Failure) result, lfs);
  }

  /** No credential to authenticate: none (the request passes on), or a refusal of why not. */
  private static void withoutCredential(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain, AccessRule rule, CredentialResolver.Resolution.Without why, boolean lfs)
      throws IOException, ServletException {
    switch (why) {
      case NONE -> chain.doFilter(request, response);
      case AMBIGUOUS -> FailureResponder.ambiguous(response, rule, lfs);
      case MALFORMED_BASIC -> FailureResponder.malformedBasic(response, rule, lfs);
    }
  }

  /** The route rules failed: 503 when the directory is down, else 500; never an unchecked pass. */
  private static void unrouted(HttpServletRequest request, HttpServletResponse response, RuntimeException e)
      throws IOException {
    if (e instanceof StoreUnavailableException) {
      LOG.warn("directory unavailable while routing {} {}: {}", request.getMethod(), safePath(request), e.toString());
      FailureResponder.unavailable(response, null, false);
      return;
    }
    // A broken rule must not let the request through unauthenticated, nor show a stack trace.
    LOG.error("route rules failed for {} {}", request.getMethod(), safePath(request), e);
    Json.write(response, 500, Json.message("500 Internal Server Error"));
  }

  /** The client address resolver failed: without the client, failures cannot be counted. */
  private static void unaddressed(HttpServletRequest request, HttpServletResponse response, AccessRule rule,
      boolean lfs, RuntimeException e) throws IOException {
    // Fail closed, as for a store outage.
    LOG.warn("client address resolver failed for {} {}: {}", request.getMethod(), safePath(request), e.toString());
    FailureResponder.unavailable(response, rule, lfs);
  }

  /** The authenticator refused the credential: the platform's answer for {@code failure}. */
  private static void refuse(HttpServletRequest request, HttpServletResponse response, AccessRule rule,
      Credential credential, AuthResult.Failure failure, boolean lfs) throws IOException {
    if (LOG.isDebugEnabled()) {
      LOG.debug("refused {} {} on {}: {} ({})", request.getMethod(), safePath(request), rule.channel(),
          failure.reason(), credential.source());
    }
    FailureResponder.refuse(response, rule, credential, failure, lfs);
  }

  private static boolean isLfs(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return uri != null && uri.contains(".git/info/lfs/");
  }

  /** The request path for logs: never the query string, which may hold {@code private_token}. */
  private static String safePath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    if (uri == null) {
      return "";
    }
    return uri.length() > 200 ? uri.substring(0, 200) + "…" : uri;
  }

  @Override
  public String toString() {
    return "WvsAuthFilter{rules=" + rules + "}";
  }
}
