package io.wvs.auth.spi;

import com.google.common.io.BaseEncoding;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The keyed digest of a token, tagged with the id of the key that made it. This is what a store
 * keeps and indexes instead of the token. Its text form, {@link #encoded()}, is
 * {@code <keyId>:<lower-case hex>}: ASCII, case-stable and safe as a unique index key on any
 * database collation. Immutable; {@link #equals} compares in constant time.
 *
 * @since 0.1
 */
public final class TokenDigest {
  private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  private final String keyId;
  private final byte[] value;

  private TokenDigest(String keyId, byte[] value) {
    if (!isValidKeyId(keyId)) {
      throw new IllegalArgumentException("key id must match [a-z0-9_-]{1,16}");
    }
    if (value == null || value.length < 16 || value.length > 64) {
      throw new IllegalArgumentException("digest must be 16 to 64 bytes");
    }
    this.keyId = keyId;
    this.value = value.clone();
  }

  /**
   * A digest of {@code value} (copied) made with key {@code keyId}.
   *
   * @param keyId the key id, 1 to 16 of {@code [a-z0-9_-]}
   * @param value the digest bytes, 16 to 64
   * @return the digest
   */
  public static TokenDigest of(String keyId, byte[] value) {
    return new TokenDigest(keyId, value);
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
    try {
      return new TokenDigest(encoded.substring(0, colon), HEX.decode(encoded.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an encoded token digest", e);
    }
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

  // Built by hand: this runs once per authentication, and a formatter costs as much as the HMAC.
  private static String encode(String keyId, byte[] value) {
    char[] out = new char[keyId.length() + 1 + value.length * 2];
    keyId.getChars(0, keyId.length(), out, 0);
    int at = keyId.length();
    out[at++] = ':';
    for (byte b : value) {
      out[at++] = HEX_DIGITS[(b >> 4) & 0xf];
      out[at++] = HEX_DIGITS[b & 0xf];
    }
    return new String(out);
  }

  /** {@return the id of the key that made this digest} */
  public String keyId() {
    return keyId;
  }

  /** {@return a copy of the digest bytes} */
  public byte[] bytes() {
    return value.clone();
  }

  /** {@return {@code <keyId>:<hex>}, the form stores index (a new String each call)} */
  public String encoded() {
    // Made on each call, not kept: a lookup in memory needs only the bytes, and a store that
    // indexes the text asks once per operation.
    return encode(keyId, value);
  }

  @Override
  public boolean equals(Object o) {
    // Constant time, so that comparing a presented digest with a stored one leaks no prefix length.
    return o instanceof TokenDigest
        && keyId.equals(((TokenDigest) o).keyId)
        && MessageDigest.isEqual(value, ((TokenDigest) o).value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  /** The key id and the first bytes only; a digest is not secret, but there is no need to print it. */
  @Override
  public String toString() {
    return "TokenDigest{" + keyId + ":" + encoded().substring(keyId.length() + 1, keyId.length() + 9) + "…}";
  }
}
