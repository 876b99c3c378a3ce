package io.wvs.auth.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the expiry-notification jobs need from storage: the tokens in a window, read in id-ordered
 * batches (so a job's cost grows with its window, not with the table), and a ledger of notice
 * claims that makes each notice go out once however many instances run the job at the same moment.
 * A claim left by a crashed instance can be retaken once its lease has passed; a notice is only
 * marked delivered after the notifier accepted it. Implementations must be thread-safe and every
 * claim operation atomic across instances (one conditional statement each).
 *
 * @since 0.1
 */
public interface ExpiryNoticeStore {

  /**
   * Tokens that are not revoked, not impersonation tokens, and expire on a date in
   * {@code [from, to]}, ordered by expiry date then id, strictly after the position
   * ({@code afterDate}, {@code afterId}), at most {@code limit}. The first batch passes
   * ({@code from}, 0); each next one the expiry date and id of the previous batch's last token.
   * This keyset order lets a store read just the window through an index on (expiry, id).
   *
   * @param from the first expiry date of the window
   * @param to the last expiry date of the window, inclusive
   * @param afterDate the expiry date of the position to read after
   * @param afterId the id of the position to read after
   * @param limit the most tokens to return
   * @return the next batch, in (expiry date, id) order; empty when the window is exhausted
   */
  List<TokenRecord> findExpiring(LocalDate from, LocalDate to, LocalDate afterDate, long afterId,
      int limit);

  /**
   * Claims {@code key} for {@code claimant} until {@code leaseUntil}: succeeds if the notice was
   * never claimed, or was claimed but not delivered and its lease ended before {@code now}.
   *
   * @param key the notice to claim
   * @param claimant who claims it (one running instance)
   * @param now the current time
   * @param leaseUntil when the claim lapses if the notice is not delivered
   * @return true if {@code claimant} now holds the claim
   */
  boolean claim(NoticeKey key, String claimant, Instant now, Instant leaseUntil);

  /**
   * Marks a notice held by {@code claimant} as delivered at {@code at}; it is never claimed again.
   *
   * @param key the notice
   * @param claimant who holds the claim
   * @param at when it was delivered
   */
  void markDelivered(NoticeKey key, String claimant, Instant at);

  /**
   * Gives up a claim held by {@code claimant} without delivering, so the next run retries it.
   *
   * @param key the notice
   * @param claimant who holds the claim
   */
  void release(NoticeKey key, String claimant);
}
