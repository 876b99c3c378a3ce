package io.wvs.auth.smtp;

import io.wvs.auth.WvsAuthException;
import java.util.Objects;

/**
 * An expiry notice was not delivered. Thrown from {@link SmtpNotifier#send}; the expiry job treats
 * any exception from a notifier as "not delivered" and leaves the notice pending for its next run.
 * The message names the user (id and username) and, for delivery failures, the SMTP server; it
 * never contains a password or a token.
 *
 * @since 0.1
 */
public final class NotificationFailedException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /** Why the notice was not delivered. */
  public enum Reason {
    /**
     * The {@link EmailAddressResolver} had no usable address for the recipient (none, or not a
     * valid address), or failed. Retrying will not help until the host's user record is fixed.
     */
    NO_ADDRESS,
    /**
     * The SMTP server could not be reached, refused the credentials, rejected the message or did
     * not answer within the configured timeouts. A later retry may succeed.
     */
    DELIVERY_FAILED
  }

  /** Why the notice was not delivered. */
  private final Reason reason;

  NotificationFailedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  NotificationFailedException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** {@return why the notice was not delivered} */
  public Reason reason() {
    return reason;
  }
}
