package io.wvs.auth.spi;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A stored token: what a {@link TokenStore} returns. Holds no raw token. It is the
 * {@linkplain #token() token as created} (a {@link NewToken}: type, owner, name, scopes, digest,
 * dates, sealed secret) plus what the store keeps about it: its id, its rotation family, when it
 * was revoked and last used, and the client addresses of its last few distinct uses. Built with {@link #builder()} (a store) or {@link NewToken#toRecord};
 * its owner always matches its type ({@link TokenType#requireOwner}), a deploy token's owner always
 * has its username, and only a deploy token carries a sealed secret. Immutable; {@code equals}
 * compares digest and sealed secret in constant time, {@code toString} never shows either.
 *
 * @since 0.1
 */
public final class TokenRecord {
  /** The most client addresses a token keeps ({@link #lastUsedIps()}): 5. */
  public static final int MAX_LAST_USED_IPS = 5;
  /** The longest client address kept: 45 characters, an IPv6 address with an IPv4 tail. */
  public static final int MAX_IP_LENGTH = 45;

  private final long id;
  private final long familyId;
  private final NewToken token;
  private final Kept kept;

  /** What the store keeps beside the token as created. */
  private record Kept(Instant revokedAt, Instant lastUsedAt, List<String> lastUsedIps,
      int lastUsedIpsAdded, Instant rotationGraceUntil) {}

  private TokenRecord(Builder b) {
    BuilderChecks.of("TokenRecord").require(b.id, "id").require(b.familyId, "familyId")
        .require(b.token, "token").done();
    if (b.id <= 0 || b.familyId <= 0) {
      throw new IllegalArgumentException("id and familyId must be positive, were " + b.id + " and "
          + b.familyId);
    }
    if (b.token.owner() instanceof TokenOwner.Deploy d && d.username() == null) {
      throw new IllegalArgumentException("a stored deploy token has a username");
    }
    this.id = b.id;
    this.familyId = b.familyId;
    this.token = b.token;
    this.kept = new Kept(b.revokedAt, b.lastUsedAt, BuilderChecks.lastUsedIps(b.lastUsedIps),
        BuilderChecks.lastUsedIpsAdded(b.lastUsedIpsAdded), b.rotationGraceUntil);
  }

  private TokenRecord(TokenRecord r, NewToken token, Kept kept) {
    this.id = r.id;
    this.familyId = r.familyId;
    this.token = token;
    this.kept = kept;
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the store's id, positive} */
  public long id() {
    return id;
  }

  /** {@return the id of the first token of its rotation family (its own id when never rotated)} */
  public long familyId() {
    return familyId;
  }

  /** {@return the token as it was created: every value but the store's own} */
  public NewToken token() {
    return token;
  }

  /** {@return the token type} */
  public TokenType type() {
    return token.type();
  }

  /** {@return who owns the token; its kind is {@code type().ownerKind()}} */
  public TokenOwner owner() {
    return token.owner();
  }

  /** {@return the user or bot user the token acts as, or null for a deploy token} */
  public Long userId() {
    return token.userId();
  }

  /** {@return the project or group of a project, group or deploy token, or null for a user's} */
  public ResourceRef resource() {
    return token.resource();
  }

  /** {@return a deploy token's username (never null for one), else null} */
  public String username() {
    return token.username();
  }

  /** {@return the display name} */
  public String name() {
    return token.name();
  }

  /** {@return what the token is for, or null for no description} */
  public String description() {
    return token.description();
  }

  /** {@return the granted scopes} */
  public Set<Scope> scopes() {
    return token.scopes();
  }

  /** {@return the keyed digest used for lookup} */
  public TokenDigest digest() {
    return token.digest();
  }

  /** {@return the creation instant} */
  public Instant createdAt() {
    return token.createdAt();
  }

  /** {@return the date from whose 00:00 UTC the token stops working, or null for never} */
  public LocalDate expiresOn() {
    return token.expiresOn();
  }

  /** {@return the creating user, or null} */
  public Long createdBy() {
    return token.createdBy();
  }

  /** {@return a copy of the encrypted value of a CI deploy token, else null} */
  public byte[] sealedSecret() {
    return token.sealedSecret();
  }

  /** {@return when it was revoked, or null} */
  public Instant revokedAt() {
    return kept.revokedAt();
  }

  /** {@return when its use was last recorded (at most once per interval), or null} */
  public Instant lastUsedAt() {
    return kept.lastUsedAt();
  }

  /**
   * {@return the client addresses of the token's last few distinct uses, most recent first, at
   * most {@link #MAX_LAST_USED_IPS}; empty when none was recorded}
   */
  public List<String> lastUsedIps() {
    return kept.lastUsedIps();
  }

  /** {@return how many addresses were added since the last use was written (bounds those writes)} */
  public int lastUsedIpsAdded() {
    return kept.lastUsedIpsAdded();
  }

  /** {@return when a rotated token's grace period ends (it works until then), or null} */
  public Instant rotationGraceUntil() {
    return kept.rotationGraceUntil();
  }

  /** {@return whether {@link #revokedAt()} is set (a rotated token within its grace period too)} */
  public boolean isRevoked() {
    return kept.revokedAt() != null;
  }

  /**
   * Whether its revocation is in effect at {@code now}: revoked, and no grace period running.
   *
   * @param now the time asked about
   * @return true if the token no longer works at {@code now} because it was revoked
   */
  public boolean isRevokedAt(Instant now) {
    Instant grace = kept.rotationGraceUntil();
    return kept.revokedAt() != null && (grace == null || !grace.isAfter(now));
  }

  /**
   * A copy revoked at {@code at}.
   *
   * @param at the revocation time
   * @return the copy
   */
  public TokenRecord withRevokedAt(Instant at) {
    return new TokenRecord(this, token, new Kept(at, kept.lastUsedAt(), kept.lastUsedIps(),
        kept.lastUsedIpsAdded(), kept.rotationGraceUntil()));
  }

  /**
   * A copy last used at {@code at}.
   *
   * @param at the time of the last use
   * @return the copy
   */
  public TokenRecord withLastUsedAt(Instant at) {
    return new TokenRecord(this, token, new Kept(kept.revokedAt(), at, kept.lastUsedIps(),
        kept.lastUsedIpsAdded(), kept.rotationGraceUntil()));
  }

  /**
   * A copy with the client addresses {@code ips}, {@code added} of them added since the last use
   * was recorded.
   *
   * @param ips the client addresses, most recent first, at most {@link #MAX_LAST_USED_IPS}
   * @param added how many were added since the last recorded use, 0 to {@link #MAX_LAST_USED_IPS}
   * @return the copy
   */
  public TokenRecord withLastUsedIps(List<String> ips, int added) {
    return new TokenRecord(this, token, new Kept(kept.revokedAt(), kept.lastUsedAt(),
        BuilderChecks.lastUsedIps(ips), BuilderChecks.lastUsedIpsAdded(added),
        kept.rotationGraceUntil()));
  }

  /**
   * A copy whose rotation grace period ends at {@code until}.
   *
   * @param until the end of the grace period, or null for none
   * @return the copy
   */
  public TokenRecord withRotationGraceUntil(Instant until) {
    return new TokenRecord(this, token, new Kept(kept.revokedAt(), kept.lastUsedAt(),
        kept.lastUsedIps(), kept.lastUsedIpsAdded(), until));
  }

  /**
   * A copy with another digest (pepper rotation).
   *
   * @param replacement the new digest
   * @return the copy
   */
  public TokenRecord withDigest(TokenDigest replacement) {
    return new TokenRecord(this, token.withDigest(replacement), kept);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TokenRecord)) {
      return false;
    }
    TokenRecord r = (TokenRecord) o;
    // NewToken.equals compares digest and sealed secret in constant time.
    return id == r.id && familyId == r.familyId && token.equals(r.token) && kept.equals(r.kept);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "TokenRecord{id=" + id + ", type=" + type() + ", name=" + name() + ", owner=" + owner()
        + ", scopes=" + scopes() + ", expiresOn=" + expiresOn() + ", revokedAt=" + kept.revokedAt()
        + ", lastUsedAt=" + kept.lastUsedAt()
        + (kept.lastUsedIps().isEmpty() ? "" : ", lastUsedIps=" + kept.lastUsedIps().size())
        + ", familyId=" + familyId
        + (kept.rotationGraceUntil() == null ? "" : ", rotationGraceUntil=" + kept.rotationGraceUntil())
        + (token.hasSealedSecret() ? ", sealedSecret=[masked]" : "") + "}";
  }

  /**
   * Builds a {@link TokenRecord}, as a store reads one; not thread-safe. Each value may be set
   * once (a second setting is refused naming the first); {@link #build()} names every missing
   * required value at once. Required: id, familyId, token.
   */
  public static final class Builder {
    private Long id;
    private Long familyId;
    private NewToken token;
    private Instant revokedAt;
    private Instant lastUsedAt;
    private List<String> lastUsedIps;
    private Integer lastUsedIpsAdded;
    private Instant rotationGraceUntil;

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
     * The id of the first token of its rotation family (its own id when never rotated); required.
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
     * The token as it was created; required. A deploy token's owner must have its username.
     *
     * @param token the token
     * @return this builder
     */
    public Builder token(NewToken token) {
      BuilderChecks.once(this.token != null, "token", this.token);
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * When it was revoked; null (the default) while it is not.
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
     * The client addresses of the last few distinct uses, most recent first; none by default. At
     * most {@link #MAX_LAST_USED_IPS}, each 1 to {@link #MAX_IP_LENGTH} characters.
     *
     * @param ips the addresses, or null for none
     * @return this builder
     */
    public Builder lastUsedIps(List<String> ips) {
      BuilderChecks.once(this.lastUsedIps != null, "lastUsedIps", this.lastUsedIps);
      this.lastUsedIps = ips == null ? List.of() : ips;
      return this;
    }

    /**
     * How many addresses were added since the last use was recorded: 0 (the default) to 5.
     *
     * @param added the count
     * @return this builder
     */
    public Builder lastUsedIpsAdded(int added) {
      BuilderChecks.once(this.lastUsedIpsAdded != null, "lastUsedIpsAdded", this.lastUsedIpsAdded);
      this.lastUsedIpsAdded = added;
      return this;
    }

    /**
     * When a rotated token's grace period ends; null (the default) for none.
     *
     * @param until the instant, or null
     * @return this builder
     */
    public Builder rotationGraceUntil(Instant until) {
      BuilderChecks.once(this.rotationGraceUntil != null, "rotationGraceUntil", this.rotationGraceUntil);
      this.rotationGraceUntil = until;
      return this;
    }

    /**
     * Builds the record.
     *
     * @return the record
     * @throws IllegalStateException naming every required value not set
     * @throws IllegalArgumentException if an id is not positive, a deploy token has no username,
     *     or the client addresses break their limits
     */
    public TokenRecord build() {
      return new TokenRecord(this);
    }
  }
}
