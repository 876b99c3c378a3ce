package io.wvs.auth;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What {@link TokenAuthenticator#introspect(String)} tells about an active token, for a resource
 * server that asks whether a token presented to it is good (RFC 7662). Immutable.
 *
 * <p>The token passed every rule of an API authentication (known, not revoked, not expired, its
 * user not blocked, impersonation enabled for impersonation tokens, usable on the API: deploy
 * tokens never are); {@link #success()} is the result that authentication produced.
 *
 * @param success the authentication's result: the principal, and the token's id, type, scopes and
 *     resource in {@link AuthResult.Success#via()} (always an {@link AuthResult.Via.Token})
 * @param issuedAt when the token was created
 * @param expiresOn the token's expiry date, or null when it never expires
 * @since 0.1
 */
public record TokenIntrospection(AuthResult.Success success, Instant issuedAt, LocalDate expiresOn) {
  /**
   * Checks that the result came from a token and that {@code issuedAt} is given.
   *
   * @param success the authentication's result
   * @param issuedAt when the token was created
   * @param expiresOn the token's expiry date, or null when it never expires
   */
  public TokenIntrospection {
    Objects.requireNonNull(success, "success");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (!(success.via() instanceof AuthResult.Via.Token)) {
      throw new IllegalArgumentException("an introspection describes a token, not a password");
    }
  }

  /** {@return the token that was introspected: its id, type, scopes and resource} */
  public AuthResult.Via.Token token() {
    return (AuthResult.Via.Token) success.via();
  }

  /**
   * {@return the instant the token stops being accepted (00:00 UTC on its expiry date), or null
   * when it never expires}
   */
  public Instant expiresAt() {
    return expiresOn == null ? null : expiresOn.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
