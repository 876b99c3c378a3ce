package io.wvs.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The token text format: {@code <prefix><body><checksum>}. The body is {@value #BODY_LENGTH}
 * base62 characters drawn uniformly from {@link SecureRandom} (about 190 bits); the checksum is the
 * CRC32 of prefix and body, as {@value #CHECKSUM_LENGTH} base62 characters. A mistyped or forged
 * token is recognised here, without a digest or a store call.
 *
 * <p>Predetermined tokens (for automation) carry no checksum: any printable ASCII text of
 * {@value #MIN_PREDETERMINED_LENGTH} to {@value #MAX_LENGTH} characters that does not start with a
 * generated prefix. Thread-safe.
 */
final class TokenFormat {
  static final int BODY_LENGTH = 32;
  static final int CHECKSUM_LENGTH = 6;
  static final int MIN_PREDETERMINED_LENGTH = 20;
  static final int MAX_LENGTH = 255;
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /** How a presented text looks before any store is asked. */
  enum Shape {
    /** Cannot be a token: reject without a store call. */
    MALFORMED,
    /** A generated token with a correct checksum. */
    GENERATED,
    /** No generated prefix: possibly a predetermined token, so the store decides. */
    PREDETERMINED
  }

  /** Each type's prefix, as {@link TokenType#prefixIn} declares it under the policy. */
  private final java.util.EnumMap<TokenType, String> prefixByType =
      new java.util.EnumMap<>(TokenType.class);
  /**
   * The distinct prefixes, and the checksum's running state after each carried past a body
   * (same order, see {@link Crc32#continued32}); none is a prefix of another.
   */
  private final String[] prefixes;
  private final int[] prefixStates;

  TokenFormat(TokenPolicy policy) {
    java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
    for (TokenType type : TokenType.values()) {
      String prefix = type.prefixIn(policy);
      prefixByType.put(type, prefix);
      distinct.add(prefix);
    }
    this.prefixes = distinct.toArray(new String[0]);
    this.prefixStates = new int[prefixes.length];
    for (int i = 0; i < prefixes.length; i++) {
      prefixStates[i] =
          Crc32.carriedPast32(Crc32.stateAfter(prefixes[i].getBytes(StandardCharsets.US_ASCII)));
    }
  }

  String prefixFor(TokenType type) {
    return prefixByType.get(type);
  }

  /** A fresh token of {@code type}. */
  String generate(TokenType type, SecureRandom random) {
    String prefix = prefixFor(type);
    char[] out = new char[prefix.length() + BODY_LENGTH + CHECKSUM_LENGTH];
    prefix.getChars(0, prefix.length(), out, 0);
    for (int i = prefix.length(); i < prefix.length() + BODY_LENGTH; i++) {
      out[i] = BASE62[random.nextInt(BASE62.length)];
    }
    long crc = crc(out, prefix.length() + BODY_LENGTH);
    for (int i = out.length - 1; i >= out.length - CHECKSUM_LENGTH; i--) {
      out[i] = BASE62[(int) (crc % 62)];
      crc /= 62;
    }
    return new String(out);
  }

  /**
   * Classifies {@code text} cheaply: length, prefix, alphabet and checksum, without allocating. A text shaped like a generated token whose checksum matches under a real
   * prefix but which carries another prefix is a mistyped prefix: MALFORMED too. Never throws.
   */
  Shape classify(String text) {
    if (text == null || text.length() < MIN_PREDETERMINED_LENGTH || text.length() > MAX_LENGTH) {
      return Shape.MALFORMED;
    }
    for (int p = 0; p < prefixes.length; p++) {
      if (text.startsWith(prefixes[p])) {
        return hasValidChecksum(text, prefixes[p].length(), prefixStates[p]) ? Shape.GENERATED : Shape.MALFORMED;
      }
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return Shape.MALFORMED;
      }
    }
    for (int p = 0; p < prefixes.length; p++) {
      if (hasValidChecksum(text, prefixes[p].length(), prefixStates[p])) {
        return Shape.MALFORMED;
      }
    }
    return Shape.PREDETERMINED;
  }

  /** Whether {@code text} starts with a prefix reserved for generated tokens. */
  boolean hasGeneratedPrefix(String text) {
    for (String prefix : prefixes) {
      if (text.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code text}, read as a prefix of {@code prefixLength} characters whose checksum state
   * carried past a body is {@code prefixState} (in place of its own first characters) followed by
   * a base62 body and checksum, carries a valid checksum. Allocates nothing: a forged token is
   * refused without garbage.
   */
  private static boolean hasValidChecksum(String text, int prefixLength, int prefixState) {
    int signed = prefixLength + BODY_LENGTH;
    int length = signed + CHECKSUM_LENGTH;
    if (text.length() != length) {
      return false;
    }
    // Each checksum digit times its weight, summed: the products do not wait on each other as
    // a running "times 62, plus" would. A character outside the alphabet makes `bad` negative.
    long expected = 0;
    int bad = 0;
    for (int k = 0; k < CHECKSUM_LENGTH; k++) {
      int value = base62Value(text.charAt(signed + k));
      bad |= value;
      expected += value * CHECKSUM_WEIGHTS[k];
    }
    if (bad < 0) {
      return false;
    }
    // The body's alphabet is checked only when the checksum matches: a forged or mistyped token
    // (a wrong checksum) is refused after one pass over its text. The checksum reads the body as
    // ASCII; a body with other characters fails the alphabet check.
    return expected == Crc32.continued32(prefixState, text, prefixLength)
        && inAlphabet(text, prefixLength, signed);
  }

  private static boolean inAlphabet(String text, int from, int to) {
    int bad = 0;
    for (int i = from; i < to; i++) {
      bad |= base62Value(text.charAt(i));
    }
    return bad >= 0;
  }

  /** The value of base62 digit {@code c}, or -1 for any other character. */
  private static int base62Value(char c) {
    return c < 256 ? BASE62_VALUES[c] : -1;
  }

  /** The weight of each checksum digit, most significant first: 62^5 down to 1. */
  private static final long[] CHECKSUM_WEIGHTS = new long[CHECKSUM_LENGTH];

  static {
    long weight = 1;
    for (int k = CHECKSUM_LENGTH - 1; k >= 0; k--) {
      CHECKSUM_WEIGHTS[k] = weight;
      weight *= 62;
    }
  }

  private static long crc(char[] chars, int length) {
    return Crc32.of(new byte[0], new String(chars, 0, length), 0, length);
  }

  private static final byte[] BASE62_VALUES = new byte[256];

  static {
    java.util.Arrays.fill(BASE62_VALUES, (byte) -1);
    for (int i = 0; i < BASE62.length; i++) {
      BASE62_VALUES[BASE62[i]] = (byte) i;
    }
  }
}
