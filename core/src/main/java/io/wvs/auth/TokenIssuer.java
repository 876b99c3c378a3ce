package io.wvs.auth;

import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenRecord;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

/** The rules every kind of token creation shares: expiry, scopes, fresh values and digests. */
final class TokenIssuer {
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
                : "scope '" + s.id() + "' is not available for " + describe(type);
        throw InvalidScopeException.notAllowed(why, allowed);
      }
    }
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

  static String describe(TokenType type) {
    return type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " tokens";
  }
}
