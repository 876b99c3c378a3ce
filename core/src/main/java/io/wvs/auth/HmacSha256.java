package io.wvs.auth;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) of a text under one key, over the JDK's SHA-256, written into a buffer of
 * its own: the value {@code javax.crypto.Mac} ("HmacSHA256") gives, without the two arrays that
 * {@code Mac} allocates per digest (its inner hash and its result). Used once per authentication, so
 * what it allocates is paid on every request. Not thread-safe: {@link DigestKeyring} keeps one per
 * thread and key.
 */
final class HmacSha256 {
  /** SHA-256's block size: the key is padded (or first hashed) to it. */
  private static final int BLOCK_BYTES = 64;
  static final int LENGTH = 32;

  private final MessageDigest sha256;
  private final byte[] innerPad = new byte[BLOCK_BYTES];
  private final byte[] outerPad = new byte[BLOCK_BYTES];
  /** A token's ASCII bytes (every token the authenticator digests is printable ASCII). */
  private final byte[] text = new byte[TokenFormat.MAX_LENGTH];
  private final byte[] result = new byte[LENGTH];

  HmacSha256(byte[] key) throws GeneralSecurityException {
    this.sha256 = MessageDigest.getInstance("SHA-256");
    byte[] k = key.length > BLOCK_BYTES ? sha256.digest(key) : key;
    for (int i = 0; i < BLOCK_BYTES; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
    if (k != key) {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * HMAC-SHA256 of {@code token}'s UTF-8 bytes. The answer is this instance's own buffer, valid
   * until its next call: copy it (as {@code TokenDigest.of} does) before calling again.
   */
  byte[] mac(String token) {
    sha256.update(innerPad);
    int length = token.length();
    if (length <= text.length && isAscii(token)) {
      for (int i = 0; i < length; i++) {
        text[i] = (byte) token.charAt(i); // ASCII: its UTF-8 byte is the character
      }
      sha256.update(text, 0, length);
    } else {
      sha256.update(token.getBytes(StandardCharsets.UTF_8));
    }
    try {
      sha256.digest(result, 0, LENGTH);
      sha256.update(outerPad);
      sha256.update(result, 0, LENGTH);
      sha256.digest(result, 0, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
    }
    return result;
  }

  private static boolean isAscii(String s) {
    int any = 0;
    for (int i = 0; i < s.length(); i++) {
      any |= s.charAt(i);
    }
    return any < 0x80;
  }
}
