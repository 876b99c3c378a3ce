package io.wvs.auth;

import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a user may see of a token: everything but its value (and its digest). Made by the
 * management services, never by a host; its owner is a {@link TokenOwner} of the kind its type
 * takes. Immutable.
 *
 * @since 0.1
 */
public final class TokenView {
  private final long id;
  private final TokenType type;
  private final TokenOwner owner;
  private final String name;
  private final String description;
  private final Set<Scope> scopes;
  private final Instant createdAt;
  private final LocalDate expiresOn;
  private final Instant lastUsedAt;
  private final List<String> lastUsedIps;
  private final boolean revoked;
  private final boolean active;

  private TokenView(TokenRecord r, boolean active, boolean ips) {
    this.id = r.id();
    this.type = r.type();
    this.owner = r.owner();
    this.name = r.name();
    this.description = r.description();
    this.scopes = r.scopes(); // already an unmodifiable copy
    this.createdAt = r.createdAt();
    this.expiresOn = r.expiresOn();
    this.lastUsedAt = r.lastUsedAt();
    this.lastUsedIps = ips ? r.lastUsedIps() : List.of(); // already an unmodifiable copy
    this.revoked = r.isRevoked();
    this.active = active;
  }

  static TokenView of(TokenRecord r, Instant now, TokenPolicy policy) {
    boolean expired = policy.expiryEnforcedFor(r.type()) && TokenPolicy.isExpired(r.expiresOn(), now);
    return new TokenView(r, !r.isRevokedAt(now) && !expired, policy.lastUsedIpsRecorded());
  }

  /** {@return the token's id} */
  public long id() {
    return id;
  }

  /** {@return its type} */
  public TokenType type() {
    return type;
  }

  /** {@return who owns it: a user, the bot of a project or group, or a deploy token of a resource} */
  public TokenOwner owner() {
    return owner;
  }

  /** {@return the owning user or bot user; null for a deploy token} */
  public Long userId() {
    return owner.actingUserId();
  }

  /** {@return the project or group of a resource's token; null for a user's token} */
  public ResourceRef resource() {
    return owner.resourceOrNull();
  }

  /** {@return a deploy token's username, else null} */
  public String username() {
    return owner instanceof TokenOwner.Deploy d ? d.username() : null;
  }

  /** {@return its display name} */
  public String name() {
    return name;
  }

  /** {@return what it is for, or null for no description} */
  public String description() {
    return description;
  }

  /** {@return the scopes it was granted} */
  public Set<Scope> scopes() {
    return scopes;
  }

  /** {@return when it was created} */
  public Instant createdAt() {
    return createdAt;
  }

  /** {@return the date from whose 00:00 UTC it stops working; null for never} */
  public LocalDate expiresOn() {
    return expiresOn;
  }

  /** {@return the last recorded use (recorded at most once per interval), or null} */
  public Instant lastUsedAt() {
    return lastUsedAt;
  }

  /**
   * {@return the client addresses of its last few distinct uses, most recent first, at most
   * {@link TokenRecord#MAX_LAST_USED_IPS}; empty when none was recorded or the instance records
   * none ({@link TokenPolicy.Builder#lastUsedIpsRecorded})}
   */
  public List<String> lastUsedIps() {
    return lastUsedIps;
  }

  /**
   * {@return whether it was revoked (or rotated); a rotated token within its grace period is
   * revoked and still {@linkplain #active() active}}
   */
  public boolean revoked() {
    return revoked;
  }

  /**
   * {@return whether it authenticates now: not revoked and (unless expiry is not enforced for its
   * type) not expired}
   */
  public boolean active() {
    return active;
  }

  /** {@return whether this is an impersonation token} */
  public boolean impersonation() {
    return type == TokenType.IMPERSONATION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenView v && id == v.id && type == v.type && owner.equals(v.owner)
        && name.equals(v.name) && Objects.equals(description, v.description)
        && scopes.equals(v.scopes) && createdAt.equals(v.createdAt)
        && Objects.equals(expiresOn, v.expiresOn) && Objects.equals(lastUsedAt, v.lastUsedAt)
        && lastUsedIps.equals(v.lastUsedIps)
        && revoked == v.revoked && active == v.active;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "TokenView{id=" + id + ", type=" + type + ", name=" + name + ", owner=" + owner
        + ", scopes=" + scopes + ", createdAt=" + createdAt + ", expiresOn=" + expiresOn
        + ", lastUsedAt=" + lastUsedAt + ", revoked=" + revoked + ", active=" + active + "}";
  }
}
