package io.wvs.auth;

import java.util.List;

/**
 * A pepper of the keyring is not the one the token store knows for its key id: another instance
 * sharing the store registered a different pepper under that key id first (or the pepper was
 * lost and replaced). Tokens digested under either pepper would not authenticate on the other
 * instances, so {@link WvsAuth.Builder#build()} refuses to start. The message names the key ids
 * and what to do; it never contains a pepper or a check value.
 *
 * <p>To fix it, either give this instance the same pepper as the instances that share the store,
 * or, to change the pepper, give the new pepper a new key id and keep the old pepper under its old
 * key id as retired ({@code DigestKeyring.builder().current("k2", newPepper).retired("k1",
 * oldPepper)}).
 *
 * @since 0.1
 */
public final class PepperMismatchException extends WvsAuthException {
  private static final long serialVersionUID = 1L;

  /** The key ids whose peppers do not match; immutable. */
  private final List<String> keyIds;

  PepperMismatchException(List<String> keyIds) {
    super(message(keyIds));
    this.keyIds = List.copyOf(keyIds);
  }

  /**
   * The key ids whose pepper does not match the check value the store holds for them.
   *
   * @return the key ids, in the keyring's order (the current key first); never empty
   */
  public List<String> keyIds() {
    return keyIds;
  }

  private static String message(List<String> keyIds) {
    String quoted = "'" + String.join("', '", keyIds) + "'";
    if (keyIds.size() == 1) {
      return "the pepper for key id " + quoted + " does not match the check value the token store"
          + " holds for " + quoted + ": the instance that registered it uses a different pepper"
          + " under that key id, so tokens made here would be refused there and theirs here."
          + " Refusing to start. Use the same pepper as the other instances sharing the store, or"
          + " give the new pepper a new key id and keep the old pepper, under " + quoted
          + ", as a retired key";
    }
    return "the peppers for key ids " + quoted + " do not match the check values the token store"
        + " holds for them: the instances that registered them use different peppers under those"
        + " key ids, so tokens made here would be refused there and theirs here. Refusing to start."
        + " Use the same peppers as the other instances sharing the store, or give each new pepper"
        + " a new key id and keep the old peppers, under " + quoted + ", as retired keys";
  }
}
