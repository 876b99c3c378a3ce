package io.wvs.auth;

import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.RotationResult;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The rules every kind of token creation shares: expiry, scopes, fresh values and digests. */
final class TokenIssuer {
  /** Default lifetime of a rotated token when no expiry is given, as the platform's API does. */
  static final int ROTATION_DEFAULT_DAYS = 7;

  private final Engine engine;

  TokenIssuer(Engine engine) {
    this.engine = engine;
  }

  LocalDate today() {
    return LocalDate.ofInstant(engine.now(), ZoneOffset.UTC);
  }

  /**
   * The expiry date to store for a requested one: the maximum lifetime when none is requested and
   * expiry is required; an error when it is today or earlier (it would never work) or beyond the
   * maximum lifetime.
   */
  LocalDate resolveExpiry(LocalDate requested) {
    LocalDate today = today();
    LocalDate latest = today.plusDays(engine.policy.maxLifetimeDays());
    if (requested == null) {
      return engine.policy.expiryRequired() ? latest : null;
    }
    if (!requested.isAfter(today)) {
      throw new InvalidTokenRequestException("expiry date " + requested
          + " is not in the future: tokens stop working at 00:00 UTC on their expiry date,"
          + " so choose " + today.plusDays(1) + " or later");
    }
    if (requested.isAfter(latest)) {
      throw new InvalidTokenRequestException("expiry date " + requested + " exceeds the maximum"
          + " lifetime of " + engine.policy.maxLifetimeDays() + " days; choose " + latest + " or earlier");
    }
    return requested;
  }

  /** Checks {@code scopes} against the type, the owner's admin status and the host's registry. */
  void checkScopes(TokenType type, Set<Scope> scopes, boolean ownerIsAdmin) {
    EnumSet<Scope> allowed = EnumSet.copyOf(type.allowedScopes());
    if (!ownerIsAdmin) {
      allowed.remove(Scope.SUDO);
    }
    if (!engine.policy.registryEnabled()) {
      allowed.removeIf(Scope::isContainerRegistry);
    }
    for (Scope s : scopes) {
      if (!allowed.contains(s)) {
        String why = s == Scope.SUDO && type.allowedScopes().contains(s)
            ? "scope 'sudo' is only for administrators"
            : s.isContainerRegistry() && type.allowedScopes().contains(s)
                ? "scope '" + s.id() + "' needs a container registry, which is not enabled"
                : "scope '" + s.id() + "' is not available for " + type.pluralName();
        throw InvalidScopeException.notAllowed(why, allowed);
      }
    }
  }

  /**
   * Like {@link #resolveExpiry} for tokens whose expiry is optional whatever the policy (deploy
   * tokens may never expire): null stays null; a date must be in the future.
   */
  LocalDate resolveOptionalExpiry(LocalDate requested) {
    if (requested != null && !requested.isAfter(today())) {
      throw new InvalidTokenRequestException("expiry date " + requested
          + " is not in the future: tokens stop working at 00:00 UTC on their expiry date");
    }
    return requested;
  }

  /**
   * Revokes {@code token} and issues a successor with the same owner, name, description and
   * scopes, atomically.
   * The successor expires on {@code expiresOn}, or in seven days when null (as the platform's
   * API does). A token that was already revoked means a superseded copy is in use: its family is
   * revoked and {@link TokenReuseDetectedException} thrown.
   */
  CreatedToken rotate(TokenRecord token, LocalDate expiresOn, Long actorId) {
    requireNotExpired(token);
    LocalDate expiry = resolveExpiry(expiresOn != null ? expiresOn
        : today().plusDays(Math.min(ROTATION_DEFAULT_DAYS, engine.policy.maxLifetimeDays())));
    return rotateUntil(token, expiry, actorId, null);
  }

