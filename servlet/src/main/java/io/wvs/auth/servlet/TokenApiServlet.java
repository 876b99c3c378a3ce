package io.wvs.auth.servlet;

import io.wvs.auth.AuthResult;
import io.wvs.auth.BotTokenRefusedException;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.MissingCapabilityException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.Principal;
import io.wvs.auth.RoleNotHeldException;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenInactiveException;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.WvsAuthException;
import io.wvs.auth.spi.Notifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's v4 token REST API, so existing clients work unchanged. Mount it at
 * {@code /api/v4/*} behind {@link WvsAuthFilter}; it routes on the raw request URI after the context
 * path, so URL-encoded project and group paths ({@code acme%2Fplatform%2Fapi}) work when the
 * container lets encoded slashes through.
 *
 * <p>Endpoints: {@code /user}; {@code /personal_access_tokens} (list with filters, {@code :id} and
 * {@code self}: get, revoke, rotate); {@code POST /users/:id/personal_access_tokens} (administrators);
 * {@code /users/:id/impersonation_tokens} (list, get, create, revoke; administrators);
 * {@code /projects/:id/access_tokens} and {@code /groups/:id/access_tokens} (list, get, create,
 * revoke, rotate); {@code /projects/:id/deploy_tokens} and {@code /groups/:id/deploy_tokens}
 * (list, get, create, delete); {@code GET /deploy_tokens} (administrators). JSON field names, date
 * formats, status codes (201 create, 204 delete, 200 rotate) and error bodies are the platform's.
 *
 * <p>The acting user is the authenticated principal from {@link WvsAuthFilter#RESULT_ATTRIBUTE}
 * (the sudo target when sudo was used; a project or group bot acts as itself); without one every
 * endpoint answers 401 {@code {"message":"401 Unauthorized"}}. Who may manage what is decided by the
 * core services; a project or group the acting user cannot see (an administrator, or a member of it
 * or of a group above it, can) is answered 404 exactly as a missing one, so that private projects
 * and groups cannot be listed by trying. Raw tokens appear only in the answers to creation and
 * rotation, which are marked {@code Cache-Control: no-store}; they are never logged. Thread-safe.
 *
 * @since 0.1
 */
public final class TokenApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TokenApiServlet.class);

  private final transient WvsAuth auth;
  private final transient CredentialRevocation revocation;
  /** The base of absolute links (pagination {@code Link} headers), or null; see the constructor. */
  private transient volatile String externalUrl;

  /**
   * A servlet whose absolute links start with the {@value #EXTERNAL_URL_PARAMETER} init-param, or
   * with the address the request arrived at (scheme, local address and port) without it.
   *
   * @param auth the token system, the same one whose authenticator the filter uses; its
   *     {@linkplain WvsAuth#userDirectory() user directory} resolves users, its
   *     {@linkplain WvsAuth#resourceDirectory() resource directory} projects and groups
   */
  public TokenApiServlet(WvsAuth auth) {
    this(auth, null);
  }

  /**
   * A servlet whose absolute links start with {@code externalUrl}.
   *
   * @param auth the token system, the same one whose authenticator the filter uses
   * @param externalUrl the URL clients reach the host at (e.g. {@code https://git.example.com}),
   *     the start of every absolute link this servlet writes; never the request's {@code Host}
   *     header. Null: as the two-argument constructor.
   * @since 0.1
   */
  public TokenApiServlet(WvsAuth auth, String externalUrl) {
    this(auth, externalUrl, notice -> { });
  }

  /**
   * A servlet whose absolute links start with {@code externalUrl}, telling {@code notifier} of
   * every token revoked because someone reported it leaked
   * ({@code POST /credentials/revoke}; {@link Notifier#tokenRevokedAsLeaked}).
   *
   * @param auth the token system, the same one whose authenticator the filter uses
   * @param externalUrl the URL clients reach the host at, or null (as the two-argument
   *     constructor)
   * @param notifier told of each token revoked as leaked, so its owner learns why
   * @since 0.1
   */
  public TokenApiServlet(WvsAuth auth, String externalUrl, Notifier notifier) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.externalUrl = TokenLists.externalUrl(externalUrl);
    Objects.requireNonNull(notifier, "notifier");
    this.revocation = new CredentialRevocation(auth, notifier);
  }

  /** The init-param that sets the external URL when no constructor argument did. */
  public static final String EXTERNAL_URL_PARAMETER = "externalUrl";

  @Override
  public void init() {
    String param = getInitParameter(EXTERNAL_URL_PARAMETER);
    if (externalUrl == null && param != null && !param.isBlank()) {
      externalUrl = TokenLists.externalUrl(param.strip());
    }
  }

  /** A successful answer: status, body (null for none) and nothing else. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = StandardRouteRules.upperCase(request.getMethod());
    boolean head = method.equals("HEAD");
    response.setHeader("Cache-Control", "no-store");
    request.setAttribute(TokenLists.EXTERNAL_URL_ATTRIBUTE, externalUrl);
    int status;
    Object body;
    try {
      Reply reply = handle(request, response, head ? "GET" : method);
      status = reply.status();
      body = reply.body();
    } catch (ApiException e) {
      status = e.status();
      body = e.body();
    } catch (WvsAuthException e) {
      ApiException mapped = map(e);
      status = mapped.status();
      body = mapped.body();
    } catch (RuntimeException e) {
      LOG.error("token API failed on {} {}", method, pathForLog(request), e);
      status = 500;
      body = Json.message("500 Internal Server Error");
    }
    if (body == null || head) {
      response.setStatus(status);
      return;
    }
    Json.write(response, status, body);
  }

  /** Maps a management failure to the platform's answer; see the README's table. */
  private static ApiException map(WvsAuthException e) {
    if (e instanceof StoreUnavailableException) {
      LOG.warn("store unavailable in the token API: {}", e.toString());
      return new ApiException(503, Json.message("503 Service Unavailable"));
    }
    if (e instanceof MissingCapabilityException missing) {
      return FailureResponder.notImplemented(missing);
    }
    if (e instanceof InvalidTokenRequestException) {
      // InvalidScopeException included: scopes the type allows but the user or host does not.
      return ApiException.badRequest(e.getMessage());
    }
    if (e instanceof RoleNotHeldException) {
      // Creating, rotating or revoking a token whose role is above the caller's: the platform's 400.
      return ApiException.badRequest(e.getMessage());
    }
    if (e instanceof BotTokenRefusedException) {
      return new ApiException(403, Json.message("403 Forbidden - " + e.getMessage()));
    }
    if (e instanceof PermissionDeniedException) {
      LOG.debug("token API refused: {}", e.getMessage());
      return ApiException.forbidden();
    }
    if (e instanceof TokenNotFoundException) {
      return ApiException.notFound("Token");
    }
    if (e instanceof TokenInactiveException) {
      // Rotating a revoked or expired token, reuse detection included: the platform's 400.
      return ApiException.badRequest(e.getMessage());
    }
    if (e instanceof TokenConflictException) {
      return new ApiException(409, Json.message("409 Conflict - " + e.getMessage()));
    }
    LOG.error("unexpected token API failure: {}", e.toString());
    return new ApiException(500, Json.message("500 Internal Server Error"));
  }

  /**
   * Dispatches on the route table: 401 without an authenticated user, 404 when no endpoint has the
   * path's shape, 405 (with {@code Allow}) when endpoints have it but not for this method.
   */
  private Reply handle(HttpServletRequest request, HttpServletResponse response, String method)
      throws ApiException, IOException {
    if (CredentialRevocation.isItsPath(RequestPath.of(request))) {
      return revocation.handle(request, response, method);
    }
    AuthResult.Success success = authenticated(request);
    Optional<RequestPath> parsed = RequestPath.of(request);
    if (parsed.isEmpty() || !parsed.get().is(0, "api") || !parsed.get().is(1, "v4")) {
      throw routeNotFound();
    }
    RequestPath path = parsed.get();
    List<String> segments = path.segments().subList(2, path.size());
    boolean resourceRoute = !segments.isEmpty()
        && (segments.get(0).equals("projects") || segments.get(0).equals("groups"));
    if (path.hasEncodedSlashOutside(resourceRoute ? 3 : -1)) {
      throw routeNotFound();
    }
    List<String> allowed = new ArrayList<>();
    for (ApiRoute route : ApiRoutes.TABLE) {
      if (!route.matches(path, 2)) {
        continue;
      }
      if (route.method().equals(method)) {
        return route.handler().handle(new ApiCall(auth, request, response, method, success, segments));
      }
      if (!allowed.contains(route.method())) {
        allowed.add(route.method());
      }
    }
    if (allowed.isEmpty()) {
      throw routeNotFound();
    }
    String allow = String.join(", ", allowed);
    response.setHeader("Allow", allowed.contains("GET") ? allow + ", HEAD" : allow);
    throw new ApiException(405, Json.message("405 Method Not Allowed"));
  }

  private static AuthResult.Success authenticated(HttpServletRequest request) throws ApiException {
    Object result = request.getAttribute(WvsAuthFilter.RESULT_ATTRIBUTE);
    if (!(result instanceof AuthResult.Success success)
        || success.principal().kind() == Principal.Kind.DEPLOY_TOKEN) {
      throw ApiException.unauthorized();
    }
    return success;
  }

  private static ApiException routeNotFound() {
    return new ApiException(404, Json.object("error", "404 Not Found"));
  }

  private static String pathForLog(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return uri == null ? "" : uri.length() > 200 ? uri.substring(0, 200) + "…" : uri;
  }
}
