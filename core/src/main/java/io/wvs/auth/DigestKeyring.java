package io.wvs.auth;

import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host's peppers: secret keys for the HMAC-SHA256 digests under which tokens are stored. One
 * key is current (new tokens, and lookups first); retired keys still verify older tokens, which are
 * re-keyed to the current key on their next use. So a pepper can be rotated without invalidating a
 * single token. Immutable and thread-safe; {@link #toString()} shows key ids only.
 *
 * <p>Every instance that shares a token store must use the same pepper under a key id. The store
 * therefore keeps, per key id, a check value: the HMAC-SHA256 under that key's pepper of the fixed
 * label {@value #KEY_CHECK_LABEL} (never the pepper itself; the label has spaces, which no token
 * may have, so no token's digest equals it).
 * {@link WvsAuth.Builder#build()} registers it for every key of the keyring that has none yet and
 * compares it for every key that has one, so an instance given another pepper under a known key id
 * refuses to start with a {@link PepperMismatchException} instead of silently refusing the other
 * instances' tokens (and they its).
 *
 * <pre>{@code
 * DigestKeyring.builder().current("k2", newPepper).retired("k1", oldPepper).build();
 * }</pre>
 *
 * @since 0.1
 */
public final class DigestKeyring {
  /** Minimum pepper length in bytes (256 bits). */
  public static final int MIN_PEPPER_BYTES = 32;
  /** The fixed text whose HMAC under a key's pepper is that key's check value in the store. */
  static final String KEY_CHECK_LABEL = "wvs-auth key check v1";
  private static final String HMAC = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final List<Key> keys;

  private DigestKeyring(List<Key> keys) {
    this.keys = Collections.unmodifiableList(keys);
  }

  /**
   * A keyring with the single key {@code keyId}; the pepper is copied.
   *
   * @param keyId the key id stored with each digest (short, stable, e.g. {@code k1})
   * @param pepper the secret HMAC key, at least 32 bytes; copied
   * @return the keyring
   */
  public static DigestKeyring of(String keyId, byte[] pepper) {
    return builder().current(keyId, pepper).build();
  }

  /**
   * Starts a keyring.
   *
   * @return a builder of a keyring
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the id of the current key} */
  public String currentKeyId() {
    return keys.get(0).id;
  }

  /** {@return the ids of every key, the current one first; immutable} */
  public List<String> keyIds() {
    List<String> ids = new ArrayList<>(keys.size());
    keys.forEach(k -> ids.add(k.id));
    return Collections.unmodifiableList(ids);
  }

  /** The digest of {@code token} under the current key. */
  TokenDigest currentDigest(String token) {
    return keys.get(0).digest(token);
  }

  /** The digests of {@code token} under the retired keys, newest first; empty (not allocated) for none. */
  List<TokenDigest> retiredDigests(String token) {
    if (keys.size() == 1) {
      return List.of();
    }
    List<TokenDigest> out = new ArrayList<>(keys.size() - 1);
    for (int i = 1; i < keys.size(); i++) {
      out.add(keys.get(i).digest(token));
    }
    return out;
  }

  /** The digest of {@code token} under every key, the current key first. */
  List<TokenDigest> digests(String token) {
    return currentFirst(currentDigest(token), retiredDigests(token));
  }

  /** {@code current} followed by {@code retired}: the candidates a store is asked with. */
  static List<TokenDigest> currentFirst(TokenDigest current, List<TokenDigest> retired) {
    if (retired.isEmpty()) {
      return Collections.singletonList(current);
    }
    List<TokenDigest> all = new ArrayList<>(1 + retired.size());
    all.add(current);
    all.addAll(retired);
    return all;
  }

  /**
   * Registers the check value of every key (the current one first) in {@code store} where it has
   * none, and compares it where it has one.
   *
   * @throws PepperMismatchException if a key's pepper does not match the check value stored for
   *     its key id; names the key ids, never a pepper or check value
   * @throws StoreUnavailableException if the store cannot answer
   */
  void verifyAgainst(TokenStore store) {
    List<String> mismatched = new ArrayList<>();
    for (Key k : keys) {
      String check = k.checkValue();
      String stored = store.registerKeyCheck(k.id, check);
      if (stored == null) {
        throw new StoreUnavailableException("the token store returned no check value for key id '"
            + k.id + "'");
      }
      // Constant time, as for every digest comparison: how long the comparison takes must not
      // tell how much of the stored value this pepper's check value shares.
      if (!MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8),
          check.getBytes(StandardCharsets.UTF_8))) {
        mismatched.add(k.id);
      }
    }
    if (!mismatched.isEmpty()) {
      throw new PepperMismatchException(mismatched);
    }
  }

  @Override
  public String toString() {
    List<String> ids = new ArrayList<>();
    keys.forEach(k -> ids.add(k.id));
    return "DigestKeyring{keys=" + ids + ", peppers=[masked]}";
  }

  private static final class Key {
    final String id;
    final SecretKeySpec spec;
    final ThreadLocal<Mac> mac;
    /** Per thread: the token digests, allocation-free apart from the digest's own copy. */
    final ThreadLocal<HmacSha256> tokenMac;

    Key(String id, byte[] pepper) {
      this.id = id;
      this.spec = new SecretKeySpec(pepper, HMAC);
      this.mac = ThreadLocal.withInitial(this::newMac);
      this.tokenMac = ThreadLocal.withInitial(this::newTokenMac);
      newMac(); // fail at build time, not on the first request
      newTokenMac();
    }

    private HmacSha256 newTokenMac() {
      byte[] pepper = spec.getEncoded();
      try {
        return new HmacSha256(pepper);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
      } finally {
        Arrays.fill(pepper, (byte) 0);
      }
    }

    private Mac newMac() {
      try {
        Mac m = Mac.getInstance(HMAC);
        m.init(spec);
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
      }
    }

    TokenDigest digest(String token) {
      return TokenDigest.of(id, tokenMac.get().mac(token)); // of() copies the thread's buffer
    }

    /** The HMAC of {@link #KEY_CHECK_LABEL} under this key, in lower-case hex (64 characters). */
    String checkValue() {
      byte[] mac = this.mac.get().doFinal(KEY_CHECK_LABEL.getBytes(StandardCharsets.US_ASCII));
      char[] out = new char[mac.length * 2];
      for (int i = 0; i < mac.length; i++) {
        out[2 * i] = HEX[(mac[i] >> 4) & 0xf];
        out[2 * i + 1] = HEX[mac[i] & 0xf];
      }
      return new String(out);
    }
  }

  /** Builds a {@link DigestKeyring}; not thread-safe. */
  public static final class Builder {
    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private String current;
    private boolean built;

    private Builder() {}

    /**
     * The key new tokens are digested with. Required, exactly once.
     *
     * @param keyId the key id stored with each digest (short, stable, e.g. {@code k1})
     * @param pepper the secret HMAC key, at least 32 bytes; copied
     * @return this builder
     */
    public Builder current(String keyId, byte[] pepper) {
      if (current != null) {
        throw new IllegalStateException("current key was already set to '" + current + "'");
      }
      add(keyId, pepper);
      current = keyId;
      return this;
    }

    /**
     * A former key, still accepted for tokens digested with it.
     *
     * @param keyId the key id stored with each digest (short, stable, e.g. {@code k1})
     * @param pepper the secret HMAC key, at least 32 bytes; copied
     * @return this builder
     */
    public Builder retired(String keyId, byte[] pepper) {
      add(keyId, pepper);
      return this;
    }

    private void add(String keyId, byte[] pepper) {
      if (!TokenDigest.isValidKeyId(keyId)) {
        throw new IllegalArgumentException("key id must match [a-z0-9_-]{1,16}, was '" + keyId + "'");
      }
      if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
        throw new IllegalArgumentException("pepper for key '" + keyId + "' must be at least "
            + MIN_PEPPER_BYTES + " bytes, was " + (pepper == null ? "null" : pepper.length));
      }
      if (keys.containsKey(keyId)) {
        throw new IllegalArgumentException("key id '" + keyId + "' given twice");
      }
      keys.put(keyId, pepper.clone());
    }

    /**
     * Builds the keyring and wipes this builder's copies of the peppers.
     *
     * @return the new keyring
     * @throws IllegalStateException if no current key was set, or this builder already built
     */
    public DigestKeyring build() {
      if (built) {
        throw new IllegalStateException("this builder already built a keyring; its peppers are wiped");
      }
      if (current == null) {
        throw new IllegalStateException("a current key is required");
      }
      List<Key> list = new ArrayList<>();
      list.add(new Key(current, keys.get(current)));
      keys.forEach((id, pepper) -> {
        if (!id.equals(current)) {
          list.add(new Key(id, pepper));
        }
      });
      keys.values().forEach(p -> Arrays.fill(p, (byte) 0));
      built = true;
      return new DigestKeyring(list);
    }
  }
}
