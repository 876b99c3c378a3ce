package io.wvs.auth.servlet;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Principal;
import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.ScopeRequirement;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.TokenAuthenticator;
import io.wvs.auth.TokenIntrospection;
import io.wvs.auth.TokenType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token introspection (RFC 7662) for other services: mount it at {@code /oauth/introspect}. A
 * resource server that was handed a wvs-auth token POSTs it as the form field {@code token}
 * ({@code token_type_hint} is ignored) and learns whether it is active, by the same rules as an
 * API request ({@link TokenAuthenticator#introspect(String)}).
 *
 * <p>An active token is answered {@code {"active":true,"scope":"read_api read_repository",
 * "username":"alice","sub":"2","token_type":"personal_access_token","iat":…,"exp":…}} with
 * {@code token_type} one of {@code personal_access_token}, {@code impersonation_token},
 * {@code project_access_token} and {@code group_access_token}, {@code sub} the user's (or the
 * project or group bot's) id, {@code iat} and {@code exp} in epoch seconds ({@code exp}: 00:00 UTC
 * of the expiry date; absent when the token never expires), and for a project or group token
 * {@code "wvs_resource":{"kind":"project","id":1}}. Anything else (unknown, malformed, revoked,
 * expired, a blocked user's, an impersonation token while impersonation is disabled, a deploy
 * token) is answered exactly {@code {"active":false}}: never a reason.
 *
 * <p>The endpoint is protected. The caller presents either HTTP Basic client credentials the host
 * configured ({@link Builder#client}; id and secret form-encoded, as RFC 6749 says), or in
 * {@code Authorization: Bearer} its own token with the {@code api} scope of an administrator (the
 * token's scopes are the platform's, so there is no narrower one). Without credentials, or with
 * wrong ones: 401; a valid token without {@code api} or of a non-administrator: 403. A missing or
 * repeated {@code token} field, or one in the URL: 400. When the store cannot answer: 503. Every
 * answer carries {@code Cache-Control: no-store}; the introspected token is never logged or
 * echoed. Its use is recorded (last used) as for any authentication. Thread-safe.
 *
 * @since 0.1
 */
public final class IntrospectionServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(IntrospectionServlet.class);
  private static final ScopeRequirement CALLER_SCOPE = ScopeRequirement.anyOf(Scope.API);
  private static final int MIN_SECRET_LENGTH = 16;

  private final transient TokenAuthenticator authenticator;
  private final transient IntrospectionClients clients;

  private IntrospectionServlet(Builder b) {
    this.authenticator = b.authenticator;
    this.clients = new IntrospectionClients(b.clients);
  }

  /**
   * Starts an endpoint over {@code authenticator}.
   *
   * @param authenticator the instance's authenticator ({@code auth.authenticator()})
   * @return a builder; add clients with {@link Builder#client}
   */
  public static Builder builder(TokenAuthenticator authenticator) {
    return new Builder(Objects.requireNonNull(authenticator, "authenticator"));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    Optional<Integer> refusal = callerRefusal(request.getHeader("Authorization"));
    if (refusal.isPresent()) {
      int status = refusal.get();
      if (status == HttpServletResponse.SC_UNAUTHORIZED) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"introspection\", Bearer realm=\"introspection\"");
      }
      Json.write(response, status, error(status == HttpServletResponse.SC_UNAUTHORIZED ? "invalid_client"
          : status == HttpServletResponse.SC_FORBIDDEN ? "insufficient_scope" : "temporarily_unavailable"));
      return;
    }
    String token = tokenOf(request);
    if (token == null) {
      Json.write(response, HttpServletResponse.SC_BAD_REQUEST, error("invalid_request"));
      return;
    }
    Optional<TokenIntrospection> found;
    try {
      found = authenticator.introspect(token);
    } catch (StoreUnavailableException e) {
      LOG.warn("introspection unavailable: {}", e.getMessage());
      Json.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, error("temporarily_unavailable"));
      return;
    }
    Json.write(response, HttpServletResponse.SC_OK, found.map(IntrospectionServlet::active)
        .orElseGet(() -> Json.object("active", false)));
  }

  /** Only POST is introspection; every other method is 405 with the same headers. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if ("POST".equals(request.getMethod())) {
      doPost(request, response);
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Allow", "POST");
    Json.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, error("invalid_request"));
  }

  /** Empty when the caller may introspect; else the status to answer (401, 403 or 503). */
  private Optional<Integer> callerRefusal(String authorization) {
    if (authorization == null) {
      return Optional.of(HttpServletResponse.SC_UNAUTHORIZED);
    }
    String lower = authorization.toLowerCase(Locale.ROOT);
    if (lower.startsWith("basic ")) {
      return clients.accepts(authorization) ? Optional.empty() : Optional.of(HttpServletResponse.SC_UNAUTHORIZED);
    }
    if (!lower.startsWith("bearer ")) {
      return Optional.of(HttpServletResponse.SC_UNAUTHORIZED);
    }
    AuthResult caller = authenticator.authenticate(
        AuthRequest.api(authorization.substring(7).trim(), CALLER_SCOPE));
    if (caller instanceof AuthResult.Success ok) {
      boolean admin = ok.sudoBy() == null && ok.principal() instanceof Principal.Account a && a.user().admin();
      return admin ? Optional.empty() : Optional.of(HttpServletResponse.SC_FORBIDDEN);
    }
    AuthResult.Failure failure = (AuthResult.Failure) caller;
    return switch (failure.reason()) {
      case INSUFFICIENT_SCOPE -> Optional.of(HttpServletResponse.SC_FORBIDDEN);
      case STORE_UNAVAILABLE -> Optional.of(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      default -> Optional.of(HttpServletResponse.SC_UNAUTHORIZED);
    };
  }

  /** The one {@code token} form field, or null when it is missing, repeated or also in the URL. */
  private static String tokenOf(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query != null && (query.startsWith("token=") || query.contains("&token="))) {
      return null;
    }
    String[] values = request.getParameterValues("token");
    if (values == null || values.length != 1 || values[0].isEmpty()) {
      return null;
    }
    return values[0];
  }

  private static Map<String, Object> active(TokenIntrospection found) {
    AuthResult.Via.Token token = found.token();
    Principal principal = found.success().principal();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("active", true);
    StringJoiner scopes = new StringJoiner(" ");
    token.scopes().forEach(scope -> scopes.add(scope.id()));
    body.put("scope", scopes.toString());
    body.put("username", principal.username());
    body.put("sub", Long.toString(principal.id()));
    body.put("token_type", TokenJson.typeName(token.type()));
    body.put("iat", found.issuedAt().getEpochSecond());
    if (found.expiresAt() != null) {
      body.put("exp", found.expiresAt().getEpochSecond());
    }
    ResourceRef resource = token.resource();
    if (resource != null) {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("kind", resource.kind().name().toLowerCase(Locale.ROOT));
      ref.put("id", resource.id());
      body.put("wvs_resource", ref);
    }
    return body;
  }

  private static Map<String, Object> error(String code) {
    return Json.object("error", code);
  }

  /**
   * Builds an {@link IntrospectionServlet}: the authenticator, and any number of clients.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final TokenAuthenticator authenticator;
    private final Map<String, byte[]> clients = new LinkedHashMap<>();

    private Builder(TokenAuthenticator authenticator) {
      this.authenticator = authenticator;
    }

    /**
     * Lets the client {@code id} introspect with HTTP Basic and {@code secret}. Only the SHA-256 of
     * the secret is kept.
     *
     * @param id the client id, non-blank, without {@code :}
     * @param secret the client's secret, at least 16 characters (generate it: it is a password
     *     that no person types)
     * @return this builder
     * @throws IllegalArgumentException for a blank id, one with {@code :}, a short secret, or an
     *     id given twice
     */
    public Builder client(String id, String secret) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(secret, "secret");
      if (id.isBlank() || id.indexOf(':') >= 0) {
        throw new IllegalArgumentException("an introspection client id is non-blank and has no ':'");
      }
      if (secret.length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException("the secret of introspection client " + id
            + " is shorter than " + MIN_SECRET_LENGTH + " characters");
      }
      if (clients.containsKey(id)) {
        throw new IllegalArgumentException("introspection client " + id + " was already added");
      }
      clients.put(id, IntrospectionClients.sha256(secret));
      return this;
    }

    /**
     * Builds the servlet.
     *
     * @return the servlet
     */
    public IntrospectionServlet build() {
      return new IntrospectionServlet(this);
    }
  }
}
