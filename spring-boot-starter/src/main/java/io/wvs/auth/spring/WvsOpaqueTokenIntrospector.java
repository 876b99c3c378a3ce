package io.wvs.auth.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wvs.auth.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * An {@link OpaqueTokenIntrospector} for a service that accepts wvs-auth tokens without embedding
 * the store: it POSTs each token to the introspection endpoint of the service that does
 * ({@code IntrospectionServlet}, {@code /oauth/introspect}) with its client credentials, and maps
 * an active answer to a principal named after the token's user, with a {@code SCOPE_<scope>}
 * authority for each scope and each scope it implies (as the embedded integration grants them) and
 * the answer's fields as attributes ({@code iat} and {@code exp} as {@link Instant}s). An inactive
 * answer is a {@link BadOpaqueTokenException} (a 401); an endpoint that cannot be reached or
 * answers anything but 200 is an {@link OAuth2IntrospectionException}. The token is never logged
 * or put in an exception message.
 *
 * <p>An optional cache ({@link Builder#cacheTtl}, off by default) keeps active answers, under the
 * SHA-256 of the token, for at most its TTL and never past the token's expiry, and holds at most
 * {@link Builder#cacheSize} of them: a revocation is then seen at most one TTL later. Thread-safe.
 *
 * <pre>{@code
 * http.oauth2ResourceServer(o -> o.opaqueToken(t -> t.introspector(WvsOpaqueTokenIntrospector.builder()
 *     .uri("https://auth.example.com/oauth/introspect").clientId("orders").clientSecret(secret).build())));
 * }</pre>
 *
 * @since 0.1
 */
public final class WvsOpaqueTokenIntrospector implements OpaqueTokenIntrospector {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI uri;
  private final String authorization;
  private final Duration cacheTtl;
  private final int cacheSize;
  private final Clock clock;
  private final HttpClient http;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(OAuth2AuthenticatedPrincipal principal, Instant until) {}

  private WvsOpaqueTokenIntrospector(Builder b) {
    this.uri = b.uri;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (form(b.clientId) + ":" + form(b.clientSecret)).getBytes(StandardCharsets.UTF_8));
    this.cacheTtl = b.cacheTtl == null ? Duration.ZERO : b.cacheTtl;
    this.cacheSize = b.cacheSize == null ? 10_000 : b.cacheSize;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** {@return a builder; {@code uri}, {@code clientId} and {@code clientSecret} are required} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public OAuth2AuthenticatedPrincipal introspect(String token) {
    if (token == null || token.isEmpty()) {
      throw new BadOpaqueTokenException("the token is not active");
    }
    String key = cacheTtl.isZero() ? null : sha256(token);
    Instant now = clock.instant();
    if (key != null) {
      Cached hit = cache.get(key);
      if (hit != null && now.isBefore(hit.until())) {
        return hit.principal();
      }
      if (hit != null) {
        cache.remove(key, hit);
      }
    }
    OAuth2AuthenticatedPrincipal principal = ask(token);
    if (key != null) {
      remember(key, principal, now);
    }
    return principal;
  }

  private OAuth2AuthenticatedPrincipal ask(String token) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Authorization", authorization)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token)))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new OAuth2IntrospectionException("the introspection endpoint cannot be reached: " + e.getClass().getName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OAuth2IntrospectionException("interrupted while introspecting");
    }
    if (response.statusCode() != 200) {
      throw new OAuth2IntrospectionException("the introspection endpoint answered " + response.statusCode());
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new OAuth2IntrospectionException("the introspection endpoint answered no JSON");
    }
    if (answer == null || !answer.path("active").asBoolean(false) || !answer.path("username").isTextual()) {
      throw new BadOpaqueTokenException("the token is not active");
    }
    return principal(answer);
  }

  private static OAuth2AuthenticatedPrincipal principal(JsonNode answer) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String id : answer.path("scope").asText("").split(" ")) {
      for (Scope s : Scope.values()) {
        if (s.id().equals(id)) {
          scopes.add(s);
        }
      }
    }
    attributes.put("active", true);
    attributes.put("scope", scopes.stream().map(Scope::id).toList());
    attributes.put("username", answer.get("username").asText());
    copyText(answer, "sub", attributes);
    copyText(answer, "token_type", attributes);
    if (answer.path("iat").isNumber()) {
      attributes.put("iat", Instant.ofEpochSecond(answer.get("iat").asLong()));
    }
    if (answer.path("exp").isNumber()) {
      attributes.put("exp", Instant.ofEpochSecond(answer.get("exp").asLong()));
    }
    JsonNode resource = answer.path("wvs_resource");
    if (resource.path("kind").isTextual() && resource.path("id").isNumber()) {
      attributes.put("wvs_resource", Map.of("kind", resource.get("kind").asText(), "id", resource.get("id").asLong()));
    }
    return new OAuth2IntrospectionAuthenticatedPrincipal(answer.get("username").asText(), attributes,
        AuthResults.authorities(scopes));
  }

  private static void copyText(JsonNode answer, String field, Map<String, Object> attributes) {
    if (answer.path(field).isTextual()) {
      attributes.put(field, answer.get(field).asText());
    }
  }

  /** Keeps an active answer for the TTL, never past the token's expiry; nothing when full. */
  private void remember(String key, OAuth2AuthenticatedPrincipal principal, Instant now) {
    Instant until = now.plus(cacheTtl);
    Object exp = principal.getAttribute("exp");
    if (exp instanceof Instant expiry && expiry.isBefore(until)) {
      until = expiry;
    }
    if (cache.size() >= cacheSize) {
      cache.values().removeIf(c -> !now.isBefore(c.until()));
      if (cache.size() >= cacheSize) {
        return;
      }
    }
    cache.put(key, new Cached(principal, until));
  }

  /** The number of answers held in the cache (for tests and metrics). */
  int cached() {
    return cache.size();
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String sha256(String token) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Builds a {@link WvsOpaqueTokenIntrospector}. Every value may be set once.
   *
   * @since 0.1
   */
  public static final class Builder {
    private URI uri;
    private String clientId;
    private String clientSecret;
    private Duration cacheTtl;
    private Integer cacheSize;
    private Clock clock;

    private Builder() {}

    /**
     * The introspection endpoint, e.g. {@code https://auth.example.com/oauth/introspect}.
     *
     * @param uri an absolute http or https URI
     * @return this builder
     */
    public Builder uri(String uri) {
      once(this.uri, "uri", this.uri);
      URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
      if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
        throw new IllegalArgumentException("the introspection uri must be http or https, not " + uri);
      }
      this.uri = parsed;
      return this;
    }

    /**
     * The client id this service was given by the introspection endpoint's host.
     *
     * @param clientId the id
     * @return this builder
     */
    public Builder clientId(String clientId) {
      once(this.clientId, "clientId", this.clientId);
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /**
     * The client's secret.
     *
     * @param clientSecret the secret
     * @return this builder
     */
    public Builder clientSecret(String clientSecret) {
      once(this.clientSecret, "clientSecret", "(a secret)");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /**
     * How long an active answer is reused; zero (the default) caches nothing. A revoked token is
     * accepted up to this long after its revocation.
     *
     * @param cacheTtl zero or positive, at most 10 minutes
     * @return this builder
     */
    public Builder cacheTtl(Duration cacheTtl) {
      once(this.cacheTtl, "cacheTtl", this.cacheTtl);
      Objects.requireNonNull(cacheTtl, "cacheTtl");
      if (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("the introspection cache TTL must be between 0 and 10 minutes, not "
            + cacheTtl);
      }
      this.cacheTtl = cacheTtl;
      return this;
    }

    /**
     * How many answers the cache holds at most; 10,000 unless set.
     *
     * @param cacheSize between 1 and 1,000,000
     * @return this builder
     */
    public Builder cacheSize(int cacheSize) {
      once(this.cacheSize, "cacheSize", this.cacheSize);
      if (cacheSize < 1 || cacheSize > 1_000_000) {
        throw new IllegalArgumentException("the introspection cache size must be between 1 and 1000000, not "
            + cacheSize);
      }
      this.cacheSize = cacheSize;
      return this;
    }

    /**
     * The clock the cache reads; the system's UTC clock unless set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      once(this.clock, "clock", this.clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the introspector.
     *
     * @return the introspector
     * @throws IllegalStateException naming every required value that is missing
     */
    public WvsOpaqueTokenIntrospector build() {
      StringBuilder missing = new StringBuilder();
      if (uri == null) {
        missing.append(" uri");
      }
      if (clientId == null) {
        missing.append(" clientId");
      }
      if (clientSecret == null) {
        missing.append(" clientSecret");
      }
      if (missing.length() > 0) {
        throw new IllegalStateException("WvsOpaqueTokenIntrospector needs" + missing);
      }
      return new WvsOpaqueTokenIntrospector(this);
    }

    private static void once(Object current, String name, Object shown) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + shown);
      }
    }
  }
}
