package io.wvs.auth.servlet;

import io.wvs.auth.AuthResult;
import io.wvs.auth.BotTokenRefusedException;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.PermissionDeniedException;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.RoleNotHeldException;
import io.wvs.auth.Scope;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenConflictException;
import io.wvs.auth.TokenInactiveException;
import io.wvs.auth.TokenNotFoundException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.WvsAuthException;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.User;
import io.wvs.auth.spi.UserDirectory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
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
  private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
  private static final String SELF = "self";
  /** Deeper project and group chains are broken data: nothing above this depth makes one visible. */
  private static final int MAX_HIERARCHY_DEPTH = 64;

  private final transient WvsAuth auth;
  private final transient UserDirectory directory;
  /** The base of absolute links (pagination {@code Link} headers), or null; see the constructor. */
  private transient volatile String externalUrl;

  /**
   * A servlet whose absolute links start with the {@value #EXTERNAL_URL_PARAMETER} init-param, or
   * with the address the request arrived at (scheme, local address and port) without it.
   *
   * @param auth the token system, the same one whose authenticator the filter uses; its
   *     {@linkplain WvsAuth#userDirectory() directory} resolves users, projects and groups
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
    this.auth = Objects.requireNonNull(auth, "auth");
    this.directory = auth.userDirectory();
    this.externalUrl = TokenLists.externalUrl(externalUrl);
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
  private record Reply(int status, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, body);
    }

    static Reply created(Object body) {
      return new Reply(201, body);
    }

    static Reply noContent() {
      return new Reply(204, null);
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = request.getMethod() == null ? "" : request.getMethod().toUpperCase(Locale.ROOT);
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

  private Reply handle(HttpServletRequest request, HttpServletResponse response, String method)
      throws ApiException, IOException {
    AuthResult.Success success = authenticated(request);
    Optional<RequestPath> parsed = RequestPath.of(request);
    if (parsed.isEmpty() || !parsed.get().is(0, "api") || !parsed.get().is(1, "v4")) {
      throw routeNotFound();
    }
    RequestPath path = parsed.get();
    List<String> r = path.segments().subList(2, path.size());
    boolean resourceRoute = !r.isEmpty() && (r.get(0).equals("projects") || r.get(0).equals("groups"));
    if (path.hasEncodedSlashOutside(resourceRoute ? 3 : -1)) {
      throw routeNotFound();
    }
    Call call = new Call(request, response, method, success);
    if (r.isEmpty()) {
      throw routeNotFound();
    }
    switch (r.get(0)) {
      case "user":
        if (r.size() == 1) {
          call.allow("GET");
          return currentUser(call);
        }
        break;
      case "personal_access_tokens":
        return personalAccessTokens(call, r);
      case "users":
        if (r.size() >= 3 && r.get(2).equals("personal_access_tokens") && r.size() == 3) {
          call.allow("POST");
          return createPersonalForUser(call, r.get(1));
        }
        if (r.size() >= 3 && r.get(2).equals("impersonation_tokens")) {
          return impersonationTokens(call, r);
        }
        break;
      case "projects":
      case "groups":
        if (r.size() >= 3 && r.get(2).equals("access_tokens")) {
          return accessTokens(call, r);
        }
        if (r.size() >= 3 && r.get(2).equals("deploy_tokens")) {
          return deployTokens(call, r);
        }
        break;
      case "deploy_tokens":
        if (r.size() == 1) {
          call.allow("GET");
          ApiParams p = call.params();
          List<TokenView> all = TokenLists.filterActive(auth.deployTokens().listAll(call.actor()), p);
          return Reply.ok(deployJson(TokenLists.page(all, p, request, response)));
        }
        break;
      default:
        break;
    }
    throw routeNotFound();
  }

  // ---------------------------------------------------------------- /user

  private Reply currentUser(Call call) throws ApiException {
    User user = call.actorUser();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", user.id());
    m.put("username", user.username());
    m.put("name", user.username());
    m.put("state", user.blocked() ? "blocked" : "active");
    m.put("bot", user.bot());
    m.put("is_admin", user.admin());
    m.put("two_factor_enabled", user.twoFactorEnabled());
    return Reply.ok(m);
  }

  // ---------------------------------------------------------------- personal access tokens

  private Reply personalAccessTokens(Call call, List<String> r) throws ApiException, IOException {
    if (r.size() == 1) {
      call.allow("GET");
      return listPersonal(call);
    }
    if (r.size() == 2) {
      call.allow("GET", "DELETE");
      long id = personalTokenId(call, r.get(1));
      if (call.method.equals("GET")) {
        return Reply.ok(TokenJson.personal(personal(call, () -> auth.personalTokens().get(call.actor(), id))));
      }
      personal(call, () -> auth.personalTokens().revoke(call.actor(), id));
      return Reply.noContent();
    }
    if (r.size() == 3 && r.get(2).equals("rotate")) {
      call.allow("POST");
      long id = personalTokenId(call, r.get(1));
      LocalDate expires = call.params().date("expires_at");
      CreatedToken created = personal(call, () -> auth.personalTokens().rotate(call.actor(), id, expires));
      return Reply.ok(TokenJson.withToken(TokenJson.personal(created.token()), created.value()));
    }
    throw routeNotFound();
  }

  private Reply listPersonal(Call call) throws ApiException, IOException {
    ApiParams p = call.params();
    User me = call.actorUser();
    String userParam = p.string("user_id");
    List<TokenView> views;
    if (userParam != null && !userParam.isEmpty()) {
      Optional<User> target = findUser(userParam);
      if (!me.admin()) {
        // Non-administrators may only name themselves; anything else is the platform's 401.
        if (target.isEmpty() || target.get().id() != me.id()) {
          throw ApiException.unauthorized();
        }
        views = auth.personalTokens().list(me.id(), me.id());
      } else {
        User user = target.orElseThrow(() -> ApiException.notFound("User"));
        views = new ArrayList<>(auth.personalTokens().list(me.id(), user.id()));
        views.addAll(auth.personalTokens().listImpersonation(me.id(), user.id()));
        views.sort(Comparator.comparingLong(TokenView::id));
      }
    } else if (me.admin()) {
      // As on the platform, an administrator without user_id sees every token of the instance.
      views = auth.personalTokens().listAll(me.id());
    } else {
      views = auth.personalTokens().list(me.id(), me.id());
    }
    List<TokenView> filtered = TokenLists.filterAndSort(views, p);
    List<Object> out = new ArrayList<>();
    for (TokenView v : TokenLists.page(filtered, p, call.request, call.response)) {
      out.add(TokenJson.personal(v));
    }
    return Reply.ok(out);
  }

  /** The id named in the path: a number, or {@code self} for the token that authenticated. */
  private static long personalTokenId(Call call, String segment) throws ApiException {
    if (segment.equals(SELF)) {
      AuthResult.Success s = call.success;
      if (s.type() == null || !s.type().belongsToUser()) {
        // Project and group tokens are not personal tokens here; see the README.
        throw ApiException.notFound(null);
      }
      return s.tokenId();
    }
    if (!ID.matcher(segment).matches()) {
      throw ApiException.notFound(null);
    }
    return Long.parseLong(segment);
  }

  /**
   * Runs a personal-token operation; a token that does not exist or is not the actor's is the
   * platform's 401 for non-administrators and 404 for administrators.
   */
  private <T> T personal(Call call, Supplier<T> operation) throws ApiException {
    try {
      return operation.get();
    } catch (TokenNotFoundException e) {
      boolean admin = call.actorUserOrNull() != null && call.actorUserOrNull().admin();
      throw admin ? ApiException.notFound(null) : ApiException.unauthorized();
    }
  }

  private Reply createPersonalForUser(Call call, String userSegment) throws ApiException, IOException {
    requireAdmin(call);
    User user = userById(userSegment);
    TokenSpec spec = tokenSpec(call.params(), TokenType.PERSONAL);
    CreatedToken created = auth.personalTokens().create(call.actor(), user.id(), spec);
    return Reply.created(TokenJson.withToken(TokenJson.personal(created.token()), created.value()));
  }

  // ---------------------------------------------------------------- impersonation tokens

  private Reply impersonationTokens(Call call, List<String> r) throws ApiException, IOException {
    if (r.size() == 3) {
      call.allow("GET", "POST");
      requireAdmin(call);
      User user = userById(r.get(1));
      if (call.method.equals("GET")) {
        ApiParams p = call.params();
        List<TokenView> views = TokenLists.filterState(
            auth.personalTokens().listImpersonation(call.actor(), user.id()), p);
        List<Object> out = new ArrayList<>();
        for (TokenView v : TokenLists.page(views, p, call.request, call.response)) {
          out.add(TokenJson.impersonation(v));
        }
        return Reply.ok(out);
      }
      TokenSpec spec = tokenSpec(call.params(), TokenType.IMPERSONATION);
      CreatedToken created = auth.personalTokens().createImpersonation(call.actor(), user.id(), spec);
      return Reply.created(TokenJson.withToken(TokenJson.impersonation(created.token()), created.value()));
    }
    if (r.size() == 4) {
      call.allow("GET", "DELETE");
      requireAdmin(call);
      User user = userById(r.get(1));
      TokenView token = impersonationToken(call, user, r.get(3));
      if (call.method.equals("GET")) {
        return Reply.ok(TokenJson.impersonation(token));
      }
      auth.personalTokens().revoke(call.actor(), token.id());
      return Reply.noContent();
    }
    throw routeNotFound();
  }

  private TokenView impersonationToken(Call call, User user, String segment) throws ApiException {
    ApiException notFound = ApiException.notFound("Impersonation Token");
    if (!ID.matcher(segment).matches()) {
      throw notFound;
    }
    TokenView token;
    try {
      token = auth.personalTokens().get(call.actor(), Long.parseLong(segment));
    } catch (TokenNotFoundException e) {
      throw notFound;
    }
    if (!token.impersonation() || !Objects.equals(token.userId(), user.id())) {
      throw notFound;
    }
    return token;
  }

  // ---------------------------------------------------------------- project and group access tokens

  private Reply accessTokens(Call call, List<String> r) throws ApiException, IOException {
    if (r.size() < 3 || r.size() > 5 || (r.size() == 5 && !r.get(4).equals("rotate"))) {
      throw routeNotFound();
    }
    if (r.size() == 3) {
      call.allow("GET", "POST");
    } else if (r.size() == 4) {
      call.allow("GET", "DELETE");
    } else {
      call.allow("POST");
    }
    ResourceRef resource = resource(call, r.get(0), r.get(1));
    TokenType type = TokenType.accessTokenOf(resource.kind());
    if (r.size() == 3 && call.method.equals("GET")) {
      ApiParams p = call.params();
      List<TokenView> views = TokenLists.filterAndSort(auth.resourceTokens().list(call.actor(), resource), p);
      List<Object> out = new ArrayList<>();
      for (TokenView v : TokenLists.page(views, p, call.request, call.response)) {
        out.add(TokenJson.resource(v, accessLevel(v)));
      }
      return Reply.ok(out);
    }
    if (r.size() == 3) {
      ApiParams p = call.params();
      TokenSpec spec = tokenSpec(p, type);
      Role role = accessLevelParam(p);
      CreatedToken created = auth.resourceTokens().create(call.actor(), resource, spec, role);
      int level = (role == null ? Role.MAINTAINER : role).accessLevel();
      return Reply.created(TokenJson.withToken(TokenJson.resource(created.token(), level), created.value()));
    }
    long id = resourceTokenId(call, r.get(3), type);
    if (r.size() == 5) {
      LocalDate expires = call.params().date("expires_at");
      CreatedToken created = auth.resourceTokens().rotate(call.actor(), resource, id, expires);
      return Reply.ok(TokenJson.withToken(TokenJson.resource(created.token(), accessLevel(created.token())),
          created.value()));
    }
    if (call.method.equals("GET")) {
      TokenView v = auth.resourceTokens().get(call.actor(), resource, id);
      return Reply.ok(TokenJson.resource(v, accessLevel(v)));
    }
    auth.resourceTokens().revoke(call.actor(), resource, id);
    return Reply.noContent();
  }

  private static long resourceTokenId(Call call, String segment, TokenType type) throws ApiException {
    if (segment.equals(SELF) && call.success.type() == type) {
      return call.success.tokenId();
    }
    if (!ID.matcher(segment).matches()) {
      throw ApiException.notFound("Token");
    }
    return Long.parseLong(segment);
  }

  /** The bot user's role in its resource, or null once the bot is gone (revoked tokens). */
  private Integer accessLevel(TokenView v) {
    if (v.userId() == null || v.resource() == null) {
      return null;
    }
    return directory.directRole(v.userId(), v.resource())
        .map(Role::accessLevel).orElse(null);
  }

  private static Role accessLevelParam(ApiParams p) throws ApiException {
    String value = p.string("access_level");
    if (value == null || value.isEmpty()) {
      return null;
    }
    for (Role role : Role.values()) {
      if (Integer.toString(role.accessLevel()).equals(value.trim())) {
        return role;
      }
    }
    throw ApiException.invalidParameter("access_level does not have a valid value");
  }

  // ---------------------------------------------------------------- deploy tokens

  private Reply deployTokens(Call call, List<String> r) throws ApiException, IOException {
    if (r.size() == 3) {
      call.allow("GET", "POST");
    } else if (r.size() == 4) {
      call.allow("GET", "DELETE");
    } else {
      throw routeNotFound();
    }
    ResourceRef resource = resource(call, r.get(0), r.get(1));
    if (r.size() == 3 && call.method.equals("GET")) {
      ApiParams p = call.params();
      List<TokenView> views = TokenLists.filterActive(auth.deployTokens().list(call.actor(), resource), p);
      return Reply.ok(deployJson(TokenLists.page(views, p, call.request, call.response)));
    }
    if (r.size() == 3) {
      DeployTokenSpec spec = deploySpec(call.params());
      CreatedToken created = auth.deployTokens().create(call.actor(), resource, spec);
      return Reply.created(TokenJson.withToken(TokenJson.deploy(created.token(), auth.clock().instant()),
          created.value()));
    }
    if (!ID.matcher(r.get(3)).matches()) {
      throw ApiException.notFound("Token");
    }
    long id = Long.parseLong(r.get(3));
    if (call.method.equals("GET")) {
      return Reply.ok(TokenJson.deploy(auth.deployTokens().get(call.actor(), resource, id), auth.clock().instant()));
    }
    auth.deployTokens().revoke(call.actor(), resource, id);
    return Reply.noContent();
  }

  private List<Object> deployJson(List<TokenView> views) {
    List<Object> out = new ArrayList<>(views.size());
    for (TokenView v : views) {
      out.add(TokenJson.deploy(v, auth.clock().instant()));
    }
    return out;
  }

  private static DeployTokenSpec deploySpec(ApiParams p) throws ApiException {
    List<String> errors = new ArrayList<>();
    String name = requiredName(p, errors);
    Set<Scope> scopes = scopes(p, TokenType.DEPLOY, errors);
    LocalDate expires = null;
    try {
      expires = p.date("expires_at");
    } catch (ApiException e) {
      errors.add("expires_at is invalid");
    }
    String username = p.string("username");
    throwIfAny(errors);
    return new DeployTokenSpec(name, scopes, expires, username == null || username.isEmpty() ? null : username);
  }

  // ---------------------------------------------------------------- shared

  private static TokenSpec tokenSpec(ApiParams p, TokenType type) throws ApiException {
    List<String> errors = new ArrayList<>();
    String name = requiredName(p, errors);
    Set<Scope> scopes = scopes(p, type, errors);
    LocalDate expires = null;
    try {
      expires = p.date("expires_at");
    } catch (ApiException e) {
      errors.add("expires_at is invalid");
    }
    // description is accepted for compatibility but not kept: the core has no such field.
    p.string("description");
    throwIfAny(errors);
    return new TokenSpec(name, scopes, expires);
  }

  private static String requiredName(ApiParams p, List<String> errors) throws ApiException {
    String name = p.string("name");
    if (name == null) {
      errors.add("name is missing");
    } else if (name.isBlank()) {
      errors.add("name is empty");
    }
    return name;
  }

  /** The {@code scopes} parameter, each one a scope {@code type} may hold, as the platform validates it. */
  private static Set<Scope> scopes(ApiParams p, TokenType type, List<String> errors) throws ApiException {
    List<String> ids = p.list("scopes");
    if (ids == null) {
      errors.add("scopes is missing");
      return null;
    }
    if (ids.isEmpty()) {
      errors.add("scopes is empty");
      return null;
    }
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String id : ids) {
      Scope found = null;
      for (Scope s : type.allowedScopes()) {
        if (s.id().equals(id)) {
          found = s;
        }
      }
      if (found == null) {
        errors.add("scopes does not have a valid value");
        return null;
      }
      scopes.add(found);
    }
    return scopes;
  }

  private static void throwIfAny(List<String> errors) throws ApiException {
    if (!errors.isEmpty()) {
      throw ApiException.invalidParameter(String.join(", ", errors));
    }
  }

  private void requireAdmin(Call call) throws ApiException {
    if (!call.actorUser().admin()) {
      throw ApiException.forbidden();
    }
  }

  /** A user by numeric id or username, or empty. */
  private Optional<User> findUser(String idOrUsername) {
    if (ID.matcher(idOrUsername).matches()) {
      long id = Long.parseLong(idOrUsername);
      return id > 0 ? directory.findUser(id) : Optional.empty();
    }
    if (idOrUsername.length() > 255) {
      return Optional.empty();
    }
    return directory.findUserByUsername(idOrUsername);
  }

  private User userById(String segment) throws ApiException {
    return findUser(segment).orElseThrow(() -> ApiException.notFound("User"));
  }

  /**
   * The project or group named by {@code segment} (a numeric id or a decoded full path) that the
   * actor can see. One the actor cannot see is the platform's 404, the same answer as for one that
   * does not exist, so the API does not tell which private projects and groups exist.
   */
  private ResourceRef resource(Call call, String collection, String segment) throws ApiException {
    ResourceRef.Kind kind = collection.equals("projects") ? ResourceRef.Kind.PROJECT : ResourceRef.Kind.GROUP;
    ApiException notFound = ApiException.notFound(kind == ResourceRef.Kind.PROJECT ? "Project" : "Group");
    Optional<Resource> found;
    if (ID.matcher(segment).matches()) {
      long id = Long.parseLong(segment);
      if (id <= 0) {
        throw notFound;
      }
      ResourceRef ref = new ResourceRef(kind, id);
      found = directory.findResource(ref);
    } else if (RequestPath.isSafeFullPath(segment)) {
      found = directory.findResourceByPath(segment);
    } else {
      throw notFound;
    }
    if (found.isEmpty() || found.get().ref().kind() != kind || !canSee(call.actorUser(), found.get())) {
      throw notFound;
    }
    return found.get().ref();
  }

  /**
   * Whether {@code actor} can see {@code resource}: an administrator, or a member (any role) of it
   * or of a group above it. Walks at most {@value #MAX_HIERARCHY_DEPTH} levels up; a longer or
   * broken chain sees nothing more.
   */
  private boolean canSee(User actor, Resource resource) {
    if (actor.admin()) {
      return true;
    }
    Resource current = resource;
    for (int depth = 0; current != null && depth < MAX_HIERARCHY_DEPTH; depth++) {
      ResourceRef ref = current.ref();
      if (directory.directRole(actor.id(), ref).isPresent()) {
        return true;
      }
      ResourceRef parent = current.parent();
      current = parent == null ? null : directory.findResource(parent).orElse(null);
    }
    return false;
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

  /** One API call: the request, its method, the authenticated result and lazily read parameters. */
  private final class Call {
    final HttpServletRequest request;
    final HttpServletResponse response;
    final String method;
    final AuthResult.Success success;
    private ApiParams params;
    private User actorUser;

    Call(HttpServletRequest request, HttpServletResponse response, String method, AuthResult.Success success) {
      this.request = request;
      this.response = response;
      this.method = method;
      this.success = success;
    }

    long actor() {
      return success.principal().id();
    }

    ApiParams params() throws ApiException, IOException {
      if (params == null) {
        params = ApiParams.read(request, !method.equals("GET"));
      }
      return params;
    }

    /** The acting user; 401 if the directory no longer knows them. */
    User actorUser() throws ApiException {
      User user = actorUserOrNull();
      if (user == null) {
        throw ApiException.unauthorized();
      }
      return user;
    }

    User actorUserOrNull() {
      if (actorUser == null) {
        actorUser = directory.findUser(actor()).orElse(null);
      }
      return actorUser;
    }

    /** 405 with an {@code Allow} header unless the method is one of {@code methods}. */
    void allow(String... methods) throws ApiException {
      for (String m : methods) {
        if (m.equals(method)) {
          return;
        }
      }
      String allowed = String.join(", ", methods);
      response.setHeader("Allow", allowed.contains("GET") ? allowed + ", HEAD" : allowed);
      throw new ApiException(405, Json.message("405 Method Not Allowed"));
    }
  }
}
