package io.wvs.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The outcome of {@link TokenAuthenticator#authenticate(AuthRequest)}: a {@link Success} or a
 * {@link Failure} with its reason. Immutable.
 *
 * <pre>{@code
 * if (authenticator.authenticate(request) instanceof AuthResult.Success ok) { ... ok.principal() ... }
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface AuthResult permits AuthResult.Success, AuthResult.Failure {

  /** {@return whether the request is authenticated} */
  boolean isSuccess();

  /**
   * An authenticated request.
   *
   * <p>Decide on the types, not on flags: {@code principal()} is a {@link Principal.Account}
   * holding the {@link io.wvs.auth.spi.User} loaded while authenticating (no second lookup needed),
   * or a {@link Principal.DeployToken}; {@code via()} is the {@link Via.Token} used (its id, type,
   * scopes and resource) or {@link Via.Password} for a git password.
   *
   * @param principal who the request acts as (the sudo target when {@code sudoBy} is set)
   * @param via the credential that authenticated the request
   * @param sudoBy the administrator who used {@code sudo}, or null when the request acts as the
   *     credential's own principal
   */
  record Success(Principal principal, Via via, Principal.Account sudoBy) implements AuthResult {
    /**
     * Checks that {@code principal} and {@code via} are given.
     *
     * @param principal who the request acts as (the sudo target when {@code sudoBy} is set)
     * @param via the credential that authenticated the request
     * @param sudoBy the administrator who used {@code sudo}, or null
     */
    public Success {
      java.util.Objects.requireNonNull(principal, "principal");
      java.util.Objects.requireNonNull(via, "via");
    }

    /** {@return the scopes the credential holds, as granted (not closed under implication)} */
    public Set<Scope> scopes() {
      return via.scopes();
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * The credential that authenticated a request: a {@link Token} or a git {@link Password}.
   *
   * @since 0.1
   */
  sealed interface Via permits Via.Token, Via.Password {
    /** {@return the scopes the credential holds, as granted (not closed under implication)} */
    Set<Scope> scopes();

    /**
     * A token from the store.
     *
     * @param id the token's store id
     * @param type the token's type
     * @param scopes the scopes the token holds, as granted
     * @param resource the project or group the token belongs to, or null for a type that belongs to
     *     a user ({@link TokenType#belongsToUser()})
     */
    record Token(long id, TokenType type, Set<Scope> scopes, ResourceRef resource) implements Via {
      /**
       * Copies {@code scopes}, so the value is immutable.
       *
       * @param id the token's store id
       * @param type the token's type
       * @param scopes the scopes the token holds, as granted
       * @param resource the project or group the token belongs to, or null for user tokens
       */
      public Token {
        java.util.Objects.requireNonNull(type, "type");
        // A stored token's scopes are already an immutable set (see NewToken): kept, not copied,
        // as this runs on every authentication.
        scopes = scopes instanceof com.google.common.collect.ImmutableSet
            ? scopes : com.google.common.collect.Sets.immutableEnumSet(scopes);
      }
    }

    /**
     * A user's git password (git over HTTP only). It grants repository access: {@code read_repository}
     * and {@code write_repository}; what the user may do there is the host's call.
     */
    record Password() implements Via {
      /** The one instance. */
      public static final Password INSTANCE = new Password();
      private static final Set<Scope> SCOPES =
          Collections.unmodifiableSet(EnumSet.of(Scope.READ_REPOSITORY, Scope.WRITE_REPOSITORY));

      @Override
      public Set<Scope> scopes() {
        return SCOPES;
      }
    }
  }

  /**
   * A refused request.
   *
   * @param reason why
   * @param missingScopes for {@link FailureReason#INSUFFICIENT_SCOPE}, the scopes lacking; else empty
   * @param tokenId the id of the token found in the store, or 0 when none was found
   * @param blocked for {@link FailureReason#TOO_MANY_FAILURES}, what failed too often and how long
   *     until the block ends; else null
   */
  record Failure(FailureReason reason, Set<Scope> missingScopes, long tokenId,
      io.wvs.auth.spi.FailureLimiter.Blocked blocked) implements AuthResult {
    /**
     * Copies {@code missingScopes}, so the result is immutable.
     *
     * @param reason why
     * @param missingScopes for {@link FailureReason#INSUFFICIENT_SCOPE}, the scopes lacking; else
     *     empty
     * @param tokenId the id of the token found in the store, or 0 when none was found
     * @param blocked for {@link FailureReason#TOO_MANY_FAILURES}, the block; else null
     * @throws IllegalArgumentException if {@code blocked} is given for another reason, or missing
     *     for {@link FailureReason#TOO_MANY_FAILURES}
     */
    public Failure {
      missingScopes = missingScopes.isEmpty()
          ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(missingScopes));
      if ((reason == FailureReason.TOO_MANY_FAILURES) != (blocked != null)) {
        throw new IllegalArgumentException("a block goes with TOO_MANY_FAILURES and only with it");
      }
    }

    /**
     * A failure without a block (every reason but {@link FailureReason#TOO_MANY_FAILURES}).
     *
     * @param reason why
     * @param missingScopes for {@link FailureReason#INSUFFICIENT_SCOPE}, the scopes lacking; else
     *     empty
     * @param tokenId the id of the token found in the store, or 0 when none was found
     */
    public Failure(FailureReason reason, Set<Scope> missingScopes, long tokenId) {
      this(reason, missingScopes, tokenId, null);
    }

    /** One shared instance per reason for failures with no token id: the reject path allocates nothing. */
    private static final Failure[] WITHOUT_TOKEN = new Failure[FailureReason.values().length];

    static {
      for (FailureReason r : FailureReason.values()) {
        if (r != FailureReason.TOO_MANY_FAILURES) {
          WITHOUT_TOKEN[r.ordinal()] = new Failure(r, Collections.emptySet(), 0);
        }
      }
    }

    static Failure of(FailureReason reason) {
      return WITHOUT_TOKEN[reason.ordinal()];
    }

    static Failure limited(io.wvs.auth.spi.FailureLimiter.Blocked blocked) {
      return new Failure(FailureReason.TOO_MANY_FAILURES, Collections.emptySet(), 0, blocked);
    }

    static Failure of(FailureReason reason, long tokenId) {
      return new Failure(reason, Collections.emptySet(), tokenId);
    }

    /** {@return a description safe to return to the client} */
    public String message() {
      if (reason == FailureReason.INSUFFICIENT_SCOPE) {
        return reason.description() + "; requires " + Scopes.format(missingScopes);
      }
      return reason.description();
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }
}
