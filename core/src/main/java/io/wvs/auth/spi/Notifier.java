package io.wvs.auth.spi;

/**
 * Delivers expiry notices (by e-mail in production). Throwing means "not delivered": the notice
 * stays pending and is retried on the next run.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Notifier {
  /**
   * Delivers {@code notice}.
   *
   * @param notice the notice to deliver
   * @throws RuntimeException if it could not be delivered
   */
  void send(ExpiryNotice notice);
}
