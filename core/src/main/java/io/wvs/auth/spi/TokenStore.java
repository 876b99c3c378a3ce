package io.wvs.auth.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of tokens. Implementations must be thread-safe, and every state change below must be
 * atomic and linearizable across all instances that share the store: a JDBC store does each with
 * one conditional statement (or one transaction) and reads its row count, never read-then-write.
 *
 * <p>Failures to reach the backing store are thrown as
 * {@link io.wvs.auth.StoreUnavailableException}; the authenticator turns any exception into a
 * refusal, never into success. Nothing is ever half-written.
 *
 * <p>The store never sees a raw token: only {@link TokenDigest}s. The contract test suite
 * {@code TokenStoreContract} (in the test kit, {@code wvs-auth-tck}) defines the behaviour
 * precisely; every implementation must pass it.
 *
 * @since 0.1
 */
public interface TokenStore {

  /**
   * Inserts a new token, assigning a fresh positive id; its family id is its own id. For a deploy
   * token without a username the store assigns {@link NewToken#defaultDeployUsername(long)}.
   *
   * @param token the token to insert
   * @return the stored token, with its id, family id and username
   * @throws io.wvs.auth.TokenConflictException if a token with the same digest exists
   * @throws io.wvs.auth.StoreUnavailableException if the store fails
   */
  TokenRecord insert(NewToken token);

  /**
   * The token whose digest equals one of {@code candidates} (one per key the host accepts, the
   * current key first), in one round trip. Empty when none matches.
   *
   * @param candidates the digests to look for, current key first
   * @return the matching token, or empty when none matches
   */
  Optional<TokenRecord> findByDigest(List<TokenDigest> candidates);

  /**
   * The token whose digest equals {@code digest}, in one round trip: the lookup of every
   * authentication while the host has a single key. Empty when none matches. The default asks
   * {@link #findByDigest(List)} with a one-element list; a store overrides it to skip the list.
   *
   * @param digest the digest to look for
   * @return the matching token, or empty when none matches
   */
  default Optional<TokenRecord> findByDigest(TokenDigest digest) {
    return findByDigest(List.of(digest));
  }

  /**
   * Looks up a token by id.
   *
   * @param id the token's id
   * @return the token with {@code id}, or empty if there is none
   */
  Optional<TokenRecord> findById(long id);

  /**
   * Finds tokens, revoked and expired ones included.
   *
   * @param query which tokens
   * @return every token matching {@code query}, ordered by id
   */
  List<TokenRecord> find(TokenQuery query);

  /**
   * One page of every stored token, in id order: up to {@code limit} tokens whose id is above
   * {@code afterId}, revoked and expired ones included, so a caller reads the whole store in
   * bounded memory by passing the last id it got. The default filters {@link #find}, which holds
   * every token at once; a store with many tokens overrides it with one range read by id.
   *
   * @param afterId the last id of the previous page, 0 for the first
   * @param limit the most tokens to return, positive
   * @return the page, ordered by id; empty after the last token
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  default List<TokenRecord> findAfter(long afterId, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    List<TokenRecord> page = new java.util.ArrayList<>();
    for (TokenRecord t : find(new TokenQuery(null, null, java.util.EnumSet.allOf(io.wvs.auth.TokenType.class)))) {
      if (t.id() > afterId && page.size() < limit) {
        page.add(t);
      }
    }
    return page;
  }

  /**
   * How many stored tokens have an id above {@code afterId} (revoked and expired ones included).
   * The default counts {@link #find}; a store with many tokens overrides it with one count.
   *
   * @param afterId count the tokens after this id, 0 for all
   * @return the number of tokens
   */
  default long countAfter(long afterId) {
    return find(new TokenQuery(null, null, java.util.EnumSet.allOf(io.wvs.auth.TokenType.class)))
        .stream().filter(t -> t.id() > afterId).count();
  }

  /**
   * Revokes the token at {@code at} if it is not revoked yet.
   *
   * @param id the token's id
   * @param at the revocation time
   * @return true if this call revoked it; false if it was already revoked or does not exist
   */
  boolean revoke(long id, Instant at);

  /**
   * Atomically revokes the active token {@code predecessorId} and inserts {@code successor} in
   * the same family. If the predecessor is already revoked, revokes its whole family instead
   * (reuse detection) and inserts nothing.
   *
   * @param predecessorId the token to rotate
   * @param successor the token to insert in its place
   * @param at the time of the rotation
   * @return whether the token was rotated, found reused or not found, with the successor if
   *     inserted
   * @throws io.wvs.auth.TokenConflictException if the successor's digest is taken; nothing changes
   */
  RotationResult rotate(long predecessorId, NewToken successor, Instant at);

