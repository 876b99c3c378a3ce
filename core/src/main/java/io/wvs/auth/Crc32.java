package io.wvs.auth;

/**
 * CRC-32 (IEEE 802.3, the polynomial of {@link java.util.zip.CRC32}) over a byte prefix followed by
 * characters of a text, read as Latin-1 bytes, without allocating: the check of a presented token
 * must not create garbage per request, and {@code java.util.zip.CRC32} only reads byte arrays.
 *
 * <p>A token's body has a fixed length, so its checksum is computed by position: the CRC register
 * is linear in its state and its input, so the register after a prefix and 32 characters is the
 * prefix's state carried past as many zero bytes ({@link #carriedPast32}, computed once per
 * prefix) combined with one table entry per character and position. These reads do not wait on
 * each other.
 */
final class Crc32 {
  /**
   * The characters of a token's body, checked by position ({@link #continued32}, written out for
   * 32).
   */
  static final int BODY = TokenFormat.BODY_LENGTH;

  /** {@code STEP[n]}: the CRC step of byte {@code n}. */
  private static final int[] STEP = new int[256];

  /**
   * {@code AT[(k << 7) + c]}: the register after ASCII character {@code c} at position {@code k}
   * of a body, from a zero register: its step carried past the {@code 31 - k} characters after it.
   */
  private static final int[] AT = new int[BODY << 7];

  static {
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      STEP[n] = c;
    }
    for (int c = 0; c < 128; c++) {
      int register = STEP[c];
      for (int k = BODY - 1; k >= 0; k--) {
        AT[(k << 7) + c] = register;
        register = STEP[register & 0xff] ^ (register >>> 8);
      }
    }
  }

  private Crc32() {}

  /**
   * The CRC-32 of {@code prefix} followed by the low bytes of {@code text}'s characters
   * {@code from} (inclusive) to {@code to} (exclusive).
   */
  static long of(byte[] prefix, String text, int from, int to) {
    return continued(stateAfter(prefix), text, from, to);
  }

  /**
   * The running state after {@code prefix}, to hand to {@link #continued}: a token's prefix is
   * one of a few fixed texts, so its share of the checksum is computed once, not per request.
   */
  static int stateAfter(byte[] prefix) {
    int c = ~0;
    for (byte b : prefix) {
      c = step(c, b);
    }
    return c;
  }

  /**
   * The CRC-32 of what {@code state} ran over ({@link #stateAfter}) followed by the low bytes of
   * {@code text}'s characters {@code from} (inclusive) to {@code to} (exclusive).
   */
  static long continued(int state, String text, int from, int to) {
    int c = state;
    for (int i = from; i < to; i++) {
      c = step(c, text.charAt(i));
    }
    return ~c & 0xffffffffL;
  }

  /**
   * {@code state} ({@link #stateAfter}) carried past 32 zero bytes, to hand to
   * {@link #continued32}.
   */
  static int carriedPast32(int state) {
    int c = state;
    for (int k = 0; k < BODY; k++) {
      c = step(c, 0);
    }
    return c;
  }

  /**
   * {@link #continued} over the 32 characters from {@code from}, given the state already
   * {@linkplain #carriedPast32 carried past them}, for a body of ASCII characters: each character
   * is read modulo 128. A text with other characters gets a value that is not its CRC; a caller
   * checking a token's alphabet refuses it anyway.
   */
  static long continued32(int carried, String text, int from) {
    // Written out, not looped: each table index is then known to stay within its position's
    // 128 entries (no bounds check per character), and four running values mean each XOR waits
    // on a read four characters back, not one.
    int a = carried ^ at(text, from, 0) ^ at(text, from, 4) ^ at(text, from, 8)
        ^ at(text, from, 12) ^ at(text, from, 16) ^ at(text, from, 20) ^ at(text, from, 24)
        ^ at(text, from, 28);
    int b = at(text, from, 1) ^ at(text, from, 5) ^ at(text, from, 9) ^ at(text, from, 13)
        ^ at(text, from, 17) ^ at(text, from, 21) ^ at(text, from, 25) ^ at(text, from, 29);
    int c = at(text, from, 2) ^ at(text, from, 6) ^ at(text, from, 10) ^ at(text, from, 14)
        ^ at(text, from, 18) ^ at(text, from, 22) ^ at(text, from, 26) ^ at(text, from, 30);
    int d = at(text, from, 3) ^ at(text, from, 7) ^ at(text, from, 11) ^ at(text, from, 15)
        ^ at(text, from, 19) ^ at(text, from, 23) ^ at(text, from, 27) ^ at(text, from, 31);
    return ~(a ^ b ^ c ^ d) & 0xffffffffL;
  }

  /** The table entry of character {@code from + k} of {@code text} at body position {@code k}. */
  private static int at(String text, int from, int k) {
    return AT[(k << 7) + (text.charAt(from + k) & 0x7f)];
  }

  private static int step(int c, int b) {
    return STEP[(c ^ b) & 0xff] ^ (c >>> 8);
  }
}
