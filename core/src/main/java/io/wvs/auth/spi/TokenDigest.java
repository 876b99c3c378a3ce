package io.wvs.auth.spi;

import com.google.common.io.BaseEncoding;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The keyed digest of a token, tagged with the id of the key that made it. This is what a store
 * keeps and indexes instead of the token. Its text form, {@link #encoded()}, is
 * {@code <keyId>:<lower-case hex>}: ASCII, case-stable and safe as a unique index key on any
 * database collation. Immutable; {@link #equals} compares in constant time.
 *
 * <p>A digest of {@value #HMAC_SHA256_BYTES} bytes (every HMAC-SHA256) is held in four {@code long}s
 * rather than an array: one small object per authentication, hashed and compared in a few
 * instructions. The class is sealed; its forms are private.
 *
 * @since 0.1
 */
public abstract sealed class TokenDigest {
  /** The length of an HMAC-SHA256 digest, the common case, held without an array. */
  static final int HMAC_SHA256_BYTES = 32;
  private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final String keyId;

  private TokenDigest(String keyId) {
    this.keyId = keyId;
  }

  /**
   * A digest of {@code value} (copied) made with key {@code keyId}.
   *
   * @param keyId the key id, 1 to 16 of {@code [a-z0-9_-]}
   * @param value the digest bytes, 16 to 64
   * @return the digest
   * @throws IllegalArgumentException if the key id or the length is not as above
   */
  public static TokenDigest of(String keyId, byte[] value) {
    if (!isValidKeyId(keyId)) {
      throw new IllegalArgumentException("key id must match [a-z0-9_-]{1,16}");
    }
    if (value == null || value.length < 16 || value.length > 64) {
      throw new IllegalArgumentException("digest must be 16 to 64 bytes");
    }
    return value.length == HMAC_SHA256_BYTES ? new Words(keyId, value) : new Bytes(keyId, value.clone());
  }

  /**
   * Parses the text form produced by {@link #encoded()}.
   *
   * @param encoded the text form
   * @return the digest
   * @throws IllegalArgumentException if {@code encoded} is not such a text
   */
  public static TokenDigest parse(String encoded) {
    int colon = encoded == null ? -1 : encoded.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not an encoded token digest");
    }
    if (encoded.length() - colon - 1 == 2 * HMAC_SHA256_BYTES) {
      // The common case, read straight into the four words: a store parses one per row it reads.
      String keyId = encoded.substring(0, colon);
      if (!isValidKeyId(keyId) || !isLowerHex(encoded, colon + 1)) {
        throw new IllegalArgumentException("not an encoded token digest");
      }
      return new Words(keyId, hexWord(encoded, colon + 1), hexWord(encoded, colon + 17),
          hexWord(encoded, colon + 33), hexWord(encoded, colon + 49));
    }
    try {
      return of(encoded.substring(0, colon), HEX.decode(encoded.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an encoded token digest", e);
    }
  }

  /** Whether the rest of {@code text} from {@code from} is lower-case hex digits only. */
  private static boolean isLowerHex(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The 64-bit word the 16 lower-case hex digits of {@code text} from {@code from} spell. */
  private static long hexWord(String text, int from) {
    long word = 0;
    for (int i = from; i < from + 16; i++) {
      char c = text.charAt(i);
      word = (word << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return word;
  }

  /**
   * Whether {@code keyId} is a well-formed key id: 1 to 16 of {@code [a-z0-9_-]}.
   *
   * @param keyId a proposed key id
   * @return true if it is well-formed
   */
  public static boolean isValidKeyId(String keyId) {
    if (keyId == null || keyId.isEmpty() || keyId.length() > 16) {
      return false;
    }
    for (int i = 0; i < keyId.length(); i++) {
      char c = keyId.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@return the id of the key that made this digest} */
  public final String keyId() {
    return keyId;
  }

  /** {@return a copy of the digest bytes} */
  public abstract byte[] bytes();

  /** {@return {@code <keyId>:<hex>}, the form stores index (a new String each call)} */
  public final String encoded() {
    // Made on each call, not kept: a lookup in memory needs only the digest, and a store that
    // indexes the text asks once per operation. Built by hand: a formatter costs as much as the HMAC.
    int length = length();
    char[] out = new char[keyId.length() + 1 + length * 2];
    keyId.getChars(0, keyId.length(), out, 0);
    int at = keyId.length();
    out[at++] = ':';
    for (int i = 0; i < length; i++) {
      int b = byteAt(i);
      out[at++] = HEX_DIGITS[(b >> 4) & 0xf];
      out[at++] = HEX_DIGITS[b & 0xf];
    }
    return new String(out);
  }

  abstract int length();

  abstract int byteAt(int i);

  /** Whether the digest bytes equal {@code other}'s, in time that does not depend on where they differ. */
  abstract boolean sameBytes(TokenDigest other);

  @Override
  public final boolean equals(Object o) {
    // Constant time, so that comparing a presented digest with a stored one leaks no prefix length.
    return o instanceof TokenDigest d && keyId.equals(d.keyId) && sameBytes(d);
  }

  @Override
  public abstract int hashCode();

  /** The key id and the first bytes only; a digest is not secret, but there is no need to print it. */
  @Override
  public final String toString() {
    return "TokenDigest{" + keyId + ":" + encoded().substring(keyId.length() + 1, keyId.length() + 9) + "…}";
  }

  /** A 32-byte digest as four big-endian words. */
  private static final class Words extends TokenDigest {
    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    Words(String keyId, byte[] value) {
      this(keyId, (long) LONGS.get(value, 0), (long) LONGS.get(value, 8), (long) LONGS.get(value, 16),
          (long) LONGS.get(value, 24));
    }

    Words(String keyId, long w0, long w1, long w2, long w3) {
      super(keyId);
      this.w0 = w0;
      this.w1 = w1;
      this.w2 = w2;
      this.w3 = w3;
    }

    @Override
    public byte[] bytes() {
      byte[] out = new byte[HMAC_SHA256_BYTES];
      LONGS.set(out, 0, w0);
      LONGS.set(out, 8, w1);
      LONGS.set(out, 16, w2);
      LONGS.set(out, 24, w3);
      return out;
    }

    @Override
    int length() {
      return HMAC_SHA256_BYTES;
    }

    @Override
    int byteAt(int i) {
      long word = i < 8 ? w0 : i < 16 ? w1 : i < 24 ? w2 : w3;
      return (int) (word >>> (56 - 8 * (i & 7))) & 0xff;
    }

    @Override
    boolean sameBytes(TokenDigest other) {
      if (!(other instanceof Words o)) {
        return false; // another length: lengths are not secret
      }
      // Every word is compared, with no branch between them: constant time, as MessageDigest.isEqual.
      return ((w0 ^ o.w0) | (w1 ^ o.w1) | (w2 ^ o.w2) | (w3 ^ o.w3)) == 0;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(((w0 * 31 + w1) * 31 + w2) * 31 + w3);
    }
  }

  /** A digest of another length, 16 to 64 bytes. */
  private static final class Bytes extends TokenDigest {
    private final byte[] value;

    Bytes(String keyId, byte[] value) {
      super(keyId);
      this.value = value;
    }

    @Override
    public byte[] bytes() {
      return value.clone();
    }

    @Override
    int length() {
      return value.length;
    }

    @Override
    int byteAt(int i) {
      return value[i] & 0xff;
    }

    @Override
    boolean sameBytes(TokenDigest other) {
      return other instanceof Bytes o && MessageDigest.isEqual(value, o.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }
  }
}
