package io.wvs.auth.smtp;

import io.wvs.auth.spi.User;
import java.util.Optional;

/**
 * Looks up where to send a user's e-mail. {@link User} carries no address, so the host supplies
 * one from its own user records, e.g. {@code user -> accounts.primaryEmail(user.id())}.
 *
 * <p>Return {@link Optional#empty()} when the user has no (confirmed) address: the notifier then
 * throws {@link NotificationFailedException} with {@link NotificationFailedException.Reason#NO_ADDRESS},
 * nothing is sent, and the notice stays pending. Implementations must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EmailAddressResolver {
  /**
   * The address to send {@code user}'s notices to, as an RFC 5322 address ({@code a@b.example}
   * or {@code Alice <a@b.example>}), or empty if there is none.
   *
   * @param user the recipient
   * @return the address, or empty when the user has none
   */
  Optional<String> emailOf(User user);
}
