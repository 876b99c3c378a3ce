package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A stored token: what a {@link TokenStore} returns. Holds no raw token. Built with
 * {@link #builder()} (a store) or {@link NewToken#toRecord}; its owner always matches its type
 * ({@link TokenType#requireOwner}), a deploy token's owner always has its username, and only a
 * deploy token carries a sealed secret. Immutable; {@code equals} compares digest and sealed
 * secret in constant time, {@code toString} never shows either.
 *
 * @since 0.1
 */
public final class TokenRecord {
  private final long id;
  private final TokenType type;
  private final TokenOwner owner;
  private final String name;
  private final String description;
  private final Set<Scope> scopes;
  private final TokenDigest digest;
  private final Instant createdAt;
  private final LocalDate expiresOn;
  private final Instant revokedAt;
  private final Instant lastUsedAt;
  private final long familyId;
  private final Long createdBy;
  private final byte[] sealedSecret;

  private TokenRecord(Builder b) {
    BuilderChecks.of("TokenRecord").require(b.id, "id").require(b.familyId, "familyId")
        .require(b.type, "type").require(b.owner, "owner").require(b.name, "name")
        .require(b.scopes, "scopes").require(b.digest, "digest").require(b.createdAt, "createdAt")
        .done();
    if (b.id <= 0 || b.familyId <= 0) {
      throw new IllegalArgumentException("id and familyId must be positive, were " + b.id + " and "
          + b.familyId);
    }
    b.type.requireOwner(b.owner);
    if (b.scopes.isEmpty()) {
      throw new IllegalArgumentException("scopes must not be empty");
    }
    if (b.owner instanceof TokenOwner.Deploy && ((TokenOwner.Deploy) b.owner).username() == null) {
      throw new IllegalArgumentException("a stored deploy token has a username");
    }
    if (b.sealedSecret != null && b.type != TokenType.DEPLOY) {
      throw new IllegalArgumentException("only a deploy token carries a sealed secret, not a "
          + b.type + " token");
    }
    this.id = b.id;
    this.type = b.type;
    this.owner = b.owner;
    this.name = b.name;
    this.description = b.description;
    this.scopes = Collections.unmodifiableSet(EnumSet.copyOf(b.scopes));
    this.digest = b.digest;
    this.createdAt = b.createdAt;
    this.expiresOn = b.expiresOn;
    this.revokedAt = b.revokedAt;
    this.lastUsedAt = b.lastUsedAt;
    this.familyId = b.familyId;
    this.createdBy = b.createdBy;
    this.sealedSecret = b.sealedSecret == null ? null : b.sealedSecret.clone();
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the store's id, positive} */
  public long id() {
    return id;
  }

  /** {@return the token type} */
  public TokenType type() {
    return type;
  }

  /** {@return who owns the token; its kind is {@code type().ownerKind()}} */
  public TokenOwner owner() {
    return owner;
  }

  /** {@return the user or bot user the token acts as, or null for a deploy token} */
  public Long userId() {
    return owner.actingUserId();
  }

  /** {@return the project or group of a project, group or deploy token, or null for a user's} */
  public ResourceRef resource() {
    return owner.resourceOrNull();
  }

  /** {@return a deploy token's username (never null for one), else null} */
  public String username() {
    return owner instanceof TokenOwner.Deploy ? ((TokenOwner.Deploy) owner).username() : null;
  }

  /** {@return the display name} */
  public String name() {
    return name;
  }

  /** {@return what the token is for, or null for no description} */
  public String description() {
    return description;
  }

  /** {@return the granted scopes} */
  public Set<Scope> scopes() {
    return scopes;
  }

  /** {@return the keyed digest used for lookup} */
  public TokenDigest digest() {
    return digest;
  }

  /** {@return the creation instant} */
  public Instant createdAt() {
    return createdAt;
  }

  /** {@return the date from whose 00:00 UTC the token stops working, or null for never} */
  public LocalDate expiresOn() {
    return expiresOn;
  }

  /** {@return when it was revoked, or null} */
  public Instant revokedAt() {
    return revokedAt;
  }

  /** {@return when its use was last recorded (at most once per interval), or null} */
  public Instant lastUsedAt() {
    return lastUsedAt;
  }

  /** {@return the id of the first token of its rotation family (its own id when never rotated)} */
  public long familyId() {
    return familyId;
  }

  /** {@return the creating user, or null} */
  public Long createdBy() {
    return createdBy;
  }

  /** {@return a copy of the encrypted value of a CI deploy token, else null} */
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
    Builder b = copy();
    b.revokedAt = at;
    return new TokenRecord(b);
  }

  /**
   * A copy last used at {@code at}.
   *
   * @param at the time of the last use
   * @return the copy
   */
  public TokenRecord withLastUsedAt(Instant at) {
    Builder b = copy();
    b.lastUsedAt = at;
    return new TokenRecord(b);
  }

  /**
   * A copy with another digest (pepper rotation).
   *
   * @param replacement the new digest
   * @return the copy
   */
  public TokenRecord withDigest(TokenDigest replacement) {
    Builder b = copy();
    b.digest = Objects.requireNonNull(replacement, "replacement");
    return new TokenRecord(b);
  }

  private Builder copy() {
    Builder b = new Builder();
    b.id = id;
    b.type = type;
    b.owner = owner;
    b.name = name;
    b.description = description;
    b.scopes = scopes;
    b.digest = digest;
    b.createdAt = createdAt;
    b.expiresOn = expiresOn;
    b.revokedAt = revokedAt;
    b.lastUsedAt = lastUsedAt;
    b.familyId = familyId;
    b.createdBy = createdBy;
    b.sealedSecret = sealedSecret;
    return b;
  }

  /** Whether two sealed secrets (either possibly null) are equal, in constant time. */
  static boolean sameSecret(byte[] a, byte[] b) {
    // MessageDigest.isEqual takes the same time whatever the contents: no timing hint about a
    // secret a caller compares against.
    return (a == null) == (b == null)
        && MessageDigest.isEqual(a == null ? new byte[0] : a, b == null ? new byte[0] : b);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TokenRecord)) {
      return false;
    }
    TokenRecord r = (TokenRecord) o;
    return id == r.id && familyId == r.familyId && type == r.type && owner.equals(r.owner)
        && name.equals(r.name) && Objects.equals(description, r.description)
        && scopes.equals(r.scopes)
        // TokenDigest.equals compares in constant time (MessageDigest.isEqual).
        && digest.equals(r.digest) && createdAt.equals(r.createdAt)
        && Objects.equals(expiresOn, r.expiresOn) && Objects.equals(revokedAt, r.revokedAt)
        && Objects.equals(lastUsedAt, r.lastUsedAt) && Objects.equals(createdBy, r.createdBy)
        && sameSecret(sealedSecret, r.sealedSecret);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "TokenRecord{id=" + id + ", type=" + type + ", name=" + name + ", owner=" + owner
        + ", scopes=" + scopes + ", expiresOn=" + expiresOn + ", revokedAt=" + revokedAt
        + ", lastUsedAt=" + lastUsedAt + ", familyId=" + familyId
        + (sealedSecret == null ? "" : ", sealedSecret=[masked]") + "}";
  }

  /**
   * Builds a {@link TokenRecord}, as a store reads one; not thread-safe. Each value may be set
   * once (a second setting is refused naming the first); {@link #build()} names every missing
   * required value at once. Required: id, familyId, type, owner, name, scopes, digest, createdAt.
   */
  public static final class Builder {
    private Long id;
    private Long familyId;
    private TokenType type;
    private TokenOwner owner;
    private String name;
    private String description;
    private Set<Scope> scopes;
    private TokenDigest digest;
    private Instant createdAt;
    private LocalDate expiresOn;
    private Instant revokedAt;
    private Instant lastUsedAt;
    private Long createdBy;
    private byte[] sealedSecret;

    private Builder() {}

    /**
     * The store's id; required, positive.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(long id) {
      BuilderChecks.once(this.id != null, "id", this.id);
      this.id = id;
      return this;
    }

    /**
     * The id of the first token of the rotation family; required, positive.
     *
     * @param familyId the family's id
     * @return this builder
     */
    public Builder familyId(long familyId) {
      BuilderChecks.once(this.familyId != null, "familyId", this.familyId);
      this.familyId = familyId;
      return this;
    }

    /**
     * The token type; required.
     *
     * @param type the type
     * @return this builder
     */
    public Builder type(TokenType type) {
      BuilderChecks.once(this.type != null, "type", this.type);
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Who owns the token; required, of the type's owner kind; a deploy owner with its username.
     *
     * @param owner the owner
     * @return this builder
     */
    public Builder owner(TokenOwner owner) {
      BuilderChecks.once(this.owner != null, "owner", this.owner);
      this.owner = Objects.requireNonNull(owner, "owner");
      return this;
    }

    /**
     * The display name; required.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      BuilderChecks.once(this.name != null, "name", this.name);
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * What the token is for; null (the default) for no description. The management services
     * check its rule (up to 255 code points of one line of text); a store keeps it as given.
     *
     * @param description the description, or null
     * @return this builder
     */
    public Builder description(String description) {
      BuilderChecks.once(this.description != null, "description", this.description);
      this.description = description;
      return this;
    }

    /**
     * The granted scopes; required, non-empty.
     *
     * @param scopes the scopes
     * @return this builder
     */
    public Builder scopes(Set<Scope> scopes) {
      BuilderChecks.once(this.scopes != null, "scopes", this.scopes);
      this.scopes = Objects.requireNonNull(scopes, "scopes");
      return this;
    }

    /**
     * The keyed digest used for lookup; required.
     *
     * @param digest the digest
     * @return this builder
     */
    public Builder digest(TokenDigest digest) {
      BuilderChecks.once(this.digest != null, "digest", "[masked]");
      this.digest = Objects.requireNonNull(digest, "digest");
      return this;
    }

    /**
     * The creation instant; required.
     *
     * @param createdAt the instant
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      BuilderChecks.once(this.createdAt != null, "createdAt", this.createdAt);
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /**
     * The expiry date; null (the default) for never.
     *
     * @param expiresOn the date, or null
     * @return this builder
     */
    public Builder expiresOn(LocalDate expiresOn) {
      BuilderChecks.once(this.expiresOn != null, "expiresOn", this.expiresOn);
      this.expiresOn = expiresOn;
      return this;
    }

    /**
     * When the token was revoked; null (the default) while it is not.
     *
     * @param revokedAt the instant, or null
     * @return this builder
     */
    public Builder revokedAt(Instant revokedAt) {
      BuilderChecks.once(this.revokedAt != null, "revokedAt", this.revokedAt);
      this.revokedAt = revokedAt;
      return this;
    }

    /**
     * When its use was last recorded; null (the default) for never.
     *
     * @param lastUsedAt the instant, or null
     * @return this builder
     */
    public Builder lastUsedAt(Instant lastUsedAt) {
      BuilderChecks.once(this.lastUsedAt != null, "lastUsedAt", this.lastUsedAt);
      this.lastUsedAt = lastUsedAt;
      return this;
    }

    /**
     * The creating user; null (the default) when the host created it.
     *
     * @param createdBy the user's id, or null
     * @return this builder
     */
    public Builder createdBy(Long createdBy) {
      BuilderChecks.once(this.createdBy != null, "createdBy", this.createdBy);
      this.createdBy = createdBy;
      return this;
    }

    /**
     * The encrypted value of a CI deploy token; null (the default) for every other token.
     *
     * @param sealedSecret the sealed value, copied, or null
     * @return this builder
     */
    public Builder sealedSecret(byte[] sealedSecret) {
      BuilderChecks.once(this.sealedSecret != null, "sealedSecret", "[masked]");
      this.sealedSecret = sealedSecret == null ? null : sealedSecret.clone();
      return this;
    }

    /**
     * Builds the record.
     *
     * @return the record
     * @throws IllegalStateException naming every required value not set
     * @throws IllegalArgumentException if an id is not positive, the owner does not fit the type,
     *     the scopes are empty, a deploy owner has no username, or a token other than a deploy token
     *     has a sealed secret
     */
    public TokenRecord build() {
      return new TokenRecord(this);
    }
  }
}
