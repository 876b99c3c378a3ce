package io.wvs.auth;

import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Manages personal and impersonation access tokens. Obtain one from
 * {@link WvsAuth#personalTokens()}. Thread-safe.
 *
 * <p>Every method taking an {@code actorId} checks that the acting user exists, is not blocked
 * and may act on the token's owner: users manage their own personal tokens, administrators manage
 * everyone's, and only administrators see or manage impersonation tokens. Bot users (of project
 * and group access tokens) get no personal or impersonation tokens, from anyone: creating or
 * rotating one for a bot throws {@link BotTokenRefusedException}. Failures are typed
 * {@link WvsAuthException}s; store failures surface as {@link StoreUnavailableException}.
 *
 * @since 0.1
 */
public final class PersonalTokenService {
  private final Engine engine;
  private final TokenIssuer issuer;

  PersonalTokenService(Engine engine, TokenIssuer issuer) {
    this.engine = engine;
    this.issuer = issuer;
  }

  /**
   * Creates a personal access token for {@code userId}, by that user or an administrator. The
   * value in the result is shown once and never again.
   *
   * @param actorId the user creating the token
   * @param userId the owner
   * @param spec the token's name, scopes and expiry
   * @return the new token with its value
   * @throws PermissionDeniedException if the actor may not create tokens for {@code userId}
   * @throws BotTokenRefusedException if {@code userId} is a bot user
   * @throws InvalidTokenRequestException if the expiry or scopes break the policy ({@code sudo}
   *     for a non-administrator, registry scopes without a registry, a date out of range)
   */
  public CreatedToken create(long actorId, long userId, TokenSpec spec) {
    User owner = requireNotBot(requireOwnerAccess(actorId, userId), TokenType.PERSONAL);
    return issue(TokenType.PERSONAL, owner, spec, actorId);
  }

  /**
   * Creates an impersonation token for {@code userId}; administrators only.
   *
   * @param adminId the administrator creating the token
   * @param userId the user to impersonate
   * @param spec the token's name, scopes and expiry
   * @return the new token with its value
   * @throws PermissionDeniedException if the actor is not an administrator, or impersonation is
   *     disabled on this instance
   * @throws BotTokenRefusedException if {@code userId} is a bot user
   */
  public CreatedToken createImpersonation(long adminId, long userId, TokenSpec spec) {
    requireAdmin(adminId);
    if (!engine.policy.impersonationEnabled()) {
      throw new PermissionDeniedException("impersonation tokens are disabled on this instance");
    }
    User owner = requireNotBot(requireUser(userId), TokenType.IMPERSONATION);
    return issue(TokenType.IMPERSONATION, owner, spec, adminId);
  }

  /**
   * Creates a personal token with a predetermined value, for automation and tests (the
   * host's console equivalent, so no actor is checked). The value must be 20 to 255 printable
   * ASCII characters and must not start with a generated-token prefix.
   *
   * @param userId the owner
   * @param spec the token's name, scopes and expiry
   * @param value the token value to use
   * @return the new token, without its value
   * @throws InvalidTokenRequestException if the value is too short, too long or not printable ASCII
   * @throws BotTokenRefusedException if {@code userId} is a bot user
   */
  public TokenView createWithValue(long userId, TokenSpec spec, String value) {
    if (value == null || value.length() < TokenFormat.MIN_PREDETERMINED_LENGTH) {
      throw new InvalidTokenRequestException("a predetermined token must be at least "
          + TokenFormat.MIN_PREDETERMINED_LENGTH + " characters long");
    }
    if (engine.format.classify(value) == TokenFormat.Shape.MALFORMED) {
      throw new InvalidTokenRequestException("a predetermined token must be at most "
          + TokenFormat.MAX_LENGTH + " printable ASCII characters without spaces, and must not"
          + " look like a generated token");
    }
    if (engine.format.hasGeneratedPrefix(value)) {
      throw new InvalidTokenRequestException("a predetermined token must not start with the"
          + " prefix reserved for generated tokens");
    }
    User owner = requireNotBot(requireUser(userId), TokenType.PERSONAL);
    return issuer.view(store(TokenType.PERSONAL, owner, spec, value, null));
  }

  /**
   * The personal tokens of {@code userId}, active and inactive, without impersonation tokens.
   *
   * @param actorId the user asking: {@code userId} or an administrator
   * @param userId the owner
   * @return the owner's personal tokens
   * @throws PermissionDeniedException if the actor may not see the owner's tokens
   */
  public List<TokenView> list(long actorId, long userId) {
    requireOwnerAccess(actorId, userId);
    return issuer.views(TokenQuery.ofUser(userId, TokenType.PERSONAL));
  }

