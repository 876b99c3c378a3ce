package io.wvs.auth.spi;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * One message's worth of expiry news for one recipient: the tokens in one notice window, e.g.
 * those that expire within seven days (sent at 01:00 UTC) or on the day (sent at 02:00 UTC).
 * Holds names and dates, never token values.
 *
 * @param recipient who receives it (owner, or a maintainer for bot and deploy tokens)
 * @param kind which check produced it
 * @param date the day of the check (UTC)
 * @param tokens the tokens concerned, non-empty
 * @since 0.1
 */
public record ExpiryNotice(User recipient, Kind kind, LocalDate date, List<ExpiringToken> tokens) {
  /**
   * A notice window: which daily check produced the notice, and so which expiry dates it covers,
   * counted in days after the day of the check. The windows do not overlap, so a token gets at
   * most one notice per window. {@link #EXPIRES_SOON} and {@link #EXPIRES_TODAY} run by default;
   * {@link #EXPIRES_IN_30} and {@link #EXPIRES_IN_60} are opt-in
   * ({@code ExpiryNotifications.withWindows}). The names are at most 16 characters (a ledger
   * column's width).
   */
  public enum Kind {
    /** 01:00 UTC: tokens expiring within the next seven days (1 to 7 days ahead). */
    EXPIRES_SOON(1, 7, LocalTime.of(1, 0)),
    /** 02:00 UTC: tokens that expire today (0 days ahead). */
    EXPIRES_TODAY(0, 0, LocalTime.of(2, 0)),
    /** 01:00 UTC, opt-in: tokens expiring within the next 30 days but not within seven (8 to 30). */
    EXPIRES_IN_30(8, 30, LocalTime.of(1, 0)),
    /** 01:00 UTC, opt-in: tokens expiring within the next 60 days but not within 30 (31 to 60). */
    EXPIRES_IN_60(31, 60, LocalTime.of(1, 0));

    private final int firstDay;
    private final int lastDay;
    private final LocalTime dueAt;

    Kind(int firstDay, int lastDay, LocalTime dueAt) {
      this.firstDay = firstDay;
      this.lastDay = lastDay;
      this.dueAt = dueAt;
    }

    /** {@return the first expiry date the window covers, in days after the day of the check} */
    public int firstDay() {
      return firstDay;
    }

    /** {@return the last expiry date the window covers, in days after the day of the check} */
    public int lastDay() {
      return lastDay;
    }

    /** {@return when the window's check is due each day, UTC} */
    public LocalTime dueAt() {
      return dueAt;
    }
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
