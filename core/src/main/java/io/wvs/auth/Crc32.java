package io.wvs.auth;

/**
 * CRC-32 (IEEE 802.3, the polynomial of {@link java.util.zip.CRC32}) over a byte prefix followed by
 * characters of a text, read as Latin-1 bytes, without allocating: the check of a presented token
 * must not create garbage per request, and {@code java.util.zip.CRC32} only reads byte arrays.
 * Callers pass characters below 256 only (a token's checksum is checked after its alphabet).
 */
final class Crc32 {
  private static final int[] TABLE = new int[256];
  /** Slicing-by-4 tables: {@code T1[n]} is {@code n} followed by one zero byte, and so on. */
  private static final int[] T1 = new int[256];
  private static final int[] T2 = new int[256];
  private static final int[] T3 = new int[256];

  static {
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      TABLE[n] = c;
    }
    for (int n = 0; n < 256; n++) {
      T1[n] = (TABLE[n] >>> 8) ^ TABLE[TABLE[n] & 0xff];
      T2[n] = (T1[n] >>> 8) ^ TABLE[T1[n] & 0xff];
      T3[n] = (T2[n] >>> 8) ^ TABLE[T2[n] & 0xff];
    }
  }

  private Crc32() {}

  /**
   * The CRC-32 of {@code prefix} followed by the low bytes of {@code text}'s characters
   * {@code from} (inclusive) to {@code to} (exclusive).
   */
  static long of(byte[] prefix, CharSequence text, int from, int to) {
    int c = ~0;
    for (byte b : prefix) {
      c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    int i = from;
    for (; i + 4 <= to; i += 4) {
      c ^= (text.charAt(i) & 0xff) | (text.charAt(i + 1) & 0xff) << 8
          | (text.charAt(i + 2) & 0xff) << 16 | (text.charAt(i + 3) & 0xff) << 24;
      c = T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ TABLE[c >>> 24];
    }
    for (; i < to; i++) {
      c = TABLE[(c ^ text.charAt(i)) & 0xff] ^ (c >>> 8);
    }
    return ~c & 0xffffffffL;
  }
}