  /**
   * Every personal and impersonation token of the instance, ordered by id; administrators only.
   *
   * @param adminId the administrator asking
   * @return every personal and impersonation token
   * @throws PermissionDeniedException if the actor is not an administrator
   */
  public List<TokenView> listAll(long adminId) {
    requireAdmin(adminId);
    return issuer.views(TokenQuery.ofTypes(TokenType.PERSONAL, TokenType.IMPERSONATION));
  }

  /**
   * The impersonation tokens of {@code userId}; administrators only.
   *
   * @param adminId the administrator asking
   * @param userId the impersonated user
   * @return the user's impersonation tokens
   * @throws PermissionDeniedException if the actor is not an administrator
   */
  public List<TokenView> listImpersonation(long adminId, long userId) {
    requireAdmin(adminId);
    return issuer.views(TokenQuery.ofUser(userId, TokenType.IMPERSONATION));
  }

  /**
   * The token {@code tokenId}, if the actor may see it.
   *
   * @param actorId the user asking
   * @param tokenId the token's id
   * @return the token
   * @throws TokenNotFoundException if it does not exist or is not visible to the actor
   */
  public TokenView get(long actorId, long tokenId) {
    return issuer.view(requireVisible(actorId, tokenId));
  }

  /**
   * Revokes {@code tokenId} at once. Idempotent: revoking a revoked token is not an error.
   *
   * @param actorId the user revoking it
   * @param tokenId the token's id
   * @return the token as it now is
   * @throws TokenNotFoundException if it does not exist or is not visible to the actor
   */
  public TokenView revoke(long actorId, long tokenId) {
    TokenRecord token = requireVisible(actorId, tokenId);
    issuer.revoke(token, actorId);
    return issuer.view(engine.store.findById(tokenId).orElse(token));
  }

  /**
   * Revokes the personal or impersonation token whose value is {@code value} (programmatic
   * revocation; no actor is checked). Idempotent.
   *
   * @param value the token value
   * @return true if such a token exists (now revoked), false if none does
   */
  public boolean revokeByValue(String value) {
    Optional<TokenRecord> token = findUserToken(value);
    token.ifPresent(t -> issuer.revoke(t, null));
    return token.isPresent();
  }

  /**
   * Rotates {@code tokenId}: revokes it and issues a successor with the same name and scopes in one
   * atomic step. The successor expires on {@code expiresOn}, or in seven days when null.
   * Rotating a token that is already revoked revokes its whole rotation family, as the platform
   * does.
   *
   * @param actorId the user rotating it
   * @param tokenId the token's id
   * @param expiresOn the successor's expiry date, or null for seven days
   * @return the successor with its value
   * @throws BotTokenRefusedException if the token belongs to a bot user (made before bots were
   *     refused such tokens); revoke it instead
   * @throws TokenInactiveException if the token is expired
   * @throws TokenReuseDetectedException if the token was already revoked (its family now is)
   */
  public CreatedToken rotate(long actorId, long tokenId, LocalDate expiresOn) {
    TokenRecord token = requireVisible(actorId, tokenId);
    engine.directory.findUser(token.userId()).ifPresent(owner -> requireNotBot(owner, token.type()));
    return issuer.rotate(token, expiresOn, actorId);
  }

  /**
   * Rotates the token presented as {@code value} (the platform's {@code self/rotate}). Presenting a
   * token that was already revoked means a copy of a superseded token is in use: the whole
   * rotation family is revoked and {@link TokenReuseDetectedException} thrown.
   *
   * @param value the token value presented
   * @param expiresOn the successor's expiry date, or null for seven days
   * @return the successor with its value
   * @throws TokenNotFoundException if no user token has this value
   * @throws TokenInactiveException if the token is expired
   */
  public CreatedToken rotateByValue(String value, LocalDate expiresOn) {
    TokenRecord token = findUserToken(value)
        .orElseThrow(() -> new TokenNotFoundException("no personal access token has this value"));
    // Presenting the token is the credential here, so refuse what authentication would refuse.
    Optional<User> owner = engine.directory.findUser(token.userId()).filter(u -> !u.blocked());
    if (owner.isEmpty()) {
      throw new PermissionDeniedException("the token's user is blocked or no longer exists");
    }
    requireNotBot(owner.get(), token.type());
    if (token.type() == TokenType.IMPERSONATION && !engine.policy.impersonationEnabled()) {
      throw new PermissionDeniedException("impersonation tokens are disabled on this instance");
    }
    return issuer.rotate(token, expiresOn, token.userId());
  }

