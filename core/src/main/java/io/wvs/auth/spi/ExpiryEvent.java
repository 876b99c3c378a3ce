package io.wvs.auth.spi;

import io.wvs.auth.TokenType;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One token's expiry notice for a channel told once per token (a {@link TokenNotifier}, such as
 * webhooks), rather than once per person. Holds ids, names, the type, the resource and dates,
 * never a token value.
 *
 * @param window which notice window produced it
 * @param date the day of the check (UTC)
 * @param token the token: id, name, expiry date and description
 * @param type the token's type
 * @param resources the token's project or group followed by the groups above it, nearest first;
 *     empty for personal tokens (and for a token whose project or group the directory no longer
 *     knows)
 * @since 0.1
 */
public record ExpiryEvent(ExpiryNotice.Kind window, LocalDate date,
    ExpiryNotice.ExpiringToken token, TokenType type, List<Resource> resources) {
  /**
   * Checks that every field is given and copies {@code resources}.
   *
   * @param window which notice window produced it
   * @param date the day of the check (UTC)
   * @param token the token
   * @param type the token's type
   * @param resources the token's resource and the groups above it, nearest first
   */
  public ExpiryEvent {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(type, "type");
    resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
  }
}
