package io.wvs.auth;

/**
 * Running totals of {@link AdminTokenService#rekey}: how many stored tokens were looked at, and
 * which of the active ones still depend on a pepper other than the current one. Immutable.
 *
 * @param total tokens to look at in this run (after the starting id)
 * @param scanned tokens looked at so far
 * @param alreadyCurrent tokens whose digest is under the current key
 * @param rekeyed active tokens moved to the current key by this run (CI deploy tokens)
 * @param pendingUse active tokens under a retired key of the keyring, moved at their next use
 * @param unknownKey active tokens under a key the keyring does not hold: they cannot authenticate
 *     until that pepper is configured again
 * @param lastId the id of the last token looked at: a run started after it resumes here
 * @since 0.1
 */
public record RekeyReport(long total, long scanned, long alreadyCurrent, long rekeyed,
    long pendingUse, long unknownKey, long lastId) {

  static RekeyReport start(long total, long afterId) {
    return new RekeyReport(total, 0, 0, 0, 0, 0, afterId);
  }

  RekeyReport plus(long scannedMore, long currentMore, long rekeyedMore, long pendingMore,
      long unknownMore, long last) {
    return new RekeyReport(total, scanned + scannedMore, alreadyCurrent + currentMore,
        rekeyed + rekeyedMore, pendingUse + pendingMore, unknownKey + unknownMore, last);
  }

  /** {@return whether every token of the run was looked at} */
  public boolean done() {
    return scanned >= total;
  }
}
