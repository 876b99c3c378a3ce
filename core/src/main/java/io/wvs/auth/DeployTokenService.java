package io.wvs.auth;

import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Manages deploy tokens of projects and groups. Obtain one from
 * {@link WvsAuth#deployTokens()}. Thread-safe.
 *
 * <p>Only maintainers (direct or inherited) and administrators manage them. A deploy token belongs
 * to its project or group, not to its creator, so it keeps working after the creator leaves. It is
 * refused on the API; on git it needs its own username; a group deploy token works for every
 * project of the group and its subgroups, LFS included.
 *
 * <p>A deploy token's username names no user. A custom username is refused
 * ({@link InvalidTokenRequestException}) when, ignoring case, it is one the host's directory
 * reports as taken ({@link io.wvs.auth.spi.UserDirectory#isUsernameTaken}), has the form of a bot
 * user's ({@code project_<id>_bot…}, {@code group_<id>_bot…}) or of a default deploy username
 * ({@code wvs+deploy-token-<id>}), or is the username of another deploy token that is not revoked.
 * An authenticated deploy token is a {@link Principal.Kind#DEPLOY_TOKEN} principal whose
 * {@link Principal#name()} is {@code deploy-token:<username>}, a form no user's name can take.
 *
 * <p>A project deploy token named {@value #CI_TOKEN_NAME} is exposed to the project's CI jobs as
 * {@code CI_DEPLOY_USER} / {@code CI_DEPLOY_PASSWORD} ({@link #ciVariables}); its value is sealed
 * with AES-256-GCM-SIV under {@link WvsAuth.Builder#ciSecretKey(byte[])}, beside the digest used
 * for lookup. Group deploy tokens of that name are not exposed (as on the platform:
 * a group sets the variables by hand).
 *
 * @since 0.1
 */
public final class DeployTokenService {
  /** The name that makes a project deploy token available to CI jobs. */
  public static final String CI_TOKEN_NAME = "wvs-deploy-token";

  /** The start of every default deploy username, {@code wvs+deploy-token-<id>}, lower case. */
  private static final String DEFAULT_USERNAME_PREFIX = "wvs+deploy-token-";

  private final Engine engine;
  private final TokenIssuer issuer;
  private final ResourceScopedTokens tokens;

  DeployTokenService(Engine engine, TokenIssuer issuer) {
    this.engine = engine;
    this.issuer = issuer;
    this.tokens = new ResourceScopedTokens(engine, issuer, r -> TokenType.DEPLOY, "deploy token",
        "deploy tokens");
  }

  /**
   * Creates a deploy token for {@code resource}.
   *
   * @param actorId the id of the user making the change (checked for the permission)
   * @param resource the project or group
   * @param spec what deploy token to create
   * @return the new token, with its value (shown once)
   * @throws PermissionDeniedException if the actor is not a maintainer of the resource
   * @throws InvalidTokenRequestException if scopes or expiry are invalid, the custom username is
   *     taken or reserved (see the class comment), or the token is a CI token and no CI secret key
   *     is configured
   */
  public CreatedToken create(long actorId, ResourceRef resource, DeployTokenSpec spec) {
    tokens.requireMaintainer(actorId, resource, Role.MAINTAINER);
    issuer.checkScopes(TokenType.DEPLOY, spec.scopes(), false);
    if (spec.username() != null) {
      requireFreeUsername(spec.username());
    }
    LocalDate expiry = issuer.resolveOptionalExpiry(spec.expiresOn());
    String value = issuer.newValue(TokenType.DEPLOY);
    byte[] sealed = null;
    if (isCiToken(resource, spec.name())) {
      if (engine.sealer == null) {
        throw new InvalidTokenRequestException("a deploy token named '" + CI_TOKEN_NAME
            + "' is exposed to CI, which needs WvsAuth.Builder.ciSecretKey to be configured");
      }
      sealed = engine.sealer.seal(value, sealContext(resource));
    }
    TokenRecord stored = issuer.insert(NewToken.builder().type(TokenType.DEPLOY)
        .owner(TokenOwner.deploy(resource, spec.username())).name(spec.name())
        .description(spec.description()).scopes(spec.scopes())
        .digest(engine.keyring.currentDigest(value)).createdAt(engine.now())
        .expiresOn(expiry).createdBy(actorId).sealedSecret(sealed).build(), actorId);
    return new CreatedToken(issuer.view(stored), value);
  }

  /**
   * Rotates the deploy token {@code tokenId} of {@code resource}: revokes it and issues a
   * successor with the same username, name, description and scopes in one atomic step. The
   * successor keeps the predecessor's expiry date unless {@code expiresOn} is given (deploy tokens
   * may never expire, and a rotation should not make one start to). The project's CI token stays
   * the CI token: its successor's value is sealed for CI in turn. Rotating a token that is already
   * revoked means a superseded copy is in use: its whole rotation family is revoked.
   *
   * @param actorId the user rotating it, a maintainer of the resource
   * @param resource the project or group
   * @param tokenId the deploy token's id
   * @param expiresOn the successor's expiry date, or null to keep the predecessor's
   * @return the successor with its value
   * @throws PermissionDeniedException if the actor is not a maintainer of the resource
   * @throws TokenNotFoundException if the token does not exist or belongs to another resource
   * @throws InvalidTokenRequestException if {@code expiresOn} is today or earlier
   * @throws TokenInactiveException if the token is expired
   * @throws TokenReuseDetectedException if it was already revoked (its family now is)
   */
  public CreatedToken rotate(long actorId, ResourceRef resource, long tokenId, LocalDate expiresOn) {
    tokens.requireMaintainer(actorId, resource, Role.MAINTAINER);
    TokenRecord token = tokens.requireToken(resource, tokenId);
    LocalDate expiry = expiresOn == null ? token.expiresOn() : issuer.resolveOptionalExpiry(expiresOn);
    Function<String, byte[]> seal = null;
    if (isCiToken(resource, token.name())) {
      if (engine.sealer == null) {
        throw new InvalidTokenRequestException("the deploy token '" + CI_TOKEN_NAME
            + "' is exposed to CI, which needs WvsAuth.Builder.ciSecretKey to be configured");
      }
      seal = value -> engine.sealer.seal(value, sealContext(resource));
    }
    return issuer.rotateUntil(token, expiry, actorId, seal);
  }

  /**
   * Every deploy token of {@code resource}, active and inactive.
   *
   * @param actorId the id of the user making the change (checked for the permission)
   * @param resource the project or group
   * @return every deploy token of {@code resource}, active and inactive
   */
  public List<TokenView> list(long actorId, ResourceRef resource) {
    return tokens.list(actorId, resource);
  }

  /**
   * Every deploy token of the instance; administrators only.
   *
   * @param adminId the id of the acting administrator
   * @return every deploy token of the instance
   */
  public List<TokenView> listAll(long adminId) {
    if (!issuer.requireActor(adminId).admin()) {
      throw new PermissionDeniedException("only administrators may list every deploy token");
    }
    return issuer.views(TokenQuery.ofTypes(TokenType.DEPLOY));
  }

  /**
   * The deploy token {@code tokenId} of {@code resource}.
   *
   * @param actorId the id of the user making the change (checked for the permission)
   * @param resource the project or group
   * @param tokenId the token's store id
   * @return the token
   * @throws TokenNotFoundException if it does not exist or belongs to another resource
   */
  public TokenView get(long actorId, ResourceRef resource, long tokenId) {
    return tokens.get(actorId, resource, tokenId);
  }

  /**
   * Revokes the deploy token at once. Idempotent.
   *
   * @param actorId the id of the user making the change (checked for the permission)
   * @param resource the project or group
   * @param tokenId the token's store id
   * @return the token, now revoked
   */
  public TokenView revoke(long actorId, ResourceRef resource, long tokenId) {
    tokens.requireMaintainer(actorId, resource, Role.MAINTAINER);
    return tokens.revoke(tokens.requireToken(resource, tokenId), actorId);
  }

  /**
   * The CI variables of {@code project}: from its newest active deploy token named
   * {@value #CI_TOKEN_NAME}. Empty for groups (a group sets them by hand) and when the project has
   * no such active token. For the host's CI runner only: the result holds a live token.
   *
   * @param project the project
   * @return the CI variables, or empty
   * @throws WvsAuthException if the sealed value cannot be opened with the configured key
   */
  public Optional<CiDeployCredentials> ciVariables(ResourceRef project) {
    if (project.kind() != ResourceRef.Kind.PROJECT || engine.sealer == null) {
      return Optional.empty();
    }
    return engine.store.find(TokenQuery.ofResource(project, TokenType.DEPLOY)).stream()
        .filter(t -> CI_TOKEN_NAME.equals(t.name()) && t.sealedSecret() != null)
        .filter(t -> issuer.view(t).active())
        .max(Comparator.comparingLong(TokenRecord::id))
        .map(t -> new CiDeployCredentials(t.username(),
            engine.sealer.open(t.sealedSecret(), sealContext(project))));
  }

  /**
   * Refuses a custom username that could be taken for a user's, a bot's or another deploy token's.
   * Compared ignoring case, as usernames are unique regardless of case. The check against other
   * deploy tokens reads them from the store: two creations racing for one new name may both pass,
   * which the {@code deploy-token:} principal form keeps apart from every user all the same.
   */
  private void requireFreeUsername(String username) {
    String lower = username.toLowerCase(Locale.ROOT);
    if (lower.startsWith(DEFAULT_USERNAME_PREFIX) || ResourceTokenService.hasBotUsernameForm(lower)) {
      throw new InvalidTokenRequestException("username '" + username + "' is reserved: it has the"
          + " form of a default deploy token username or of a project or group bot user");
    }
    if (engine.directory.isUsernameTaken(username)) {
      throw new InvalidTokenRequestException("username '" + username + "' is taken by a user;"
          + " a deploy token's username must name no user");
    }
    boolean usedByDeployToken = engine.store.find(TokenQuery.ofTypes(TokenType.DEPLOY)).stream()
        .anyMatch(t -> !t.isRevoked() && t.username() != null && t.username().equalsIgnoreCase(username));
    if (usedByDeployToken) {
      throw new InvalidTokenRequestException("username '" + username + "' is taken by another"
          + " deploy token; choose another one");
    }
  }

  private static boolean isCiToken(ResourceRef resource, String name) {
    return resource.kind() == ResourceRef.Kind.PROJECT && CI_TOKEN_NAME.equals(name);
  }

  /** The associated data a CI deploy token's value is sealed with: its project. */
  static String sealContext(ResourceRef project) {
    return "wvs-ci-deploy-token:" + project;
  }
}
