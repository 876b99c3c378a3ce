package io.wvs.auth;

import io.wvs.auth.spi.AuditSink;
import io.wvs.auth.spi.BotAccounts;
import io.wvs.auth.spi.FailureLimiter;
import io.wvs.auth.spi.PasswordVerifier;
import io.wvs.auth.spi.ResourceDirectory;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.spi.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The entry point: wires a token store, the host's directory capabilities, the peppers, the policy
 * and a clock, and hands out the {@link TokenAuthenticator} and the management services that share
 * them. Immutable and thread-safe; build one per application.
 *
 * <p>The host's directory comes in capabilities: {@link UserDirectory} (required),
 * {@link ResourceDirectory} (projects, groups, roles), {@link BotAccounts} (the bot users of
 * project and group access tokens) and {@link PasswordVerifier} (git passwords). A feature whose
 * capability was not supplied fails at its first call with a {@link MissingCapabilityException}
 * naming the builder method to call; without a resource directory no project or group exists,
 * without a password verifier every password is refused.
 *
 * <pre>{@code
 * WvsAuth auth = WvsAuth.builder()
 *     .tokenStore(new InMemoryTokenStore())
 *     .userDirectory(directory)
 *     .resourceDirectory(directory)   // optional: projects, groups, roles
 *     .botAccounts(directory)         // optional: project and group access tokens
 *     .passwordVerifier(directory)    // optional: git over HTTP with a password
 *     .keyring(DigestKeyring.of("k1", pepper))
 *     .clock(Clock.systemUTC())
 *     .build();
 * CreatedToken created = auth.personalTokens().create(alice, alice, TokenSpec.of("ci", Scope.READ_API));
 * AuthResult result = auth.authenticator().authenticate(AuthRequest.api(created.value(), "GET"));
 * }</pre>
 *
 * @since 0.1
 */
public final class WvsAuth {
  private final Engine engine;
  private final TokenAuthenticator authenticator;
  private final PersonalTokenService personalTokens;
  private final ResourceTokenService resourceTokens;
  private final DeployTokenService deployTokens;
  private final AdminTokenService adminTokens;

  private WvsAuth(Engine engine) {
    this.engine = engine;
    this.authenticator = new TokenAuthenticator(engine);
    TokenIssuer issuer = new TokenIssuer(engine); // one issuer: the rules every creation shares
    this.personalTokens = new PersonalTokenService(engine, issuer);
    this.resourceTokens = new ResourceTokenService(engine, issuer);
    this.deployTokens = new DeployTokenService(engine, issuer);
    this.adminTokens = new AdminTokenService(engine, issuer, resourceTokens);
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the authenticator of presented tokens} */
  public TokenAuthenticator authenticator() {
    return authenticator;
  }

  /** {@return the service managing personal and impersonation tokens} */
  public PersonalTokenService personalTokens() {
    return personalTokens;
  }

  /** {@return the service managing project and group access tokens and their bot users} */
  public ResourceTokenService resourceTokens() {
    return resourceTokens;
  }

  /** {@return the service managing deploy tokens and the CI deploy token's variables} */
  public DeployTokenService deployTokens() {
    return deployTokens;
  }

  /**
   * An administrator's view of every token, whatever its type: inspect or revoke by value, revoke
   * by id, move digests to the current pepper.
   *
   * @return the administrators' token service
   */
  public AdminTokenService adminTokens() {
    return adminTokens;
  }

  /**
   * The daily expiry e-mail jobs over {@code store} (usually the token store itself, which
   * implements {@link io.wvs.auth.spi.ExpiryNoticeStore}) sending through {@code notifier}. Run
   * them from {@link ExpiryScheduler} or from your own scheduler.
   *
   * @param notifier where the e-mails go (a {@link io.wvs.auth.spi.TokenNotifier} gets one event
   *     per token instead)
   * @param store the ledger of notices already sent (usually the token store)
   * @return the daily jobs, checking the default windows until
   *     {@link ExpiryNotifications#withWindows} says otherwise
   */
  public ExpiryNotifications expiryNotifications(io.wvs.auth.spi.ExpiryNoticeStore store,
      io.wvs.auth.spi.Notifier notifier) {
    return new ExpiryNotifications(engine, Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(notifier, "notifier"));
  }

  /**
   * The host's user directory as the library uses it: every call guarded once, so that a failure
   * of the host's directory (an exception, a null answer) is a {@link StoreUnavailableException},
   * as every other store failure. Adapters resolve users through it.
   *
   * @return the guarded user directory
   */
  public UserDirectory userDirectory() {
    return engine.directory;
  }

