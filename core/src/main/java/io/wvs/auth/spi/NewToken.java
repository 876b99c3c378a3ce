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
 * A token to insert, as the management services build it: never the raw token, only its digest
 * (and, for a CI deploy token only, its authenticated encryption).
 *
 * @param type the token type
 * @param userId the owning user (personal, impersonation) or bot user (project, group); null for deploy
 * @param resource the project or group for project, group and deploy tokens; null for user tokens
 * @param name the display name
 * @param scopes the granted scopes, non-empty
 * @param digest the keyed digest used for lookup
 * @param createdAt creation instant
 * @param expiresOn the date from whose 00:00 UTC the token no longer works, or null for never
 * @param createdBy the user who created it, or null when created by the host itself
 * @param username a deploy token's username; when null for a deploy token the store assigns
 *     {@code wvs+deploy-token-<id>}; null for other types
 * @param sealedSecret the encrypted token value for a CI deploy token, else null
 * @since 0.1
 */
public record NewToken(TokenType type, Long userId, ResourceRef resource, String name,
    Set<Scope> scopes, TokenDigest digest, Instant createdAt, LocalDate expiresOn, Long createdBy,
    String username, byte[] sealedSecret) {

  /**
   * Checks the required fields and copies {@code scopes} and {@code sealedSecret}.
   *
   * @param type the token type
   * @param userId the owning user or bot user; null for deploy
   * @param resource the project or group for project, group and deploy tokens; null for user tokens
   * @param name the display name
   * @param scopes the granted scopes, non-empty
   * @param digest the keyed digest used for lookup
   * @param createdAt creation instant
   * @param expiresOn the date from whose 00:00 UTC the token no longer works, or null for never
   * @param createdBy the user who created it, or null when created by the host itself
   * @param username a deploy token's username, or null for the default; null for other types
   * @param sealedSecret the encrypted token value for a CI deploy token, else null
   * @throws IllegalArgumentException if {@code scopes} is null or empty
   */
  public NewToken {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(createdAt, "createdAt");
    if (scopes == null || scopes.isEmpty()) {
      throw new IllegalArgumentException("scopes must not be empty");
    }
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    sealedSecret = sealedSecret == null ? null : sealedSecret.clone();
  }

  /** {@return a copy of the encrypted token value for a CI deploy token, else null} */
  @Override
  public byte[] sealedSecret() {
    return sealedSecret == null ? null : sealedSecret.clone();
  }

  /**
   * The default username of a deploy token.
   *
   * @param id the deploy token's store id
   * @return {@code wvs+deploy-token-<id>}
   */
  public static String defaultDeployUsername(long id) {
    return "wvs+deploy-token-" + id;
  }

  /**
   * This token as stored under {@code id}, in rotation family {@code familyId}.
   *
   * @param id the store id
   * @param familyId the rotation family's id
   * @return the stored record, neither revoked nor used, with the default username for a deploy
   *     token that has none
   */
  public TokenRecord toRecord(long id, long familyId) {
    String name = username == null && type == TokenType.DEPLOY ? defaultDeployUsername(id) : username;
    return new TokenRecord(id, type, userId, resource, this.name, scopes, digest, createdAt,
        expiresOn, null, null, familyId, createdBy, name, sealedSecret);
  }

  @Override
  public String toString() {
    return "NewToken{type=" + type + ", name=" + name + ", userId=" + userId + ", resource="
        + resource + ", scopes=" + scopes + ", expiresOn=" + expiresOn + "}";
  }
}
