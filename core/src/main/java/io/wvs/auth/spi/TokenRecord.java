package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A stored token: what a {@link TokenStore} returns. Holds no raw token. Immutable apart from the
 * {@code sealedSecret} array, which is copied on the way in and out.
 *
 * @param id the store's id, positive
 * @param type the token type
 * @param userId owning user or bot user; null for deploy tokens
 * @param resource project or group; null for user tokens
 * @param name display name
 * @param scopes granted scopes
 * @param digest keyed digest used for lookup
 * @param createdAt creation instant
 * @param expiresOn date from whose 00:00 UTC the token stops working; null for never
 * @param revokedAt when it was revoked, or null
 * @param lastUsedAt when its use was last recorded (at most once per interval), or null
 * @param familyId id of the first token of its rotation family (its own id when never rotated)
 * @param createdBy the creating user, or null
 * @param username a deploy token's username, else null
 * @param sealedSecret encrypted value of a CI deploy token, else null
 * @since 0.1
 */
public record TokenRecord(long id, TokenType type, Long userId, ResourceRef resource, String name,
    Set<Scope> scopes, TokenDigest digest, Instant createdAt, LocalDate expiresOn,
    Instant revokedAt, Instant lastUsedAt, long familyId, Long createdBy, String username,
    byte[] sealedSecret) {

  /**
   * Checks the required fields and copies {@code scopes} and {@code sealedSecret}.
   *
   * @param id the store's id, positive
   * @param type the token type
   * @param userId owning user or bot user; null for deploy tokens
   * @param resource project or group; null for user tokens
   * @param name display name
   * @param scopes granted scopes
   * @param digest keyed digest used for lookup
   * @param createdAt creation instant
   * @param expiresOn date from whose 00:00 UTC the token stops working; null for never
   * @param revokedAt when it was revoked, or null
   * @param lastUsedAt when its use was last recorded (at most once per interval), or null
   * @param familyId id of the first token of its rotation family (its own id when never rotated)
   * @param createdBy the creating user, or null
   * @param username a deploy token's username, else null
   * @param sealedSecret encrypted value of a CI deploy token, else null
   */
  public TokenRecord {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(createdAt, "createdAt");
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    sealedSecret = sealedSecret == null ? null : sealedSecret.clone();
  }

  /** {@return a copy of the encrypted value of a CI deploy token, else null} */
  @Override
  public byte[] sealedSecret() {
    return sealedSecret == null ? null : sealedSecret.clone();
  }

  /** {@return whether {@link #revokedAt()} is set} */
  public boolean isRevoked() {
    return revokedAt != null;
  }

  /**
   * A copy revoked at {@code at}.
   *
   * @param at the revocation time
   * @return the copy
   */
  public TokenRecord withRevokedAt(Instant at) {
    return new TokenRecord(id, type, userId, resource, name, scopes, digest, createdAt, expiresOn,
        at, lastUsedAt, familyId, createdBy, username, sealedSecret);
  }

  /**
   * A copy last used at {@code at}.
   *
   * @param at the time of the last use
   * @return the copy
   */
  public TokenRecord withLastUsedAt(Instant at) {
    return new TokenRecord(id, type, userId, resource, name, scopes, digest, createdAt, expiresOn,
        revokedAt, at, familyId, createdBy, username, sealedSecret);
  }

  /**
   * A copy with another digest (pepper rotation).
   *
   * @param replacement the new digest
   * @return the copy
   */
  public TokenRecord withDigest(TokenDigest replacement) {
    return new TokenRecord(id, type, userId, resource, name, scopes, replacement,
        createdAt, expiresOn, revokedAt, lastUsedAt, familyId, createdBy, username, sealedSecret);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TokenRecord)) {
      return false;
    }
    TokenRecord r = (TokenRecord) o;
    return id == r.id && familyId == r.familyId && type == r.type && Objects.equals(userId, r.userId)
        && Objects.equals(resource, r.resource) && name.equals(r.name) && scopes.equals(r.scopes)
        // TokenDigest.equals compares in constant time (MessageDigest.isEqual).
        && digest.equals(r.digest) && createdAt.equals(r.createdAt)
        && Objects.equals(expiresOn, r.expiresOn) && Objects.equals(revokedAt, r.revokedAt)
        && Objects.equals(lastUsedAt, r.lastUsedAt) && Objects.equals(createdBy, r.createdBy)
        && Objects.equals(username, r.username)
        && java.security.MessageDigest.isEqual(
            sealedSecret == null ? new byte[0] : sealedSecret,
            r.sealedSecret == null ? new byte[0] : r.sealedSecret)
        && (sealedSecret == null) == (r.sealedSecret == null);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "TokenRecord{id=" + id + ", type=" + type + ", name=" + name + ", userId=" + userId
        + ", resource=" + resource + ", scopes=" + scopes + ", expiresOn=" + expiresOn
        + ", revokedAt=" + revokedAt + ", lastUsedAt=" + lastUsedAt + ", familyId=" + familyId
        + (username == null ? "" : ", username=" + username)
        + (sealedSecret == null ? "" : ", sealedSecret=[masked]") + "}";
  }
}
