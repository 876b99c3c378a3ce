package io.wvs.auth.spi;

import com.google.common.collect.Sets;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * A token to insert, as the management services build it: never the raw token, only its digest
 * (and, for a CI deploy token only, its authenticated encryption). Built with {@link #builder()};
 * its owner always matches its type ({@link TokenType#requireOwner}), and only a deploy token
 * carries a sealed secret. Immutable.
 *
 * @since 0.1
 */
public final class NewToken {
  private final TokenType type;
  private final TokenOwner owner;
  private final String name;
  private final String description;
  private final Set<Scope> scopes;
  private final TokenDigest digest;
  private final Instant createdAt;
  private final LocalDate expiresOn;
  private final Long createdBy;
  private final byte[] sealedSecret;

  private NewToken(Builder b) {
    BuilderChecks.of("NewToken").require(b.type, "type").require(b.owner, "owner")
        .require(b.name, "name").require(b.scopes, "scopes").require(b.digest, "digest")
        .require(b.createdAt, "createdAt").done();
    b.type.requireOwner(b.owner);
    if (b.scopes.isEmpty()) {
      throw new IllegalArgumentException("scopes must not be empty");
    }
    if (b.sealedSecret != null && b.type != TokenType.DEPLOY) {
      throw new IllegalArgumentException("only a deploy token carries a sealed secret, not a "
          + b.type + " token");
    }
    this.type = b.type;
    this.owner = b.owner;
    this.name = b.name;
    this.description = b.description;
    // Immutable as it is (not a view): an authentication passes it on without copying it.
    this.scopes = Sets.immutableEnumSet(b.scopes);
    this.digest = b.digest;
    this.createdAt = b.createdAt;
    this.expiresOn = b.expiresOn;
    this.createdBy = b.createdBy;
    this.sealedSecret = b.sealedSecret == null ? null : b.sealedSecret.clone();
  }

  /** A copy with another owner (of the same kind) and digest; the secret array is shared (never exposed). */
  private NewToken(NewToken t, TokenOwner owner, TokenDigest digest) {
    this.type = t.type;
    this.owner = owner;
    this.name = t.name;
    this.description = t.description;
    this.scopes = t.scopes;
    this.digest = digest;
    this.createdAt = t.createdAt;
    this.expiresOn = t.expiresOn;
    this.createdBy = t.createdBy;
    this.sealedSecret = t.sealedSecret;
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
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
  public io.wvs.auth.ResourceRef resource() {
    return owner.resourceOrNull();
  }

  /**
   * {@return a deploy token's chosen username, or null: for other types, and for a deploy token
   * whose username the store assigns ({@code wvs+deploy-token-<id>})}
   */
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

  /** {@return the granted scopes, non-empty} */
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

  /** {@return the date from whose 00:00 UTC the token no longer works, or null for never} */
  public LocalDate expiresOn() {
    return expiresOn;
  }

  /** {@return the user who created it, or null when created by the host itself} */
  public Long createdBy() {
    return createdBy;
  }

  /** {@return a copy of the encrypted token value for a CI deploy token, else null} */
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
    TokenOwner stored = storedOwner(id);
    NewToken token = stored == owner ? this : new NewToken(this, stored, digest);
    return TokenRecord.builder().id(id).familyId(familyId).token(token).build();
  }

  /** This token under another digest (pepper rotation). */
  NewToken withDigest(TokenDigest replacement) {
    return new NewToken(this, owner, Objects.requireNonNull(replacement, "replacement"));
  }

  /** Whether it carries a sealed secret (without copying it). */
  boolean hasSealedSecret() {
    return sealedSecret != null;
  }

  /**
   * {@return the owner as stored under {@code id}: a deploy token without a username gets
   * {@link #defaultDeployUsername}}
   *
   * @param id the store id
   */
  public TokenOwner storedOwner(long id) {
    if (owner instanceof TokenOwner.Deploy && ((TokenOwner.Deploy) owner).username() == null) {
      return ((TokenOwner.Deploy) owner).withUsername(defaultDeployUsername(id));
    }
    return owner;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NewToken)) {
      return false;
    }
    NewToken t = (NewToken) o;
    return type == t.type && owner.equals(t.owner) && name.equals(t.name)
        && Objects.equals(description, t.description)
        && scopes.equals(t.scopes)
        // TokenDigest.equals compares in constant time (no early exit).
        && digest.equals(t.digest) && createdAt.equals(t.createdAt)
        && Objects.equals(expiresOn, t.expiresOn) && Objects.equals(createdBy, t.createdBy)
        && sameSecret(sealedSecret, t.sealedSecret);
  }

  /** Whether two sealed secrets (either possibly null) are equal, in constant time. */
  private static boolean sameSecret(byte[] a, byte[] b) {
    // MessageDigest.isEqual takes the same time whatever the contents: no timing hint about a
    // secret a caller compares against.
    return (a == null) == (b == null)
        && MessageDigest.isEqual(a == null ? new byte[0] : a, b == null ? new byte[0] : b);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, owner, name);
  }

  @Override
  public String toString() {
    return "NewToken{type=" + type + ", name=" + name + ", owner=" + owner + ", scopes=" + scopes
        + ", expiresOn=" + expiresOn + (sealedSecret == null ? "" : ", sealedSecret=[masked]") + "}";
  }

  /**
   * Builds a {@link NewToken}; not thread-safe. Each value may be set once (a second setting is
   * refused naming the first); {@link #build()} names every missing required value at once.
   * Required: type, owner, name, scopes, digest, createdAt.
   */
  public static final class Builder {
    private TokenType type;
    private TokenOwner owner;
    private String name;
    private String description;
    private Set<Scope> scopes;
    private TokenDigest digest;
    private Instant createdAt;
    private LocalDate expiresOn;
    private Long createdBy;
    private byte[] sealedSecret;

    private Builder() {}

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
     * Who owns the token; required, of the type's {@linkplain TokenType#ownerKind() owner kind}.
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
      // The earlier digest is not named: a digest is never shown.
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
     * The date from whose 00:00 UTC the token no longer works; null (the default) for never.
     *
     * @param expiresOn the expiry date, or null
     * @return this builder
     */
    public Builder expiresOn(LocalDate expiresOn) {
      BuilderChecks.once(this.expiresOn != null, "expiresOn", this.expiresOn);
      this.expiresOn = expiresOn;
      return this;
    }

    /**
     * The user who created the token; null (the default) when the host itself created it.
     *
     * @param createdBy the creating user's id, or null
     * @return this builder
     */
    public Builder createdBy(Long createdBy) {
      BuilderChecks.once(this.createdBy != null, "createdBy", this.createdBy);
      this.createdBy = createdBy;
      return this;
    }

    /**
     * The encrypted token value of a CI deploy token; null (the default) for every other token.
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
     * Builds the token.
     *
     * @return the token
     * @throws IllegalStateException naming every required value not set
     * @throws IllegalArgumentException if the owner does not fit the type, the scopes are empty,
     *     or a token other than a deploy token carries a sealed secret
     */
    public NewToken build() {
      return new NewToken(this);
    }
  }
}