  /**
   * Rotates the personal or impersonation token a request authenticated with (the platform's
   * {@code self/rotate}), for the token itself: it needs {@code api} or {@code self_rotate}, which
   * is all a token holding only {@code self_rotate} can do. The successor keeps name, description
   * and scopes, and expires on {@code expiresOn} or in seven days. A token revoked since its
   * authentication is reuse: its whole rotation family is revoked.
   *
   * @param authenticated the successful authentication of the request
   * @param expiresOn the successor's expiry date, or null for seven days
   * @return the successor with its value
   * @throws PermissionDeniedException if the request did not authenticate with a personal or
   *     impersonation token holding {@code api} or {@code self_rotate}, under sudo, or its user is
   *     blocked or gone, or impersonation is disabled
   * @throws BotTokenRefusedException if the token belongs to a bot user
   * @throws TokenInactiveException if the token is expired
   * @throws TokenReuseDetectedException if the token was revoked meanwhile (its family now is)
   */
  public CreatedToken rotateSelf(AuthResult.Success authenticated, LocalDate expiresOn) {
    TokenRecord token = issuer.requireSelf(authenticated);
    if (!token.type().belongsToUser()) {
      throw new PermissionDeniedException("a " + token.type().pluralName()
          + " token rotates itself on its own resource's route");
    }
    User owner = engine.directory.findUser(token.userId()).filter(u -> !u.blocked())
        .orElseThrow(() -> new PermissionDeniedException("the token's user is blocked or no longer exists"));
    requireNotBot(owner, token.type());
    if (token.type() == TokenType.IMPERSONATION && !engine.policy.impersonationEnabled()) {
      throw new PermissionDeniedException("impersonation tokens are disabled on this instance");
    }
    return issuer.rotate(token, expiresOn, token.userId());
  }

  private CreatedToken issue(TokenType type, User owner, TokenSpec spec, long actorId) {
    String value = issuer.newValue(type);
    return new CreatedToken(issuer.view(store(type, owner, spec, value, actorId)), value);
  }

  private TokenRecord store(TokenType type, User owner, TokenSpec spec, String value, Long actorId) {
    issuer.checkScopes(type, spec.scopes(), owner.admin());
    LocalDate expiry = issuer.resolveExpiry(spec.expiresOn());
    TokenDigest digest = engine.keyring.currentDigest(value);
    return issuer.insert(NewToken.builder().type(type).owner(TokenOwner.user(owner.id()))
        .name(spec.name()).description(spec.description()).scopes(spec.scopes()).digest(digest).createdAt(engine.now())
        .expiresOn(expiry).createdBy(actorId).build(), actorId);
  }

  private Optional<TokenRecord> findUserToken(String value) {
    if (engine.format.classify(value) == TokenFormat.Shape.MALFORMED) {
      return Optional.empty();
    }
    return engine.findByValue(value).filter(t -> t.type().belongsToUser());
  }

  private TokenRecord requireVisible(long actorId, long tokenId) {
    User actor = issuer.requireActor(actorId);
    Optional<TokenRecord> token = engine.store.findById(tokenId).filter(t -> t.type().belongsToUser());
    boolean visible = token.isPresent() && (actor.admin()
        || (token.get().type() == TokenType.PERSONAL && token.get().userId() == actorId));
    if (!visible) {
      throw new TokenNotFoundException("personal access token " + tokenId + " not found");
    }
    return token.get();
  }

  private User requireOwnerAccess(long actorId, long userId) {
    User actor = issuer.requireActor(actorId);
    if (actor.id() != userId && !actor.admin()) {
      throw new PermissionDeniedException("only administrators may manage another user's tokens");
    }
    return actor.id() == userId ? actor : requireUser(userId);
  }

  /** {@code user}, unless it is a bot: bots act only through their resource's access tokens. */
  private static User requireNotBot(User user, TokenType type) {
    if (user.bot()) {
      throw new BotTokenRefusedException(type.pluralName(), user.username());
    }
    return user;
  }

  private void requireAdmin(long actorId) {
    if (!issuer.requireActor(actorId).admin()) {
      throw new PermissionDeniedException("only administrators may manage impersonation tokens");
    }
  }


  private User requireUser(long userId) {
    return engine.directory.findUser(userId)
        .orElseThrow(() -> new InvalidTokenRequestException("no user with id " + userId));
  }
}
