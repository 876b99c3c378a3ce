package io.wvs.auth;

import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.AuditSink;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The collaborators every service shares, as configured by {@link WvsAuth.Builder}. */
final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  /** Length of an HMAC-SHA256 digest. */
  private static final int DIGEST_BYTES = 32;

  final TokenStore store;
  /** The host's users, guarded. */
  final UserDirectory directory;
  /** The host's projects and groups, guarded; one that knows none when the host gave none. */
  final ResourceDirectory resources;
  /** The host's bot accounts, guarded; null when the host gave none (see {@link #bots(String)}). */
  private final BotAccounts bots;
  /** The host's password check, guarded; one that refuses every password when the host gave none. */
  final PasswordVerifier passwords;
  final DigestKeyring keyring;
  final TokenPolicy policy;
  final Clock clock;
  final AuditSink audit;
  final SecureRandom random;
  final TokenFormat format;
  final ResourceHierarchy hierarchy;
  /** Null when the host configured no CI secret key. */
  final SecretSealer sealer;
  /** Counts failed authentications; {@link FailureLimiter#off()} when the host turned it off. */
  final FailureLimiter limiter;
  /** The authenticator's side of {@link #limiter}. */
  final FailureGate gate;
  /** A digest under the current key that no token has: what a miss is re-checked against. */
  private final TokenDigest noMatch;

  Engine(TokenStore store, Host host, DigestKeyring keyring, TokenPolicy policy,
      Clock clock, AuditSink audit, SecureRandom random, byte[] ciSecretKey, FailureLimiter limiter) {
    this.store = store;
    this.directory = HostGuard.users(host.users());
    this.resources = HostGuard.resources(host.resources());
    this.bots = HostGuard.bots(host.bots());
    this.passwords = HostGuard.passwords(host.passwords());
    this.keyring = keyring;
    this.policy = policy;
    this.clock = clock;
    this.audit = audit;
    this.random = random;
    this.format = new TokenFormat(policy);
    this.hierarchy = new ResourceHierarchy(this.resources);
    this.sealer = ciSecretKey == null ? null : new SecretSealer(ciSecretKey, random);
    this.limiter = limiter;
    this.gate = new FailureGate(limiter);
    this.noMatch = TokenDigest.of(keyring.currentKeyId(), new byte[DIGEST_BYTES]);
  }

  /**
   * The host's directory capabilities as given to the builder; only {@code users} is required,
   * the others are null when not given.
   */
  record Host(UserDirectory users, ResourceDirectory resources, BotAccounts bots,
      PasswordVerifier passwords) {}

  /**
   * The host's bot accounts, guarded.
   *
   * @param feature what needs them, for the message, e.g. "creating a project access token"
   * @throws MissingCapabilityException if this instance was built without bot accounts
   */
  BotAccounts bots(String feature) {
    if (bots == null) {
      throw new MissingCapabilityException(feature, "bot accounts", "botAccounts");
    }
    return bots;
  }

  /** Whether this instance was built with bot accounts. */
  boolean hasBotAccounts() {
    return bots != null;
  }

  /**
   * The stored token {@code value} names, under the current key or a retired one: see
   * {@link #findByDigests}.
   */
  Optional<TokenRecord> findByValue(String value) {
    return findByDigests(keyring.currentDigest(value), keyring.retiredDigests(value));
  }

  /**
   * The stored token whose digest equals {@code current} or one of {@code retired} (one store
   * round trip; by the current digest alone while there is no retired key, so the lookup of an
   * authentication builds no list), re-checked here in constant time so that a store's index or
   * collation can never decide alone.
   */
  Optional<TokenRecord> findByDigests(TokenDigest current, List<TokenDigest> retired) {
    Optional<TokenRecord> found = retired.isEmpty() ? store.findByDigest(current)
        : store.findByDigest(DigestKeyring.currentFirst(current, retired));
    // The re-check runs on a miss too, against a digest nothing matches, so that refusing an
    // unknown token costs what refusing a known (revoked, expired) one does. Every candidate is
    // compared (TokenDigest.equals is constant-time): no early exit.
    TokenDigest stored = found.isPresent() ? found.get().digest() : noMatch;
    boolean match = current.equals(stored);
    for (int i = 0; i < retired.size(); i++) { // indexed: no iterator
      match |= retired.get(i).equals(stored);
    }
    return match ? found : Optional.empty();
  }

  Instant now() {
    return clock.instant();
  }

  /** Whether events go anywhere; lets the hot path skip building them. */
  boolean auditing() {
    return audit != AuditSink.NONE;
  }

  void audit(AuditEvent event) {
    audit(audit, event);
  }

  /**
   * The sink that records the event of the authentication beginning now ({@link
   * AuditSink#startAuthentication}); the sink itself when it fails or answers null.
   */
  AuditSink startAuthentication() {
    if (!auditing()) {
      return audit;
    }
    try {
      AuditSink sink = audit.startAuthentication();
      return sink == null ? audit : sink;
    } catch (RuntimeException e) {
      LOG.warn("audit sink failed as an authentication started", e);
      return audit;
    }
  }

  void audit(AuditSink sink, AuditEvent event) {
    if (!auditing()) {
      return;
    }
    try {
      sink.record(event);
    } catch (RuntimeException e) {
      LOG.warn("audit sink failed for {} event of token {}", event.type(), event.tokenId(), e);
    }
  }
}
