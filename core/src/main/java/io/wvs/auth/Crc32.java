package io.wvs.auth;

/**
 * CRC-32 (IEEE 802.3, the polynomial of {@link java.util.zip.CRC32}) over a byte prefix followed by
 * characters of a text, read as Latin-1 bytes, without allocating: the check of a presented token
 * must not create garbage per request, and {@code java.util.zip.CRC32} only reads byte arrays.
 * Callers pass characters below 256 only (a token's checksum is checked after its alphabet).
 */
final class Crc32 {
  private static final int[] TABLE = new int[256];

  static {
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      TABLE[n] = c;
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
    for (int i = from; i < to; i++) {
      c = TABLE[(c ^ text.charAt(i)) & 0xff] ^ (c >>> 8);
    }
    return ~c & 0xffffffffL;
  }
}
