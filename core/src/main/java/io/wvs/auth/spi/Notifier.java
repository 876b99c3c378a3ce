package io.wvs.auth.spi;

/**
 * Delivers expiry notices (by e-mail in production), and tells owners of tokens revoked as leaked.
 * Throwing from {@link #send} means "not delivered": the notice stays pending and is retried on
 * the next run.
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

  /**
   * Tells the owner of {@code token} (a user, or the maintainers of a bot's or deploy token's
   * project or group) that it was revoked because someone reported its value leaked
   * ({@link io.wvs.auth.AdminTokenService#revokeReportedLeaks}). Never given the value. Throwing
   * changes nothing: the token stays revoked. The default does nothing, so a notifier written for
   * expiry notices only goes on working.
   *
   * @param token the token as it now is, revoked
   */
  default void tokenRevokedAsLeaked(io.wvs.auth.TokenView token) {
    // nothing by default
  }

  /**
   * As {@link #tokenRevokedAsLeaked(io.wvs.auth.TokenView)}, with the people to tell and what the
   * token belongs to ({@link io.wvs.auth.AdminTokenService#revokeReportedLeaksAndNotify} calls
   * this one, once per token it revoked). The default hands the view to
   * {@link #tokenRevokedAsLeaked(io.wvs.auth.TokenView)}, so a notifier that implements only that
   * one is still told.
   *
   * @param revocation the token as it now is, its description, recipients and resources
   */
  default void tokenRevokedAsLeaked(LeakRevocation revocation) {
    tokenRevokedAsLeaked(revocation.token());
  }
}
