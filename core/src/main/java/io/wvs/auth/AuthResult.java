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
   * @param principal who the request acts as (the sudo target when {@code sudoBy} is set)
   * @param tokenId the store id of the token used; 0 when a password was used
   * @param type the token type; null when a password was used
   * @param scopes the scopes the token holds, as granted (not closed under implication)
   * @param impersonation whether an impersonation token was used
   * @param sudoBy the administrator who used {@code sudo}, or null
   * @param resource the project or group the token belongs to, or null for user tokens
   */
  record Success(Principal principal, long tokenId, TokenType type, Set<Scope> scopes,
      boolean impersonation, Principal sudoBy, ResourceRef resource) implements AuthResult {
    /**
     * Copies {@code scopes}, so the result is immutable.
     *
     * @param principal who the request acts as (the sudo target when {@code sudoBy} is set)
     * @param tokenId the store id of the token used; 0 when a password was used
     * @param type the token type; null when a password was used
     * @param scopes the scopes the token holds, as granted (not closed under implication)
     * @param impersonation whether an impersonation token was used
     * @param sudoBy the administrator who used {@code sudo}, or null
     * @param resource the project or group the token belongs to, or null for user tokens
     */
    public Success {
      scopes = scopes.isEmpty()
          ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * A refused request.
   *
   * @param reason why
   * @param missingScopes for {@link FailureReason#INSUFFICIENT_SCOPE}, the scopes lacking; else empty
   * @param tokenId the id of the token found in the store, or 0 when none was found
   */
  record Failure(FailureReason reason, Set<Scope> missingScopes, long tokenId) implements AuthResult {
    /**
     * Copies {@code missingScopes}, so the result is immutable.
     *
     * @param reason why
     * @param missingScopes for {@link FailureReason#INSUFFICIENT_SCOPE}, the scopes lacking; else
     *     empty
     * @param tokenId the id of the token found in the store, or 0 when none was found
     */
    public Failure {
      missingScopes = missingScopes.isEmpty()
          ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(missingScopes));
    }

    /** One shared instance per reason for failures with no token id: the reject path allocates nothing. */
    private static final Failure[] WITHOUT_TOKEN = new Failure[FailureReason.values().length];

    static {
      for (FailureReason r : FailureReason.values()) {
        WITHOUT_TOKEN[r.ordinal()] = new Failure(r, Collections.emptySet(), 0);
      }
    }

    static Failure of(FailureReason reason) {
      return WITHOUT_TOKEN[reason.ordinal()];
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