  /**
   * The host's projects and groups as the library uses them, guarded as
   * {@link #userDirectory()} is. Without a resource directory on the builder, one that knows no
   * project or group (every lookup is empty), so adapters answer "not found", never fail.
   * Adapters resolve projects, groups and roles through it.
   *
   * @return the guarded resource directory
   */
  public ResourceDirectory resourceDirectory() {
    return engine.resources;
  }

  /**
   * The daily expiry e-mail jobs over this instance's token store, which keeps the ledger of
   * notices sent (both bundled stores do), sending through {@code notifier}.
   *
   * @param notifier where the e-mails go (a {@link io.wvs.auth.spi.TokenNotifier} gets one event
   *     per token instead)
   * @return the daily jobs, checking the default windows until
   *     {@link ExpiryNotifications#withWindows} says otherwise
   * @throws IllegalStateException if the token store is no {@link io.wvs.auth.spi.ExpiryNoticeStore};
   *     give one with {@link #expiryNotifications(io.wvs.auth.spi.ExpiryNoticeStore,
   *     io.wvs.auth.spi.Notifier)}
   */
  public ExpiryNotifications expiryNotifications(io.wvs.auth.spi.Notifier notifier) {
    if (!(engine.store instanceof io.wvs.auth.spi.ExpiryNoticeStore ledger)) {
      throw new IllegalStateException("the token store " + engine.store.getClass().getSimpleName()
          + " keeps no expiry notices (it is no ExpiryNoticeStore): pass the notice store with"
          + " expiryNotifications(store, notifier)");
    }
    return expiryNotifications(ledger, notifier);
  }

  /** {@return the policy in force} */
  public TokenPolicy policy() {
    return engine.policy;
  }

  /** {@return the clock every time-dependent decision reads} */
  public Clock clock() {
    return engine.clock;
  }

  /**
   * Builds a {@link WvsAuth}. The token store, user directory and keyring are required; the rest
   * default to {@link TokenPolicy#defaults()}, {@link Clock#systemUTC()}, {@link AuditSink#NONE}
   * and a new {@link SecureRandom}; the resource directory, bot accounts, password verifier and CI
   * secret key are optional capabilities. Each setting may be made once. Not thread-safe.
   */
  public static final class Builder {
    private TokenStore store;
    private UserDirectory directory;
    private ResourceDirectory resources;
    private BotAccounts bots;
    private PasswordVerifier passwords;
    private DigestKeyring keyring;
    private TokenPolicy policy;
    private Clock clock;
    private AuditSink audit;
    private SecureRandom random;
    private byte[] ciSecretKey;
    private FailureLimiter limiter;

    private Builder() {}

    /**
     * Sets where tokens are stored.
     *
     * @param store the token store
     * @return this builder
     */
    public Builder tokenStore(TokenStore store) {
      this.store = once(this.store, store, "tokenStore");
      return this;
    }

    /**
     * Sets the host's user directory (required).
     *
     * @param directory the host's users
     * @return this builder
     */
    public Builder userDirectory(UserDirectory directory) {
      this.directory = once(this.directory, directory, "userDirectory");
      return this;
    }

    /**
     * Sets the host's projects, groups and memberships. Optional: without it no project or group
     * exists for the library (project, group and deploy tokens cannot be created, and the REST
     * API answers 404 for every project and group).
     *
     * @param resources the host's projects, groups and roles
     * @return this builder
     */
    public Builder resourceDirectory(ResourceDirectory resources) {
      this.resources = once(this.resources, resources, "resourceDirectory");
      return this;
    }

    /**
     * Sets how bot users are created and deleted. Optional, and needs a
     * {@link #resourceDirectory(ResourceDirectory) resource directory}: without it, creating a
     * project or group access token throws {@link MissingCapabilityException}.
     *
     * @param bots the host's bot accounts
     * @return this builder
     */
    public Builder botAccounts(BotAccounts bots) {
      this.bots = once(this.bots, bots, "botAccounts");
      return this;
    }

    /**
     * Sets how git passwords are checked. Optional: without it every password is refused (as a
     * wrong one), and git over HTTP takes tokens only.
     *
     * @param passwords the host's password check
     * @return this builder
     */
    public Builder passwordVerifier(PasswordVerifier passwords) {
      this.passwords = once(this.passwords, passwords, "passwordVerifier");
      return this;
    }

    /**
     * Sets the digest keyring.
     *
     * @param keyring the peppers token digests are keyed with
     * @return this builder
     */
    public Builder keyring(DigestKeyring keyring) {
      this.keyring = once(this.keyring, keyring, "keyring");
      return this;
    }

