package io.wvs.auth;

/**
 * Why an authentication was refused. Each reason carries a short description that is safe to
 * show to the client (it never includes the token).
 *
 * @since 0.1
 */
public enum FailureReason {
  /** Not a token at all: empty, too short or long, bad characters, or a bad checksum. */
  MALFORMED("Token is malformed"),
  /** Well-formed but not known to the store. */
  UNKNOWN("Token is unknown"),
  /** The token was revoked. */
  REVOKED("Token has been revoked"),
  /** The token reached 00:00 UTC on its expiry date. */
  EXPIRED("Token has expired"),
  /** The token lacks a scope the operation needs; see {@link AuthResult.Failure#missingScopes()}. */
  INSUFFICIENT_SCOPE("Insufficient scope"),
  /** The token type is not accepted on this channel (a deploy token on the API, say). */
  WRONG_CHANNEL("Token type is not accepted on this channel"),
  /** A deploy token was presented with a username other than its own. */
  USERNAME_MISMATCH("Username does not match the deploy token"),
  /** The token belongs to another project or group than the one requested. */
  RESOURCE_MISMATCH("Token is not valid for this resource"),
  /** The token's user is blocked or no longer exists. */
  USER_BLOCKED("User is blocked"),
  /** A password was presented for a user with two-factor authentication. */
  TWO_FACTOR_PASSWORD_REFUSED(
      "You must use a personal access token with 'read_repository' or 'write_repository' scope"
          + " for Git over HTTP, because two-factor authentication is enabled"),
  /** A sudo request by a token without the sudo scope, a non-administrator, or an unknown user. */
  SUDO_REFUSED("Sudo is not allowed for this token"),
  /** Impersonation tokens are disabled on this instance. */
  IMPERSONATION_DISABLED("Impersonation tokens are disabled"),
  /** The store or directory could not answer; the request fails closed. */
  STORE_UNAVAILABLE("Authentication is temporarily unavailable"),
  /**
   * Too many failed attempts from the client's address, or of passwords for the username: the
   * credential was not checked, a right one included; {@link AuthResult.Failure#blocked()} says
   * for how long. See {@link io.wvs.auth.spi.FailureLimiter}.
   */
  TOO_MANY_FAILURES("Too many failed authentication attempts");

  private final String description;

  FailureReason(String description) {
    this.description = description;
  }

  /** {@return a short description safe to return to the client} */
  public String description() {
    return description;
  }
}
