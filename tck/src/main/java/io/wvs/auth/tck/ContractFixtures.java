package io.wvs.auth.tck;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenDigest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data for {@link TokenStoreContract}: fixed instants, digests that are distinct across the
 * whole run, ids that do not collide with other tests sharing one database, and a builder for
 * {@link NewToken}.
 *
 * <p>Instants have whole milliseconds and lie well inside every database's timestamp range, so a
 * store that keeps microseconds (PostgreSQL, MariaDB {@code DATETIME(6)}, H2) must round-trip them
 * exactly. {@link #T0} is half an hour before midnight UTC, so a store that converts through the
 * JVM's or the server's time zone shows up as a changed instant or date.
 */
public final class ContractFixtures {
  /** The instant most tokens are created at: 2025-03-14T23:30:15.123Z. */
  public static final Instant T0 = Instant.parse("2025-03-14T23:30:15.123Z");

  /** The expiry date most tokens get. */
  public static final LocalDate EXPIRY = LocalDate.of(2026, 1, 1);

  /** The default last-used interval: 24 hours. */
  public static final Duration INTERVAL = Duration.ofHours(24);

  /** An id no store ever assigns in a test: far beyond any sequence a test run reaches. */
  public static final long UNKNOWN_ID = Long.MAX_VALUE - 1;

  /** The key id of the current pepper. */
  public static final String CURRENT_KEY = "k1";

  /** The key id of a retired pepper. */
  public static final String RETIRED_KEY = "k0";

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private ContractFixtures() {}

  /**
   * {@link #T0} plus {@code seconds}.
   *
   * @param seconds seconds after {@link #T0}
   * @return the instant
   */
  public static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** {@return 32 bytes, distinct from every other call's in this JVM and random across runs} */
  public static byte[] newDigestBytes() {
    byte[] random = new byte[24];
    ThreadLocalRandom.current().nextBytes(random);
    return ByteBuffer.allocate(32).putLong(SEQUENCE.incrementAndGet()).put(random).array();
  }

  /** {@return a fresh digest under the current key} */
  public static TokenDigest newDigest() {
    return TokenDigest.of(CURRENT_KEY, newDigestBytes());
  }

  /** {@return a fresh digest under the retired key} */
  public static TokenDigest newRetiredDigest() {
    return TokenDigest.of(RETIRED_KEY, newDigestBytes());
  }

  /** {@return a user (or bot user) id no other test uses; large, so it needs a 64-bit column} */
  public static long newUserId() {
    return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 62);
  }

  /** {@return a project no other test uses} */
  public static ResourceRef newProject() {
    return ResourceRef.project(newUserId());
  }

  /** {@return a group no other test uses} */
  public static ResourceRef newGroup() {
    return ResourceRef.group(newUserId());
  }

  /**
   * A personal token of {@code userId} with a fresh digest.
   *
   * @param userId the owner
   * @return a builder for the token
   */
  public static Builder personal(long userId) {
    return new Builder(TokenType.PERSONAL).userId(userId)
        .scopes(Scope.READ_API, Scope.READ_REPOSITORY);
  }

  /**
   * An impersonation token of {@code userId} with a fresh digest.
   *
   * @param userId the impersonated user
   * @return a builder for the token
   */
  public static Builder impersonation(long userId) {
    return new Builder(TokenType.IMPERSONATION).userId(userId).scopes(Scope.API);
  }

  /**
   * A project access token of bot {@code botId} on {@code project}, with a fresh digest.
   *
   * @param botId the bot user's id
   * @param project the project
   * @return a builder for the token
   */
  public static Builder projectAccess(long botId, ResourceRef project) {
    return new Builder(TokenType.PROJECT_ACCESS).userId(botId).resource(project)
        .scopes(Scope.API, Scope.READ_REPOSITORY);
  }

  /**
   * A group access token of bot {@code botId} on {@code group}, with a fresh digest.
   *
   * @param botId the bot user's id
   * @param group the group
   * @return a builder for the token
   */
  public static Builder groupAccess(long botId, ResourceRef group) {
    return new Builder(TokenType.GROUP_ACCESS).userId(botId).resource(group)
        .scopes(Scope.READ_API);
  }

  /**
   * A deploy token of {@code resource} without a username, with a fresh digest.
   *
   * @param resource the project or group
   * @return a builder for the token
   */
  public static Builder deploy(ResourceRef resource) {
    return new Builder(TokenType.DEPLOY).resource(resource).scopes(Scope.READ_REPOSITORY);
  }

  /** Builds a {@link NewToken}; every field has a sensible default. Not thread-safe. */
  public static final class Builder {
    private final TokenType type;
    private Long userId;
    private ResourceRef resource;
    private String name = "contract token";
    private String description;
    private Set<Scope> scopes = EnumSet.of(Scope.READ_REPOSITORY);
    private TokenDigest digest = newDigest();
    private Instant createdAt = T0;
    private LocalDate expiresOn = EXPIRY;
    private Long createdBy;
    private String username;
    private byte[] sealedSecret;

    Builder(TokenType type) {
      this.type = type;
    }

    /**
     * Sets {@code userId}.
     *
     * @param value the owning user or bot user, or null
     * @return this builder
     */
    public Builder userId(Long value) {
      userId = value;
      return this;
    }

    /**
     * Sets {@code resource}.
     *
     * @param value the project or group, or null
     * @return this builder
     */
    public Builder resource(ResourceRef value) {
      resource = value;
      return this;
    }

    /**
     * Sets {@code name}.
     *
     * @param value the display name
     * @return this builder
     */
    public Builder name(String value) {
      name = value;
      return this;
    }

    /**
     * Sets {@code description}.
     *
     * @param value what the token is for, or null for none
     * @return this builder
     */
    public Builder description(String value) {
      description = value;
      return this;
    }

    /**
     * Sets {@code scopes}.
     *
     * @param first a granted scope
     * @param more further granted scopes
     * @return this builder
     */
    public Builder scopes(Scope first, Scope... more) {
      scopes = EnumSet.of(first, more);
      return this;
    }

    /**
     * Sets {@code digest}.
     *
     * @param value the digest
     * @return this builder
     */
    public Builder digest(TokenDigest value) {
      digest = value;
      return this;
    }

    /**
     * Sets {@code createdAt}.
     *
     * @param value the creation instant
     * @return this builder
     */
    public Builder createdAt(Instant value) {
      createdAt = value;
      return this;
    }

    /**
     * Sets {@code expiresOn}.
     *
     * @param value the expiry date, or null for never
     * @return this builder
     */
    public Builder expiresOn(LocalDate value) {
      expiresOn = value;
      return this;
    }

    /**
     * Sets {@code createdBy}.
     *
     * @param value the creator, or null
     * @return this builder
     */
    public Builder createdBy(Long value) {
      createdBy = value;
      return this;
    }

    /**
     * Sets {@code username}.
     *
     * @param value a deploy token's username, or null
     * @return this builder
     */
    public Builder username(String value) {
      username = value;
      return this;
    }

    /**
     * Sets {@code sealedSecret}.
     *
     * @param value the encrypted value, or null
     * @return this builder
     */
    public Builder sealedSecret(byte[] value) {
      sealedSecret = value;
      return this;
    }

    /** {@return the token to insert} */
    public NewToken build() {
      return NewToken.builder().type(type).owner(owner()).name(name).description(description)
          .scopes(scopes).digest(digest)
          .createdAt(createdAt).expiresOn(expiresOn).createdBy(createdBy).sealedSecret(sealedSecret)
          .build();
    }

    /** The owner the set values describe for the type's owner kind. */
    private TokenOwner owner() {
      switch (type.ownerKind()) {
        case USER:
          return TokenOwner.user(userId);
        case BOT:
          return TokenOwner.bot(userId, resource);
        default:
          return TokenOwner.deploy(resource, username);
      }
    }
  }
}
