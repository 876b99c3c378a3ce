package io.wvs.auth.smtp;

import io.wvs.auth.spi.User;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/**
 * Finds and checks the e-mail address of a notice's recipient. A user without a usable address
 * is a {@link NotificationFailedException.Reason#NO_ADDRESS} failure, so the notice stays pending.
 */
final class RecipientAddresses {
  private final EmailAddressResolver resolver;

  RecipientAddresses(EmailAddressResolver resolver) {
    this.resolver = resolver;
  }

  InternetAddress addressOf(User user) {
    return addressOf(user, "the expiry notice was not sent and stays pending");
  }

  /** As {@link #addressOf(User)}; {@code outcome} says in a failure what became of the mail. */
  InternetAddress addressOf(User user, String outcome) {
    Optional<String> address;
    try {
      address = resolver.emailOf(user);
    } catch (RuntimeException e) {
      throw new NotificationFailedException(NotificationFailedException.Reason.NO_ADDRESS,
          "could not look up the e-mail address of " + describe(user) + ": " + e, e);
    }
    if (address == null || address.isEmpty() || address.get().isBlank()) {
      throw new NotificationFailedException(NotificationFailedException.Reason.NO_ADDRESS,
          describe(user) + " has no e-mail address; " + outcome);
    }
    try {
      return parseAddress(address.get());
    } catch (AddressException e) {
      throw new NotificationFailedException(NotificationFailedException.Reason.NO_ADDRESS,
          "the e-mail address of " + describe(user) + " is not valid (" + e.getMessage()
              + "); " + outcome, e);
    }
  }

  /** The user for a message: cleaned user name and id. */
  static String describe(User user) {
    return "user " + ExpiryMailContent.clean(user.username()) + " (id " + user.id() + ")";
  }

  /** A strictly parsed address that has a local part and a domain. */
  static InternetAddress parseAddress(String address) throws AddressException {
    InternetAddress parsed = new InternetAddress(address.strip(), true);
    parsed.validate();
    String bare = parsed.getAddress();
    int at = bare == null ? -1 : bare.lastIndexOf('@');
    if (at <= 0 || at == bare.length() - 1) {
      throw new AddressException("an address needs a local part and a domain", address);
    }
    return parsed;
  }
}
