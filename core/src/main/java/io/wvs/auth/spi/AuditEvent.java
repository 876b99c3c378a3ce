package io.wvs.auth.spi;

import io.wvs.auth.Channel;
import io.wvs.auth.FailureReason;
import io.wvs.auth.TokenType;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a token. Never carries a token value.
 *
 * @param type what happened
 * @param at when
 * @param tokenId the token's id, or 0 when no stored token was involved
 * @param tokenType the token's type, or null when unknown
 * @param actorId the user who did it (or authenticated), or null
 * @param failure for {@link Type#AUTHENTICATION_FAILED}, why; else null
 * @param channel for {@link Type#USED} and {@link Type#AUTHENTICATION_FAILED}, where the
 *     credential was presented; else null
 * @since 0.1
 */
public record AuditEvent(Type type, Instant at, long tokenId, TokenType tokenType, Long actorId,
    FailureReason failure, Channel channel) {
  /** Kinds of audit event. */
  public enum Type {
    /** A token was created. */
    CREATED,
    /** A token was revoked. */
    REVOKED,
    /** A token was rotated: revoked, and a successor issued. */
    ROTATED,
    /** A family revoked because a superseded token was presented for rotation. */
    REUSE_DETECTED,
    /** A token (or password) authenticated a request. */
    USED,
    /** A presented credential was refused; {@code failure} says why. */
    AUTHENTICATION_FAILED
  }

  /**
   * Checks that {@code type} and {@code at} are given.
   *
   * @param type what happened
   * @param at when
   * @param tokenId the token's id, or 0 when no stored token was involved
   * @param tokenType the token's type, or null when unknown
   * @param actorId the user who did it (or authenticated), or null
   * @param failure for {@link Type#AUTHENTICATION_FAILED}, why; else null
   * @param channel for {@link Type#USED} and {@link Type#AUTHENTICATION_FAILED}, where the
   *     credential was presented; else null
   */
  public AuditEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
  }

  /**
   * An event without a channel: a token's creation, revocation, rotation or reuse.
   *
   * @param type what happened
   * @param at when
   * @param tokenId the token's id, or 0 when no stored token was involved
   * @param tokenType the token's type, or null when unknown
   * @param actorId the user who did it, or null
   * @param failure for {@link Type#AUTHENTICATION_FAILED}, why; else null
   */
  public AuditEvent(Type type, Instant at, long tokenId, TokenType tokenType, Long actorId,
      FailureReason failure) {
    this(type, at, tokenId, tokenType, actorId, failure, null);
  }
}
