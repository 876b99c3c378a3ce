package io.wvs.auth;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;

/**
 * The texts one fuzz input stands for, so that a checked-in seed is readable text and the fuzzer
 * still reaches every Java string: the bytes read as UTF-8 (what servers usually do), as
 * ISO-8859-1 (what HTTP/1.1 header parsing does) and as raw UTF-16 code units (any string at all,
 * lone surrogates included).
 */
final class FuzzInputs {
  private FuzzInputs() {}

  static List<String> texts(byte[] data) {
    char[] units = new char[data.length / 2];
    for (int i = 0; i < units.length; i++) {
      units[i] = (char) ((data[2 * i] & 0xff) << 8 | (data[2 * i + 1] & 0xff));
    }
    return List.of(new String(data, UTF_8), new String(data, ISO_8859_1), new String(units));
  }

  /** Whether {@code message} is safe to log: no line breaks or other control characters. */
  static boolean isPrintable(String message) {
    return message != null && message.chars().noneMatch(Character::isISOControl);
  }
}
