package io.wvs.auth.spi;

import io.wvs.auth.TokenType;

/**
 * A {@link Notifier} told once per token instead of once per person: the expiry jobs send it one
 * {@link ExpiryEvent} per token and window (webhooks, chat channels), claimed in the same ledger
 * as the e-mails, under {@link NoticeKey#PER_TOKEN} instead of a user id. So each event is sent
 * once however many instances run the jobs; throwing from {@link #sendEvent} means "not
 * delivered", and the event stays pending for the next run. A ledger serves one token notifier
 * (two would share the per-token notices).
 *
 * @since 0.1
 */
public interface TokenNotifier extends Notifier {
  /**
   * Delivers {@code event}.
   *
   * @param event the event to deliver
   * @throws RuntimeException if it could not be delivered
   */
  void sendEvent(ExpiryEvent event);

  /**
   * Whether tokens of {@code type} concern this notifier at all; the jobs claim no notice for the
   * others. By default every type.
   *
   * @param type a token type
   * @return true if its tokens get events
   */
  default boolean wants(TokenType type) {
    return true;
  }

  /**
   * Not used: the expiry jobs send a token notifier {@link ExpiryEvent}s only.
   *
   * @param notice a per-person notice
   * @throws UnsupportedOperationException always
   */
  @Override
  default void send(ExpiryNotice notice) {
    throw new UnsupportedOperationException("a token notifier takes one ExpiryEvent per token,"
        + " through sendEvent; the expiry jobs never send it a per-person notice");
  }
}
