package io.wvs.auth;

/**
 * CRC-32 (IEEE 802.3, the polynomial of {@link java.util.zip.CRC32}) over a byte prefix followed by
 * characters of a text, read as Latin-1 bytes, without allocating: the check of a presented token
 * must not create garbage per request, and {@code java.util.zip.CRC32} only reads byte arrays.
 * Callers pass characters below 256 only (a token's checksum is checked after its alphabet).
 *
 * <p>Eight characters are folded per step (slicing-by-8: eight table lookups that do not wait on
 * each other), and a prefix's share is computed once ({@link #stateAfter}), so refusing a forged
 * token costs four steps over its body.
 */
final class Crc32 {
  /** {@code T[k][n]}: the CRC step of byte {@code n} followed by {@code k} zero bytes. */
  private static final int[] T0 = new int[256];
  private static final int[] T1 = new int[256];
  private static final int[] T2 = new int[256];
  private static final int[] T3 = new int[256];
  private static final int[] T4 = new int[256];
  private static final int[] T5 = new int[256];
  private static final int[] T6 = new int[256];
  private static final int[] T7 = new int[256];

  /** {@code P[k][v]}: the state {@code v << 8k} carried past 16 zero bytes (linear in the state). */
  private static final int[] P0 = new int[256];
  private static final int[] P1 = new int[256];
  private static final int[] P2 = new int[256];
  private static final int[] P3 = new int[256];

  static {
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      T0[n] = c;
    }
    int[][] tables = {T0, T1, T2, T3, T4, T5, T6, T7};
    for (int k = 1; k < tables.length; k++) {
      int[] previous = tables[k - 1];
      for (int n = 0; n < 256; n++) {
        tables[k][n] = (previous[n] >>> 8) ^ T0[previous[n] & 0xff];
      }
    }
    int[][] carried = {P0, P1, P2, P3};
    for (int k = 0; k < carried.length; k++) {
      for (int v = 0; v < 256; v++) {
        int c = v << (8 * k);
        for (int zero = 0; zero < 16; zero++) {
          c = T0[c & 0xff] ^ (c >>> 8);
        }
        carried[k][v] = c;
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
      c = T0[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    return c;
  }

  /**
   * The CRC-32 of what {@code state} ran over ({@link #stateAfter}) followed by the low bytes of
   * {@code text}'s characters {@code from} (inclusive) to {@code to} (exclusive).
   */
  static long continued(int state, String text, int from, int to) {
    int c = state;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      c = fold8(c, text, i);
    }
    for (; i < to; i++) {
      c = T0[(c ^ text.charAt(i)) & 0xff] ^ (c >>> 8);
    }
    return ~c & 0xffffffffL;
  }

  /**
   * {@link #continued} over exactly 32 characters from {@code from}, in two halves that do not wait
   * on each other: the second half runs from state zero while the first runs from {@code state},
   * then the first half's state is carried past the second half's 16 bytes by four table reads
   * and the two are combined. The CRC register is linear in its state and its input, so this is
   * the same value (zlib's {@code crc32_combine}, with the shift as tables); the chain of
   * dependent steps is three long instead of four.
   */
  static long continued32(int state, String text, int from) {
    int first = fold8(fold8(state, text, from), text, from + 8);
    int second = fold8(fold8(0, text, from + 16), text, from + 24);
    int c = P0[first & 0xff] ^ P1[(first >>> 8) & 0xff] ^ P2[(first >>> 16) & 0xff] ^ P3[first >>> 24]
        ^ second;
    return ~c & 0xffffffffL;
  }

  /** The running state {@code c} after the low bytes of {@code text}'s characters {@code i} to {@code i + 8}. */
  private static int fold8(int c, String text, int i) {
    int low = c ^ ((text.charAt(i) & 0xff) | (text.charAt(i + 1) & 0xff) << 8
        | (text.charAt(i + 2) & 0xff) << 16 | (text.charAt(i + 3) & 0xff) << 24);
    int high = (text.charAt(i + 4) & 0xff) | (text.charAt(i + 5) & 0xff) << 8
        | (text.charAt(i + 6) & 0xff) << 16 | (text.charAt(i + 7) & 0xff) << 24;
    return T7[low & 0xff] ^ T6[(low >>> 8) & 0xff] ^ T5[(low >>> 16) & 0xff] ^ T4[low >>> 24]
        ^ T3[high & 0xff] ^ T2[(high >>> 8) & 0xff] ^ T1[(high >>> 16) & 0xff] ^ T0[high >>> 24];
  }
}