  /**
   * Rotates as {@link #rotate(long, NewToken, Instant)} does, in the same one transaction (the
   * predecessor revoked at {@code at}), and gives the predecessor a grace period: it keeps working
   * until {@code graceUntil} ({@link TokenRecord#rotationGraceUntil()}), set in the same write
   * as its revocation. It counts as revoked for everything else: rotating it again, even within its
   * grace, is reuse, which revokes the family and ends every grace in it
   * ({@link #endRotationGrace}) in that one transaction. The default ignores {@code graceUntil}:
   * a store without grace periods stops the predecessor at once (fail closed).
   *
   * @param predecessorId the token to rotate
   * @param successor the token to insert in its place
   * @param at the time of the rotation
   * @param graceUntil when the predecessor stops working, after {@code at}
   * @return whether the token was rotated, found reused or not found, with the successor if
   *     inserted
   * @throws io.wvs.auth.TokenConflictException if the successor's digest is taken; nothing changes
   */
  default RotationResult rotate(long predecessorId, NewToken successor, Instant at,
      Instant graceUntil) {
    return rotate(predecessorId, successor, at);
  }

  /**
   * Ends the grace period of every token of family {@code familyId} still within one at
   * {@code at}: each whose {@link TokenRecord#rotationGraceUntil()} is after {@code at} gets
   * {@code at}. One conditional statement; called when a successor is first used and when a token
   * within its grace is revoked. The default changes nothing (a store without grace periods has
   * none).
   *
   * @param familyId the rotation family
   * @param at the time the grace ends
   * @return how many tokens this call stopped
   */
  default int endRotationGrace(long familyId, Instant at) {
    return 0;
  }

  /**
   * Records a use at {@code at} only if the recorded last use is absent or before
   * {@code staleBefore}: one conditional write, so however many callers race within an interval,
   * exactly one of them writes.
   *
   * @param id the token's id
   * @param at the time of the use
   * @param staleBefore a recorded use before this instant is overwritten
   * @return true if this call wrote
   */
  boolean recordLastUsed(long id, Instant at, Instant staleBefore);

  /**
   * Records a use as {@link #recordLastUsed(long, Instant, Instant)} does, under the same one
   * condition and in the same one write, storing {@code lastUsedIps} as the token's
   * {@linkplain TokenRecord#lastUsedIps() recent client addresses} and
   * {@linkplain TokenRecord#lastUsedIpsAdded() no address added} since. The default ignores the
   * addresses: a store written before addresses were kept goes on working, keeping none.
   *
   * @param id the token's id
   * @param at the time of the use
   * @param staleBefore a recorded use before this instant is overwritten
   * @param lastUsedIps the client addresses to keep, most recent first, at most
   *     {@link TokenRecord#MAX_LAST_USED_IPS}
   * @return true if this call wrote
   */
  default boolean recordLastUsed(long id, Instant at, Instant staleBefore, List<String> lastUsedIps) {
    return recordLastUsed(id, at, staleBefore);
  }

  /**
   * Replaces the token's recent client addresses by {@code lastUsedIps} and counts one more
   * {@linkplain TokenRecord#lastUsedIpsAdded() added} since the last recorded use, only if they
   * still are {@code expected} with {@code expectedAdded} added: one conditional write (a
   * compare-and-set), so of callers racing from the same state exactly one writes, and the
   * authenticator, which stops at {@link TokenRecord#MAX_LAST_USED_IPS} additions, writes a bounded
   * number of times per token and interval. The default keeps no addresses and returns false.
   *
   * @param id the token's id
   * @param expected the addresses the token must still have
   * @param expectedAdded how many must have been added since the last recorded use
   * @param lastUsedIps the addresses to keep instead, most recent first
   * @return true if this call wrote
   */
  default boolean addLastUsedIp(long id, List<String> expected, int expectedAdded,
      List<String> lastUsedIps) {
    return false;
  }

  /**
   * Replaces the digest of token {@code id} if it still equals {@code expected} (pepper
   * rotation: re-keying a token found under a retired key).
   *
   * @param id the token's id
   * @param expected the digest the token must still have
   * @param replacement the new digest
   * @return true if this call replaced it
   */
  boolean replaceDigest(long id, TokenDigest expected, TokenDigest replacement);

  /**
   * Stores {@code checkValue} as the check value of pepper key {@code keyId} unless one is stored
   * for it already, and returns the one stored now. Atomic and linearizable across every instance
   * sharing the store: the first writer wins (a JDBC store inserts under the key id's primary key),
   * so of two instances registering different values at once, both get the winner's value back.
   * Called once per key when {@link io.wvs.auth.WvsAuth} is built, which compares the answer with
   * its own check value and refuses to start on a mismatch.
   *
   * <p>A check value is a keyed digest of a fixed label (ASCII, at most 100 characters), never a
   * pepper; the store keeps it as it is and never deletes it.
   *
   * @param keyId the key id, 1 to 16 of {@code [a-z0-9_-]}
   * @param checkValue the check value to store if none is stored for {@code keyId}
   * @return the check value stored for {@code keyId}: {@code checkValue} if this call stored it or
   *     an equal one was stored, otherwise the one stored earlier; never null
   * @throws io.wvs.auth.StoreUnavailableException if the store fails
   */
  String registerKeyCheck(String keyId, String checkValue);
}
