package io.wvs.auth.spi;

import java.util.Objects;

/**
 * One expiry notice owed to one recipient about one token: the unit that is claimed and delivered
 * exactly once.
 *
 * @param tokenId the token
 * @param kind which daily check owes it
 * @param recipientId the user who is told, or {@link #PER_TOKEN} for the one notice of a token
 *     to a {@link TokenNotifier}
 * @since 0.1
 */
public record NoticeKey(long tokenId, ExpiryNotice.Kind kind, long recipientId) {
  /** The recipient id of a token's own notice to a {@link TokenNotifier}; user ids are positive. */
  public static final long PER_TOKEN = 0;

  /**
   * Checks that {@code kind} is given.
   *
   * @param tokenId the token
   * @param kind which daily check owes it
   * @param recipientId the user who is told
   */
  public NoticeKey {
    Objects.requireNonNull(kind, "kind");
  }
}
