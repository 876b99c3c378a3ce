package io.wvs.auth;

import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manages project and group access tokens, each acting as its own bot user. Obtain one from
 * {@link WvsAuth#resourceTokens()}. Thread-safe.
 *
 * <p>Each token gets its own bot user, created through the host's
 * {@link io.wvs.auth.spi.BotAccounts#createBot}: username {@code project_<id>_bot}, then
 * {@code project_<id>_bot1}, {@code project_<id>_bot2} … ({@code group_<id>_bot…} for groups),
 * never reusing a number; role Maintainer unless the creator picks a lower one. Nobody creates,
 * rotates or revokes a token whose bot's role is above their own role in the resource
 * ({@link RoleNotHeldException}); administrators may. Creating token and bot is all-or-nothing.
 * Revoking deletes the bot, whose records the directory moves to the Ghost User. Managing needs the
 * Maintainer role (direct or inherited) or an administrator.
 *
 * @since 0.1
 */
public final class ResourceTokenService {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceTokenService.class);
  private final Engine engine;
  private final TokenIssuer issuer;
  private final ResourceScopedTokens tokens;

  ResourceTokenService(Engine engine, TokenIssuer issuer) {
    this.engine = engine;
    this.issuer = issuer;
    this.tokens = new ResourceScopedTokens(engine, issuer, r -> TokenType.accessTokenOf(r.kind()),
        "access token", "access tokens");
  }

  /**
   * Creates an access token for {@code resource} and its bot user.
   *
   * @param actorId the user creating the token
   * @param resource the project or group
   * @param spec the token's name, scopes and expiry
   * @param role the bot's role, or null for Maintainer
   * @return the new token with its value
   * @throws PermissionDeniedException if the actor is not a maintainer of the resource
   * @throws RoleNotHeldException if the actor picks a role above their own
   * @throws InvalidTokenRequestException if the resource does not exist, or scopes or expiry break
   *     the policy
   * @throws MissingCapabilityException if this instance was built without
   *     {@link io.wvs.auth.spi.BotAccounts} (checked first, before anything else)
   */
  public CreatedToken create(long actorId, ResourceRef resource, TokenSpec spec, Role role) {
    BotAccounts bots = engine.bots("creating a " + kindName(resource) + " access token");
    Role actorRole = tokens.requireMaintainer(actorId, resource, Role.OWNER);
    Role botRole = role == null ? Role.MAINTAINER : role;
    requireRoleHeld("create", botRole, actorRole);
    TokenType type = tokens.typeOf(resource);
    issuer.checkScopes(type, spec.scopes(), false);
    LocalDate expiry = issuer.resolveExpiry(spec.expiresOn());
    User bot = createBot(bots, resource, spec.name(), botRole);
    try {
      String value = issuer.newValue(type);
      TokenRecord stored = issuer.insert(NewToken.builder().type(type)
          .owner(TokenOwner.bot(bot.id(), resource)).name(spec.name())
          .description(spec.description()).scopes(spec.scopes())
          .digest(engine.keyring.currentDigest(value)).createdAt(engine.now()).expiresOn(expiry)
          .createdBy(actorId).build(), actorId);
      return new CreatedToken(issuer.view(stored), value);
    } catch (RuntimeException e) {
      deleteBotQuietly(bots, bot, e);
      throw e;
    }
  }

  /**
   * Every access token of {@code resource}, active and inactive.
   *
   * @param actorId the user asking, a maintainer of the resource
   * @param resource the project or group
   * @return the resource's access tokens
   */
  public List<TokenView> list(long actorId, ResourceRef resource) {
    return tokens.list(actorId, resource);
  }

  /**
   * Every access token of {@code resource}, for an actor and a resource already loaded in this
   * decision (the {@link Principal.Account} of an authentication, the resource its route resolved):
   * neither is looked up again, and the resource chain is walked once, only as far as needed.
   *
   * @param actor the user asking, a maintainer of the resource, as the directory returned it
   * @param resource the project or group, as the directory returned it
   * @return the resource's access tokens
   * @throws PermissionDeniedException if the actor is blocked or not a maintainer of the resource
   * @since 0.1
   */
  public List<TokenView> list(User actor, io.wvs.auth.spi.Resource resource) {
    return tokens.list(actor, resource);
  }

  /**
   * The access token {@code tokenId} of {@code resource}.
   *
   * @param actorId the user asking, a maintainer of the resource
   * @param resource the project or group
   * @param tokenId the token's id
   * @return the token
   * @throws TokenNotFoundException if it does not exist or belongs to another resource
   */
  public TokenView get(long actorId, ResourceRef resource, long tokenId) {
    return tokens.get(actorId, resource, tokenId);
  }

  /**
   * Revokes the token at once and deletes its bot user (records move to the Ghost User).
   * Idempotent. An instance built without {@link io.wvs.auth.spi.BotAccounts} still revokes the
   * token and leaves its bot user to the host (a warning is logged).
   *
   * @param actorId the user revoking it, a maintainer of the resource
   * @param resource the project or group
   * @param tokenId the token's id
   * @return the token as it now is
   * @throws RoleNotHeldException if the token's bot has a role above the actor's own (nothing is
   *     revoked)
   */
  public TokenView revoke(long actorId, ResourceRef resource, long tokenId) {
    Role actorRole = tokens.requireMaintainer(actorId, resource, Role.OWNER);
    TokenRecord token = tokens.requireToken(resource, tokenId);
    requireRoleHeld("revoke", token, actorRole);
    return revokeAndReleaseBot(token, actorId);
  }

  /**
   * Revokes an access token (already checked by the caller: a maintainer's role, or an
   * administrator's console) and deletes its bot user when no other active token of it remains.
   */
  TokenView revokeAndReleaseBot(TokenRecord token, Long actorId) {
    TokenView revoked = tokens.revoke(token, actorId);
    ResourceRef resource = token.resource();
    boolean botStillUsed = engine.store.find(TokenQuery.ofResource(resource, token.type())).stream()
        .anyMatch(t -> !t.isRevoked() && token.userId().equals(t.userId()));
    if (!botStillUsed && engine.hasBotAccounts()) {
      engine.bots("deleting a bot user").deleteBot(token.userId());
    } else if (!botStillUsed) {
      // Revoking never waits for a capability: the token is revoked, the bot is the host's to delete.
      LOG.warn("revoked token {} of {}, but its bot user {} stays: this instance has no bot accounts",
          token.id(), resource, token.userId());
    }
    return revoked;
  }

  /**
   * Rotates the token: the successor keeps the bot user, name and scopes.
   *
   * @param actorId the user rotating it, a maintainer of the resource
   * @param resource the project or group
   * @param tokenId the token's id
   * @param expiresOn the successor's expiry date, or null for seven days
   * @return the successor with its value
   * @throws RoleNotHeldException if the token's bot has a role above the actor's own (nothing is
   *     rotated or revoked, and no successor exists)
   * @throws TokenInactiveException if the token is expired
   * @throws TokenReuseDetectedException if it was already revoked (its family now is)
   */
  public CreatedToken rotate(long actorId, ResourceRef resource, long tokenId, LocalDate expiresOn) {
    Role actorRole = tokens.requireMaintainer(actorId, resource, Role.OWNER);
    TokenRecord token = tokens.requireToken(resource, tokenId);
    requireRoleHeld("rotate", token, actorRole);
    return issuer.rotate(token, expiresOn, actorId);
  }

  /**
   * Rotates the project or group access token a request authenticated with, on its own resource
   * (the platform's {@code self/rotate}), for the token itself: it needs {@code api} or
   * {@code self_rotate}, which is all a token holding only {@code self_rotate} can do. The
   * successor keeps the bot user (and so its role), name, description and scopes, and expires on
   * {@code expiresOn} or in seven days. A token revoked since its authentication is reuse: its
   * whole rotation family is revoked.
   *
   * @param authenticated the successful authentication of the request
   * @param resource the project or group the route names, which must be the token's own
   * @param expiresOn the successor's expiry date, or null for seven days
   * @return the successor with its value
   * @throws PermissionDeniedException if the request did not authenticate with a token holding
   *     {@code api} or {@code self_rotate}, or did under sudo
   * @throws TokenNotFoundException if the token is not an access token of {@code resource}
   * @throws TokenInactiveException if the token is expired
   * @throws TokenReuseDetectedException if the token was revoked meanwhile (its family now is)
   */
  public CreatedToken rotateSelf(AuthResult.Success authenticated, ResourceRef resource,
      LocalDate expiresOn) {
    TokenRecord token = issuer.requireSelf(authenticated);
    if (token.type() != tokens.typeOf(resource) || !resource.equals(token.resource())) {
      throw new TokenNotFoundException("the token is no access token of " + resource);
    }
    return issuer.rotate(token, expiresOn, token.userId());
  }

  /**
   * The one rule of create, rotate and revoke: nobody acts on a token whose role is above their own
   * (administrators have the Owner role everywhere, so they always may).
   */
  private static void requireRoleHeld(String action, Role tokenRole, Role actorRole) {
    if (!actorRole.atLeast(tokenRole)) {
      throw new RoleNotHeldException(action, tokenRole, actorRole);
    }
  }

  /**
   * {@link #requireRoleHeld} for an existing token: its role is its bot user's membership of the
   * token's resource, as the directory holds it. A bot that is no longer a member (deleted with its
   * last token) holds no role, so there is nothing above the actor and nothing a successor could use.
   */
  private void requireRoleHeld(String action, TokenRecord token, Role actorRole) {
    Optional<Role> botRole = engine.resources.directRole(token.userId(), token.resource());
    if (botRole.isPresent()) {
      requireRoleHeld(action, botRole.get(), actorRole);
    }
  }

  /** The form of every bot username this service gives, of any resource, lower case. */
  private static final Pattern BOT_USERNAME = Pattern.compile("(project|group)_[0-9]+_bot[0-9]*");

  /**
   * Whether {@code lowerCaseName} has the form of a bot username this service gives or may give
   * later (see {@link #botUsernameBase}).
   */
  static boolean hasBotUsernameForm(String lowerCaseName) {
    return BOT_USERNAME.matcher(lowerCaseName).matches();
  }

  /** The bot username base of {@code resource}: {@code project_<id>_bot} or {@code group_<id>_bot}. */
  static String botUsernameBase(ResourceRef resource) {
    return (resource.kind() == ResourceRef.Kind.PROJECT ? "project_" : "group_") + resource.id() + "_bot";
  }

  private User createBot(BotAccounts bots, ResourceRef resource, String name, Role role) {
    String base = botUsernameBase(resource);
    // Start after every bot this resource ever had (revoked tokens stay in the store), so a
    // username is never reused; skip any name the directory reports as taken.
    long next = engine.store.find(TokenQuery.ofResource(resource, tokens.typeOf(resource))).stream()
        .map(TokenRecord::userId).distinct().count();
    for (int attempt = 0; attempt < 100; attempt++, next++) {
      String username = next == 0 ? base : base + next;
      if (engine.directory.findUserByUsername(username).isPresent()) {
        continue;
      }
      try {
        return bots.createBot(resource, username, name, role);
      } catch (TokenConflictException taken) {
        // Another creation won this name; try the next one.
      }
    }
    throw new TokenConflictException("no free bot username for " + resource + " after 100 attempts");
  }

  private static void deleteBotQuietly(BotAccounts bots, User bot, RuntimeException cause) {
    try {
      bots.deleteBot(bot.id());
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static String kindName(ResourceRef resource) {
    return resource.kind() == ResourceRef.Kind.PROJECT ? "project" : "group";
  }
}