  /**
   * Like {@link #rotate}, with the successor's expiry already decided ({@code expiry}, null for
   * never) and, for a CI deploy token, {@code seal} turning the successor's value into its sealed
   * secret (null for every other token: a sealed value is never carried over).
   */
  CreatedToken rotateUntil(TokenRecord token, LocalDate expiry, Long actorId,
      Function<String, byte[]> seal) {
    requireNotExpired(token);
    String value = newValue(token.type());
    // Same owner (a deploy token keeps its username), name, description and scopes.
    NewToken successor = NewToken.builder().type(token.type()).owner(token.owner())
        .name(token.name()).description(token.description()).scopes(token.scopes())
        .digest(engine.keyring.currentDigest(value)).createdAt(engine.now()).expiresOn(expiry)
        .createdBy(actorId).sealedSecret(seal == null ? null : seal.apply(value)).build();
    Instant now = engine.now();
    Duration grace = engine.policy.rotationGracePeriod();
    // With a grace period the predecessor's revocation time lies ahead: it keeps working until
    // then, or until its successor is first used (TokenAuthenticator ends the grace).
    RotationResult result = grace.isZero() ? engine.store.rotate(token.id(), successor, now)
        : engine.store.rotate(token.id(), successor, now, now.plus(grace));
    switch (result.outcome()) {
      case ROTATED:
        engine.audit(new AuditEvent(AuditEvent.Type.ROTATED, engine.now(), token.id(),
            token.type(), actorId, null));
        return new CreatedToken(view(result.successor()), value);
      case REUSE_DETECTED:
        engine.audit(new AuditEvent(AuditEvent.Type.REUSE_DETECTED, engine.now(), token.id(),
            token.type(), actorId, null));
        throw new TokenReuseDetectedException("token " + token.id() + " was already revoked;"
            + " every token of its rotation family has been revoked");
      default:
        throw new TokenNotFoundException("token " + token.id() + " no longer exists");
    }
  }

  /** An expired token that is not revoked cannot be rotated (a revoked one goes on to reuse detection). */
  private void requireNotExpired(TokenRecord token) {
    if (!token.isRevoked() && engine.policy.expiryEnforcedFor(token.type())
        && TokenPolicy.isExpired(token.expiresOn(), engine.now())) {
      throw new TokenInactiveException("token " + token.id() + " has expired and cannot be rotated");
    }
  }

  /**
   * The stored token a successful authentication used, for it to rotate itself: the request must
   * have authenticated with a token (not a password, not under sudo, where the token is an
   * administrator's acting as someone else) that holds {@code api} or {@code self_rotate}. Read
   * again from the store, so a token revoked since goes on to reuse detection.
   *
   * @throws PermissionDeniedException if the request did not authenticate with such a token
   * @throws TokenNotFoundException if the token no longer exists
   */
  TokenRecord requireSelf(AuthResult.Success authenticated) {
    if (!(authenticated.via() instanceof AuthResult.Via.Token via)) {
      throw new PermissionDeniedException("only a token can rotate itself");
    }
    if (authenticated.sudoBy() != null) {
      throw new PermissionDeniedException("a token cannot rotate itself under sudo");
    }
    TokenRecord token = engine.store.findById(via.id())
        .orElseThrow(() -> new TokenNotFoundException("token " + via.id() + " no longer exists"));
    // The route asks the same of the credential; checked here too so that no caller of the Java
    // API rotates a token that may not rotate itself (fail closed).
    if (!ScopeRequirement.selfRotation().isMetBy(token.scopes())) {
      throw new PermissionDeniedException("token " + token.id()
          + " may not rotate itself: it needs scope 'api' or 'self_rotate'");
    }
    return token;
  }

  /**
   * Revokes {@code token} and records it; idempotent. A rotated token within its grace period is
   * stopped at once, and so is every other one of its family still within one. Returns whether
   * this call revoked or stopped it.
   */
  boolean revoke(TokenRecord token, Long actorId) {
    Instant now = engine.now();
    boolean revoked = engine.store.revoke(token.id(), now)
        || (token.isRevoked() && !token.isRevokedAt(now)
            && engine.store.endRotationGrace(token.familyId(), now) > 0);
    if (revoked) {
      engine.audit(new AuditEvent(AuditEvent.Type.REVOKED, engine.now(), token.id(), token.type(),
          actorId, null));
    }
    return revoked;
  }

  /** The acting user, who must exist and not be blocked. */
  User requireActor(long actorId) {
    User actor = engine.directory.findUser(actorId)
        .orElseThrow(() -> new PermissionDeniedException("unknown acting user " + actorId));
    if (actor.blocked()) {
      throw new PermissionDeniedException("user " + actorId + " is blocked");
    }
    return actor;
  }

  /** A fresh raw token of {@code type}. */
  String newValue(TokenType type) {
    return engine.format.generate(type, engine.random);
  }

  /** Inserts {@code token} and records the creation. */
  TokenRecord insert(NewToken token, Long actorId) {
    TokenRecord stored = engine.store.insert(token);
    engine.audit(new AuditEvent(AuditEvent.Type.CREATED, engine.now(), stored.id(), stored.type(),
        actorId, null));
    return stored;
  }

  TokenView view(TokenRecord record) {
    return TokenView.of(record, engine.now(), engine.policy);
  }

  /** Every token matching {@code query}, as views, ordered by id. */
  List<TokenView> views(TokenQuery query) {
    return engine.store.find(query).stream().map(this::view).collect(Collectors.toList());
  }
}
