package io.wvs.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The token text format: {@code <prefix><body><checksum>}. The body is {@value #BODY_LENGTH}
 * base62 characters drawn uniformly from {@link SecureRandom} (about 190 bits); the checksum is the
 * CRC32 of prefix and body, as {@value #CHECKSUM_LENGTH} base62 characters. A mistyped or forged
 * token is recognised here, without a digest or a store call.
 *
 * <p>Predetermined tokens (seed 002) carry no checksum: any printable ASCII text of
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

  private final String userPrefix;
  private final String deployPrefix;

  TokenFormat(String userPrefix, String deployPrefix) {
    this.userPrefix = userPrefix;
    this.deployPrefix = deployPrefix;
  }

  String prefixFor(TokenType type) {
    return type == TokenType.DEPLOY ? deployPrefix : userPrefix;
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

  /** Classifies {@code text} cheaply: length, alphabet, prefix and checksum. Never throws. */
  Shape classify(String text) {
    if (text == null || text.length() < MIN_PREDETERMINED_LENGTH || text.length() > MAX_LENGTH) {
      return Shape.MALFORMED;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return Shape.MALFORMED;
      }
    }
    String prefix = text.startsWith(userPrefix) ? userPrefix
        : text.startsWith(deployPrefix) ? deployPrefix : null;
    if (prefix == null) {
      return Shape.PREDETERMINED;
    }
    return hasValidChecksum(text, prefix) ? Shape.GENERATED : Shape.MALFORMED;
  }

  /** Whether {@code text} starts with a prefix reserved for generated tokens. */
  boolean hasGeneratedPrefix(String text) {
    return text.startsWith(userPrefix) || text.startsWith(deployPrefix);
  }

  private static boolean hasValidChecksum(String text, String prefix) {
    int signed = prefix.length() + BODY_LENGTH;
    if (text.length() != signed + CHECKSUM_LENGTH) {
      return false;
    }
    CRC32 crc = new CRC32();
    for (int i = 0; i < signed; i++) {
      char c = text.charAt(i);
      if (i >= prefix.length() && base62Value(c) < 0) {
        return false;
      }
      crc.update(c);
    }
    long expected = 0;
    for (int i = signed; i < text.length(); i++) {
      int v = base62Value(text.charAt(i));
      if (v < 0) {
        return false;
      }
      expected = expected * 62 + v;
    }
    return expected == crc.getValue();
  }

  private static long crc(char[] chars, int length) {
    CRC32 crc = new CRC32();
    byte[] bytes = new String(chars, 0, length).getBytes(StandardCharsets.US_ASCII);
    crc.update(bytes);
    return crc.getValue();
  }

  private static int base62Value(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 36;
    }
    return -1;
  }
}