    /**
     * Sets the token policy.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(TokenPolicy policy) {
      this.policy = once(this.policy, policy, "policy");
      return this;
    }

    /**
     * The clock for expiry, last-used and audit times. Inject a fixed clock in tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once(this.clock, clock, "clock");
      return this;
    }

    /**
     * Sets the audit sink.
     *
     * @param audit where audit events go
     * @return this builder
     */
    public Builder auditSink(AuditSink audit) {
      this.audit = once(this.audit, audit, "auditSink");
      return this;
    }

    /**
     * The source of token bodies; a strong {@link SecureRandom} unless set.
     *
     * @param random the source of token bodies
     * @return this builder
     */
    public Builder secureRandom(SecureRandom random) {
      this.random = once(this.random, random, "secureRandom");
      return this;
    }

    /**
     * The 32-byte AES key under which the value of each CI deploy token ({@code wvs-deploy-token},
     * the one CI jobs receive) is sealed so it can be handed to CI jobs. Without it, creating a deploy token with
     * that name is refused. Copied; keep the original in your secret manager.
     *
     * @param key the 32-byte AES key; copied
     * @return this builder
     */
    public Builder ciSecretKey(byte[] key) {
      Objects.requireNonNull(key, "ciSecretKey must not be null");
      if (key.length != 32) {
        throw new IllegalArgumentException("ciSecretKey must be 32 bytes, was " + key.length);
      }
      this.ciSecretKey = once(this.ciSecretKey, key.clone(), "ciSecretKey");
      return this;
    }

    /**
     * The failed-authentication limiter the authenticator asks before checking a credential and
     * tells of each failure. Unless set, {@link FailureLimits#defaults()} on this instance's clock,
     * counting in this process; {@link FailureLimiter#off()} turns limiting off; a host with
     * several instances may give one that counts in a shared store.
     *
     * @param limiter the limiter, e.g. {@code FailureLimits.builder()...build().limiterOn(clock)}
     * @return this builder
     */
    public Builder failureLimiter(FailureLimiter limiter) {
      this.limiter = once(this.limiter, limiter, "failureLimiter");
      return this;
    }

    private static void missingIfNull(StringJoiner missing, Object value, String name) {
      if (value == null) {
        missing.add(name);
      }
    }

    private static <T> T once(T current, T value, String name) {
      Objects.requireNonNull(value, name + " must not be null");
      if (current != null) {
        // Every value's toString masks its secrets (the keyring shows key ids only).
        throw new IllegalStateException(name + " was already set to "
            + (current instanceof byte[] ? "a key" : current));
      }
      return value;
    }

    /**
     * Checks the keyring against the token store and builds the {@link WvsAuth}. This is the one
     * call of the builder that reaches the store: for every key of the keyring (current and
     * retired) it registers the key's check value (a keyed digest of a fixed label, never the
     * pepper) where the store has none for that key id, and compares it where the store has one,
     * so every instance sharing a store uses the same pepper under a key id. A store made by a
     * version without check values gets them from the first build, so after an upgrade start an
     * instance with the right peppers first.
     *
     * @return the instance
     * @throws IllegalStateException if the token store, user directory or keyring is missing, or
     *     if bot accounts or a CI secret key are set without a resource directory (both serve
     *     projects and groups only); the message names what to supply
     * @throws PepperMismatchException if a pepper does not match the check value the store holds
     *     for its key id (the message names the key id and what to do)
     * @throws StoreUnavailableException if the store cannot be reached to check the peppers: an
     *     instance does not start unchecked
     */
    public WvsAuth build() {
      StringJoiner missing = new StringJoiner(", ");
      missingIfNull(missing, store, "tokenStore");
      missingIfNull(missing, directory, "userDirectory");
      missingIfNull(missing, keyring, "keyring");
      if (missing.length() > 0) {
        throw new IllegalStateException("WvsAuth needs " + missing + " to be set");
      }
      if (resources == null && (bots != null || ciSecretKey != null)) {
        String needing = bots != null && ciSecretKey != null ? "botAccounts and ciSecretKey serve"
            : bots != null ? "botAccounts serves" : "ciSecretKey serves";
        throw new IllegalStateException(needing + " projects and groups, which need a resource"
            + " directory: supply WvsAuth.builder().resourceDirectory(...)");
      }
      keyring.verifyAgainst(store);
      Clock time = clock == null ? Clock.systemUTC() : clock;
      return new WvsAuth(new Engine(store, new Engine.Host(directory, resources, bots, passwords),
          keyring, policy == null ? TokenPolicy.defaults() : policy, time,
          audit == null ? AuditSink.NONE : audit, random == null ? new SecureRandom() : random,
          ciSecretKey, limiter == null ? FailureLimits.defaults().limiterOn(time) : limiter));
    }
  }
}
