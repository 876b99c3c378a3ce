package io.wvs.auth.registry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.wvs.auth.AuthResult;
import io.wvs.auth.FailureReason;
import io.wvs.auth.StoreUnavailableException;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.registry.RegistryTokenAnswer.Code;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token service of a container registry, as the Docker Registry token authentication
 * specification defines it: a client presents a token (personal, impersonation, project or group
 * access token, or a deploy token with its username) and the repositories and actions it wants;
 * the answer is a short-lived JWT, signed with the host's {@link RegistrySigningKey}, whose
 * {@code access} claim grants only what the credential may do. Every decision goes through
 * {@link WvsAuth#authenticator()} on {@link io.wvs.auth.Channel#CONTAINER_REGISTRY}:
 *
 * <ul>
 *   <li>pull needs {@code read_registry}, push {@code write_registry} ({@code api} implies both,
 *       {@code read_api} implies {@code read_registry});
 *   <li>a deploy token needs its own username; a project token or project deploy token reaches its
 *       project only, a group token or group deploy token the group's projects and subgroups';
 *   <li>a user (personal token) or a bot user (project or group token) also needs a role on the
 *       project: Reporter to pull, Developer to push; administrators may both;
 *   <li>what it may not do is an empty grant, not an error; a credential that is no active token
 *       (unknown, revoked, expired, a deploy token with another username, a blocked user's) is
 *       refused with 401, a token with no registry scope with 403;
 *   <li>passwords are refused: the registry takes tokens only (a password holds no registry
 *       scope), for users with or without two-factor authentication.
 * </ul>
 *
 * <p>The token carries {@code iss}, {@code sub} (the principal's name, {@code deploy-token:<username>}
 * for a deploy token), {@code aud} (the service), {@code iat}, {@code nbf}, {@code exp} (from
 * the instance's clock), a random {@code jti} and {@code access}; never the presented credential.
 * A token revoked after a JWT was issued is refused at the next token request; a JWT already
 * issued stays valid until its {@code exp} ({@linkplain Builder#tokenLifetime five minutes} by
 * default). Thread-safe.
 *
 * @since 0.1
 */
public final class RegistryTokenService {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryTokenService.class);
  /** The default lifetime of an issued JWT. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(5);
  private static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(1);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

  private final RegistryGrants grants;
  private final RegistrySigningKey key;
  private final JWSSigner signer;
  private final JWSHeader header;
  private final String issuer;
  private final String service;
  private final Duration lifetime;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private RegistryTokenService(Builder b) {
    this.grants = new RegistryGrants(b.auth);
    this.key = b.key;
    this.issuer = b.issuer;
    this.service = b.service;
    this.lifetime = b.lifetime;
    this.clock = b.auth.clock();
    try {
      this.signer = key.privateKey() instanceof ECPrivateKey ec
          ? new ECDSASigner(ec) : new RSASSASigner(key.privateKey());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the signing key cannot sign JWTs", e);
    }
    this.header = new JWSHeader.Builder(key.jwsAlgorithm()).type(JOSEObjectType.JWT)
        .keyID(key.keyId()).x509CertChain(List.of(Base64.encode(key.certificateDer()))).build();
  }

  /** {@return a builder; every field but the token lifetime is required} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the service name the registry is configured with ({@code auth.token.service})} */
  public String service() {
    return service;
  }

  /** {@return the issuer the registry is configured with ({@code auth.token.issuer})} */
  public String issuer() {
    return issuer;
  }

  /** {@return the signing key, whose certificate the registry trusts} */
  public RegistrySigningKey signingKey() {
    return key;
  }

  /**
   * Answers one token request. Never throws for bad input: every refusal is an
   * {@link RegistryTokenAnswer.Refused} with a message safe to return.
   *
   * @param username the basic-auth username, or null when none was sent
   * @param secret the basic-auth password (the token), or null when none was sent; never logged
   * @param requestedService the {@code service} parameter, or null
   * @param scopes the {@code scope} parameters, in order (none: a login check)
   * @return the issued token, or why none was
   */
  public RegistryTokenAnswer issue(String username, String secret, String requestedService, List<String> scopes) {
    Objects.requireNonNull(scopes, "scopes");
    if (requestedService != null && !requestedService.equals(service)) {
      return refused(Code.INVALID_REQUEST, "unknown service");
    }
    List<RegistryScope> asked;
    try {
      asked = RegistryScope.parseAll(scopes);
    } catch (IllegalArgumentException e) {
      return refused(Code.INVALID_REQUEST, e.getMessage());
    }
    if (secret == null || secret.isEmpty()) {
      return refused(Code.UNAUTHORIZED, "authentication required");
    }
    try {
      AuthResult login = grants.login(username, secret);
      if (login instanceof AuthResult.Failure failure) {
        return refusal(failure);
      }
      AuthResult.Success ok = (AuthResult.Success) login;
      List<RegistryAccess> access = new ArrayList<>(asked.size());
      for (RegistryScope scope : asked) {
        access.add(new RegistryAccess(scope.type(), scope.name(), grants.grant(username, secret, scope)));
      }
      return sign(ok.principal().name(), access);
    } catch (StoreUnavailableException e) {
      LOG.warn("registry token refused, the store or directory is unavailable: {}", e.toString());
      return refused(Code.UNAVAILABLE, FailureReason.STORE_UNAVAILABLE.description());
    }
  }

  private static RegistryTokenAnswer refused(Code code, String message) {
    return new RegistryTokenAnswer.Refused(code, message);
  }

  private static RegistryTokenAnswer refusal(AuthResult.Failure failure) {
    switch (failure.reason()) {
      case STORE_UNAVAILABLE:
        return refused(Code.UNAVAILABLE, failure.reason().description());
      case INSUFFICIENT_SCOPE:
        return refused(Code.DENIED, "the token has no registry scope");
      default:
        return refused(Code.UNAUTHORIZED, "HTTP Basic: Access denied");
    }
  }

  private RegistryTokenAnswer sign(String subject, List<RegistryAccess> access) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = now.plus(lifetime);
    List<Map<String, Object>> claim = new ArrayList<>(access.size());
    for (RegistryAccess a : access) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", a.type());
      entry.put("name", a.name());
      entry.put("actions", a.actions());
      claim.add(entry);
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(service)
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires))
        .jwtID(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id))
        .claim("access", claim).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      LOG.error("could not sign a registry token: {}", e.toString());
      return refused(Code.UNAVAILABLE, "the token could not be signed");
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("registry token issued to {}: {}", subject, access);
    }
    return new RegistryTokenAnswer.Issued(jwt.serialize(), lifetime, now, access);
  }

  /**
   * Builds a {@link RegistryTokenService}; not thread-safe. {@link #build()} names every missing
   * field at once.
   */
  public static final class Builder {
    private WvsAuth auth;
    private RegistrySigningKey key;
    private String issuer;
    private String service;
    private Duration lifetime = DEFAULT_TOKEN_LIFETIME;

    private Builder() {}

    /**
     * The token system every decision goes through; its clock dates the tokens, and its policy
     * must enable the container registry ({@code TokenPolicy.builder().registryEnabled(true)}).
     *
     * @param auth the token system
     * @return this builder
     */
    public Builder auth(WvsAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * The key the tokens are signed with.
     *
     * @param key the signing key
     * @return this builder
     */
    public Builder signingKey(RegistrySigningKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The {@code iss} claim, which the registry's {@code auth.token.issuer} must name.
     *
     * @param issuer 1 to 128 letters, digits and {@code ._:/-}
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = checkName("issuer", issuer);
      return this;
    }

    /**
     * The service name ({@code aud}), which the registry's {@code auth.token.service} must name,
     * e.g. {@code container_registry}.
     *
     * @param service 1 to 128 letters, digits and {@code ._:/-}
     * @return this builder
     */
    public Builder service(String service) {
      this.service = checkName("service", service);
      return this;
    }

    /**
     * How long an issued JWT is valid: {@link #DEFAULT_TOKEN_LIFETIME} unless set; at most an hour.
     *
     * @param lifetime from ten seconds to one hour
     * @return this builder
     */
    public Builder tokenLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofSeconds(10)) < 0 || lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
        throw new IllegalArgumentException("the token lifetime must be 10 seconds to 1 hour, was " + lifetime);
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service
     * @throws IllegalStateException naming every missing field, or when the policy of
     *     {@link #auth} does not enable the container registry
     */
    public RegistryTokenService build() {
      List<String> missing = new ArrayList<>();
      if (auth == null) {
        missing.add("auth");
      }
      if (key == null) {
        missing.add("signingKey");
      }
      if (issuer == null) {
        missing.add("issuer");
      }
      if (service == null) {
        missing.add("service");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("RegistryTokenService needs " + String.join(", ", missing) + " to be set");
      }
      if (!auth.policy().registryEnabled()) {
        throw new IllegalStateException("the token policy does not enable the container registry:"
            + " build WvsAuth with TokenPolicy.builder().registryEnabled(true)");
      }
      return new RegistryTokenService(this);
    }

    private static String checkName(String what, String value) {
      Objects.requireNonNull(value, what);
      if (!NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be 1 to 128 letters, digits and ._:/-");
      }
      return value;
    }
  }
}
