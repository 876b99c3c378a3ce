package io.wvs.auth;

import io.wvs.auth.spi.TokenRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a user may see of a token: everything but its value. Immutable.
 *
 * @param id the token's id
 * @param type its type
 * @param name its display name
 * @param description what it is for, or null for no description
 * @param scopes the scopes it was granted
 * @param userId the owning user or bot user; null for deploy tokens
 * @param resource the project or group for resource tokens; null for user tokens
 * @param username a deploy token's username, else null
 * @param createdAt when it was created
 * @param expiresOn the date from whose 00:00 UTC it stops working; null for never
 * @param lastUsedAt the last recorded use (recorded at most once per interval), or null
 * @param revoked whether it was revoked
 * @param active whether it authenticates now: not revoked and (unless expiry is not enforced) not expired
 * @since 0.1
 */
public record TokenView(long id, TokenType type, String name, String description,
    Set<Scope> scopes, Long userId, ResourceRef resource, String username, Instant createdAt, LocalDate expiresOn,
    Instant lastUsedAt, boolean revoked, boolean active) {

  /**
   * Copies {@code scopes}, so the view is immutable.
   *
   * @param id the token's id
   * @param type its type
   * @param name its display name
   * @param description what it is for, or null for no description
   * @param scopes the scopes it was granted
   * @param userId the owning user or bot user; null for deploy tokens
   * @param resource the project or group for resource tokens; null for user tokens
   * @param username a deploy token's username, else null
   * @param createdAt when it was created
   * @param expiresOn the date from whose 00:00 UTC it stops working; null for never
   * @param lastUsedAt the last recorded use (recorded at most once per interval), or null
   * @param revoked whether it was revoked
   * @param active whether it authenticates now: not revoked and (unless expiry is not enforced) not
   *     expired
   */
  public TokenView {
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
  }

  static TokenView of(TokenRecord r, Instant now, TokenPolicy policy) {
    boolean expired = policy.expiryEnforcedFor(r.type()) && TokenPolicy.isExpired(r.expiresOn(), now);
    return new TokenView(r.id(), r.type(), r.name(), r.description(), r.scopes(), r.userId(), r.resource(),
        r.username(), r.createdAt(), r.expiresOn(), r.lastUsedAt(), r.isRevoked(),
        !r.isRevoked() && !expired);
  }

  /** {@return whether this is an impersonation token} */
  public boolean impersonation() {
    return type == TokenType.IMPERSONATION;
  }
}
