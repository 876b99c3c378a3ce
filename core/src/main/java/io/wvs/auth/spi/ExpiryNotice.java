package io.wvs.auth.spi;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One e-mail's worth of expiry news for one recipient: the tokens that expire within seven days
 * (sent at 01:00 UTC) or on the day (sent at 02:00 UTC). Holds names and dates, never token values.
 *
 * @param recipient who receives it (owner, or a maintainer for bot and deploy tokens)
 * @param kind which check produced it
 * @param date the day of the check (UTC)
 * @param tokens the tokens concerned, non-empty
 * @since 0.1
 */
public record ExpiryNotice(User recipient, Kind kind, LocalDate date, List<ExpiringToken> tokens) {
  /** Which daily check produced the notice. */
  public enum Kind {
    /** 01:00 UTC: tokens expiring within the next seven days. */
    EXPIRES_SOON,
    /** 02:00 UTC: tokens that expire today. */
    EXPIRES_TODAY
  }

  /**
   * A token named in a notice.
   *
   * @param tokenId the token's id
   * @param name its display name
   * @param expiresOn its expiry date
   * @param description what it belongs to, e.g. "personal access token" or "project acme/api"
   */
  public record ExpiringToken(long tokenId, String name, LocalDate expiresOn, String description) {}

  /**
   * Checks that every field is given and copies {@code tokens}.
   *
   * @param recipient who receives it
   * @param kind which check produced it
   * @param date the day of the check (UTC)
   * @param tokens the tokens concerned, non-empty
   * @throws IllegalArgumentException if {@code tokens} is null or empty
   */
  public ExpiryNotice {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(date, "date");
    if (tokens == null || tokens.isEmpty()) {
      throw new IllegalArgumentException("a notice names at least one token");
    }
    tokens = List.copyOf(tokens);
  }
}
