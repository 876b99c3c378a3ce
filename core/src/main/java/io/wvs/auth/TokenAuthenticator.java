package io.wvs.auth;

import io.wvs.auth.AuthResult.Failure;
import io.wvs.auth.AuthResult.Success;
import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.AuditSink;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a presented token may do what a request asks. Obtain one from
 * {@link WvsAuth#authenticator()}. Thread-safe.
 *
 * <p>{@link #authenticate(AuthRequest)} never throws for bad input: null, empty, oversized,
 * non-ASCII, mistyped and forged credentials come back as {@link FailureReason#MALFORMED} without
 * touching the store; store and directory failures come back as
 * {@link FailureReason#STORE_UNAVAILABLE}. It fails closed: only a known, active token of an
 * active user that meets the channel, resource and scope requirements succeeds.
 *
 * <p>On {@link Channel#GIT_HTTP} with a username, a credential that is no known token is checked
 * as the user's password through {@link io.wvs.auth.spi.PasswordVerifier#verifyPassword} (an
 * instance built without a password verifier refuses every password, as a wrong one); a user with
 * two-factor authentication gets {@link FailureReason#TWO_FACTOR_PASSWORD_REFUSED}. The username is
 * ignored for personal, project and group tokens; a deploy token needs its own.
 *
 * <p>Failed attempts are counted by the instance's {@link FailureLimiter} (see
 * {@link FailureLimits}): with the request's {@linkplain AuthRequest#clientAddress() client address}
 * a credential that is no known token counts against the address, a wrong git password against the
 * address and the username; while a block lasts the credential is not checked at all, a right one
 * included, and the answer is {@link FailureReason#TOO_MANY_FAILURES}. A user's tokens are never
 * refused for their username. A valid token costs the limiter one lookup, and is never recorded.
 *
 * <p>{@code sudo} ({@link AuthRequest.Builder#sudo}) needs a personal or impersonation token with
 * the {@code sudo} scope whose user is an administrator now; the request then acts as the target,
 * any user who is not blocked, as the platform allows: another administrator (acting as them gains
 * nothing the caller lacks), or a bot user, whose principal stays {@link Principal.Kind#BOT} with the
 * bot's own role only. {@link AuthResult.Success#sudoBy()} names the administrator.
 *
 * <p>A project token reaches only its project; a group token or group deploy token reaches the
 * group, its subgroups at any depth and their projects (LFS included).
 *
 * <p>Cost of a valid authentication: one HMAC-SHA256 per configured key (usually one), one store
 * lookup, one directory lookup for user-owned tokens, and at most one last-used write per token per
 * {@link TokenPolicy#lastUsedInterval()}, plus one for each new client address
 * ({@link AuthRequest.Builder#clientAddress}), at most {@link TokenRecord#MAX_LAST_USED_IPS} per
 * token and interval.
 *
 * @since 0.1
 */
public final class TokenAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticator.class);

  private static final int MAX_PASSWORD_LENGTH = 1024;
  /** Met by any token: every stored token holds at least one scope. */
  private static final ScopeRequirement ANY_SCOPE = ScopeRequirement.anyOf(Scope.API, Scope.values());

  private final Engine engine;
  private final TokenUses uses;

  TokenAuthenticator(Engine engine) {
    this.engine = engine;
    this.uses = new TokenUses(engine);
  }

  /**
   * Whether {@code text} has the shape of a generated token of this instance (one of its prefixes,
   * or a base62 body whose checksum matches under one), for masking in logs. Never throws.
   *
   * @param text any text, or null
   * @return true when it looks like a generated token
   * @since 0.1
   */
  public boolean looksLikeGeneratedToken(String text) {
    return text != null && (engine.format.hasGeneratedPrefix(text)
        || engine.format.classify(text) == TokenFormat.Shape.GENERATED);
  }

  /**
   * Whether {@code text}, found where a credential goes (a username field, a token path segment),
   * could be a token: a generated one, or the shape of a predetermined one. For masking in logs.
   *
   * @param text any text
   * @return true when it could be a token
   * @since 0.1
   */
  public boolean mayBeToken(String text) {
    return looksLikeGeneratedToken(text) || engine.format.classify(text) != TokenFormat.Shape.MALFORMED;
  }

  /**
   * Authenticates {@code request}. Never throws for a bad credential; see the class comment.
   *
   * @param request what was presented, and what the operation needs
   * @return a success with the principal, or a failure with its reason
   */
  public AuthResult authenticate(AuthRequest request) {
    AuditSink sink = engine.startAuthentication();
    return audited(request, evaluate(request), sink);
  }

  /**
   * Tells a resource server whether {@code token} is active (RFC 7662 token introspection): the
   * same rules as an API request that needs any scope, so an unknown, malformed, revoked or
   * expired token, one of a blocked user, an impersonation token while impersonation is disabled
   * and a deploy token (never usable on the API) are all inactive. An active token's use is
   * recorded (last used, the audit event) as for any authentication: the resource server uses it
   * on its holder's behalf. Never throws for a bad token.
   *
   * @param token the token the resource server was given, exactly as received (null or garbage is
   *     inactive, not an error)
   * @return what the token is, or empty when it is not active (no reason is given)
   * @throws StoreUnavailableException when the store or the directory cannot answer: the token's
   *     state is then unknown, which is neither active nor inactive
   */
  public Optional<TokenIntrospection> introspect(String token) {
    AuditSink sink = engine.startAuthentication();
    AuthRequest request = AuthRequest.builder(token).require(ANY_SCOPE).build();
    if (engine.format.classify(token) == TokenFormat.Shape.MALFORMED) {
      audited(request, Failure.of(FailureReason.MALFORMED), sink);
      return Optional.empty();
    }
    TokenDigest current = engine.keyring.currentDigest(token);
    Optional<TokenRecord> found;
    try {
      found = engine.findByDigests(current, engine.keyring.retiredDigests(token));
    } catch (RuntimeException e) {
      LOG.warn("token store unavailable during introspection: {}", e.toString());
      audited(request, Failure.of(FailureReason.STORE_UNAVAILABLE), sink);
      throw new StoreUnavailableException("the token store is unavailable", e);
    }
    Instant now = engine.now();
    if (found.isEmpty()) {
      audited(request, Failure.of(FailureReason.UNKNOWN), sink);
      return Optional.empty();
    }
    TokenRecord record = found.get();
    AuthResult result;
    try {
      result = evaluateKnown(request, record, now);
    } catch (RuntimeException e) {
      LOG.warn("directory or store unavailable while introspecting token {}: {}", record.id(), e.toString());
      audited(request, Failure.of(FailureReason.STORE_UNAVAILABLE, record.id()), sink);
      throw new StoreUnavailableException("the token store or directory is unavailable", e);
    }
    if (result instanceof Success) {
      rekeyIfRetired(record, current);
    }
    audited(request, result, sink);
    return result instanceof Success s
        ? Optional.of(new TokenIntrospection(s, record.createdAt(), record.expiresOn()))
        : Optional.empty();
  }

  private AuthResult audited(AuthRequest request, AuthResult result, AuditSink sink) {
    if (result instanceof Failure f && LOG.isDebugEnabled()) {
      LOG.debug("authentication refused: {} (token id {}, {})", f.reason(), f.tokenId(), request);
    }
    if (!engine.auditing()) {
      return result;
    }
    if (result instanceof Failure f) {
      engine.audit(sink, new AuditEvent(AuditEvent.Type.AUTHENTICATION_FAILED, engine.now(), f.tokenId(),
          null, null, f.reason(), request.channel()));
    } else if (result instanceof Success s) {
      long tokenId = s.via() instanceof AuthResult.Via.Token t ? t.id() : 0;
      TokenType type = s.via() instanceof AuthResult.Via.Token t ? t.type() : null;
      engine.audit(sink, new AuditEvent(AuditEvent.Type.USED, engine.now(), tokenId, type,
          s.principal() instanceof Principal.Account a ? a.id() : null, null, request.channel()));
    }
    return result;
  }

  private AuthResult evaluate(AuthRequest request) {
    String address = request.clientAddress();
    // A valid token costs one lookup here, and nothing is written for it.
    if (address != null) {
      AuthResult blocked = engine.gate.check(FailureLimiter.Kind.TOKEN, address, null);
      if (blocked != null) {
        return blocked;
      }
    }
    AuthResult byToken = evaluateToken(request);
    if (!(byToken instanceof Failure f)) {
      return byToken;
    }
    if (mayBePassword(request, f.reason())) {
      return evaluatePasswordLimited(request, address);
    }
    if (address != null && (f.reason() == FailureReason.UNKNOWN || f.reason() == FailureReason.MALFORMED)) {
      return engine.gate.failed(FailureLimiter.Kind.TOKEN, address, null, byToken);
    }
    return byToken;
  }

  /** The password path, behind the limiter: a blocked client or username costs no password check. */
  private AuthResult evaluatePasswordLimited(AuthRequest request, String address) {
    String username = request.username();
    AuthResult blocked = engine.gate.check(FailureLimiter.Kind.PASSWORD, address, username);
    if (blocked != null) {
      return blocked;
    }
    AuthResult result = evaluatePassword(request);
    if (result instanceof Failure f && f.reason() == FailureReason.UNKNOWN) {
      return engine.gate.failed(FailureLimiter.Kind.PASSWORD, address, username, result);
    }
    if (result instanceof Success) {
      engine.gate.passwordRight(address, username);
    }
    return result;
  }

  /** Git over HTTP with a username: a credential that is no known token may be the user's password. */
  private static boolean mayBePassword(AuthRequest request, FailureReason reason) {
    return request.channel() == Channel.GIT_HTTP && request.username() != null
        && request.credential() != null && !request.credential().isEmpty()
        && request.credential().length() <= MAX_PASSWORD_LENGTH
        && (reason == FailureReason.MALFORMED || reason == FailureReason.UNKNOWN);
  }

  private AuthResult evaluatePassword(AuthRequest request) {
    char[] password = request.credential().toCharArray();
    try {
      if (!engine.passwords.verifyPassword(request.username(), password)) {
        return Failure.of(FailureReason.UNKNOWN);
      }
      Optional<User> user = engine.directory.findUserByUsername(request.username());
      if (user.isEmpty() || user.get().blocked() || user.get().bot()) {
        return Failure.of(FailureReason.USER_BLOCKED);
      }
      if (user.get().twoFactorEnabled()) {
        return Failure.of(FailureReason.TWO_FACTOR_PASSWORD_REFUSED);
      }
      Set<Scope> missing = request.requirement().missing(AuthResult.Via.Password.INSTANCE.scopes());
      if (!missing.isEmpty()) {
        return new Failure(FailureReason.INSUFFICIENT_SCOPE, missing, 0);
      }
      return new Success(new Principal.Account(user.get()), AuthResult.Via.Password.INSTANCE, null);
    } catch (RuntimeException e) {
      LOG.warn("directory unavailable while checking a git password: {}", e.toString());
      return Failure.of(FailureReason.STORE_UNAVAILABLE);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private AuthResult evaluateToken(AuthRequest request) {
    String credential = request.credential();
    if (engine.format.classify(credential) == TokenFormat.Shape.MALFORMED) {
      return Failure.of(FailureReason.MALFORMED);
    }
    TokenDigest current = engine.keyring.currentDigest(credential);
    Optional<TokenRecord> found;
    try {
      found = engine.findByDigests(current, engine.keyring.retiredDigests(credential));
    } catch (RuntimeException e) {
      LOG.warn("token store unavailable during authentication: {}", e.toString());
      return Failure.of(FailureReason.STORE_UNAVAILABLE);
    }
    // Read before the branch: unknown and known-but-refused tokens take the same steps.
    Instant now = engine.now();
    if (found.isEmpty()) {
      return Failure.of(FailureReason.UNKNOWN);
    }
    TokenRecord token = found.get();
    AuthResult result;
    try {
      result = evaluateKnown(request, token, now);
    } catch (RuntimeException e) {
      LOG.warn("directory or store unavailable while authenticating token {}: {}", token.id(), e.toString());
      return Failure.of(FailureReason.STORE_UNAVAILABLE, token.id());
    }
    // Only here, after a success: the digest then reaches no call a refusal makes, so the JIT
    // need not allocate it for a refused token (nor, while no key is retired, for a valid one).
    if (result instanceof Success) {
      rekeyIfRetired(token, current);
    }
    return result;
  }

  private AuthResult evaluateKnown(AuthRequest request, TokenRecord token, Instant now) {
    long id = token.id();
    // A rotated token within its grace period has a revocation time after now: it still works.
    if (token.isRevokedAt(now)) {
      return Failure.of(FailureReason.REVOKED, id);
    }
    if (engine.policy.expiryEnforcedFor(token.type()) && TokenPolicy.isExpired(token.expiresOn(), now)) {
      return Failure.of(FailureReason.EXPIRED, id);
    }
    if (token.type() == TokenType.IMPERSONATION && !engine.policy.impersonationEnabled()) {
      return Failure.of(FailureReason.IMPERSONATION_DISABLED, id);
    }
    if (!token.type().usableOn(request.channel())) {
      return Failure.of(FailureReason.WRONG_CHANNEL, id);
    }
    if (token.type() == TokenType.DEPLOY) {
      boolean usernameNeeded = request.channel() == Channel.GIT_HTTP || request.username() != null;
      if (usernameNeeded && !token.username().equals(request.username())) {
        return Failure.of(FailureReason.USERNAME_MISMATCH, id);
      }
    }
    if (request.resource() != null && token.resource() != null
        && !engine.hierarchy.reaches(token.resource(), request.resource())) {
      return Failure.of(FailureReason.RESOURCE_MISMATCH, id);
    }
    User user = null;
    if (token.userId() != null) {
      Optional<User> owner = engine.directory.findUser(token.userId());
      if (owner.isEmpty() || owner.get().blocked()) {
        return Failure.of(FailureReason.USER_BLOCKED, id);
      }
      user = owner.get();
    }
    Set<Scope> missing = request.requirement().missing(token.scopes());
    if (!missing.isEmpty()) {
      return new Failure(FailureReason.INSUFFICIENT_SCOPE, missing, id);
    }
    Principal principal = principalOf(token, user);
    Principal.Account sudoBy = null;
    if (request.sudo() != null) {
      Optional<User> target = sudoTarget(token, user, request.sudo());
      if (target.isEmpty()) {
        return Failure.of(FailureReason.SUDO_REFUSED, id);
      }
      sudoBy = new Principal.Account(user);
      // The target as it is: a bot stays a bot (kind BOT, its own role only), an administrator
      // an administrator (the caller already is one, so nothing is gained).
      principal = principalOf(token, target.get());
    }
    uses.record(token, now, request.clientAddress());
    return new Success(principal,
        new AuthResult.Via.Token(id, token.type(), token.scopes(), token.resource()), sudoBy);
  }

  private Optional<User> sudoTarget(TokenRecord token, User user, String sudo) {
    if (user == null || !user.admin() || !token.type().belongsToUser()
        || !token.scopes().contains(Scope.SUDO)) {
      return Optional.empty();
    }
    Optional<User> target = engine.directory.findUserByUsername(sudo);
    if (target.isEmpty() && sudo.length() <= 18 && sudo.chars().allMatch(Character::isDigit)) {
      target = engine.directory.findUser(Long.parseLong(sudo));
    }
    return target.filter(t -> !t.blocked());
  }

  private static Principal principalOf(TokenRecord token, User user) {
    if (user == null) {
      return new Principal.DeployToken(token.id(), token.username());
    }
    return new Principal.Account(user);
  }

  /** A token found under a retired pepper is moved to the current one. Best effort. */
  private void rekeyIfRetired(TokenRecord token, TokenDigest current) {
    if (token.digest().keyId().equals(current.keyId())) {
      return;
    }
    try {
      engine.store.replaceDigest(token.id(), token.digest(), current);
    } catch (RuntimeException e) {
      LOG.warn("could not re-key token {} to key {}: {}", token.id(), current.keyId(), e.toString());
    }
  }
}
