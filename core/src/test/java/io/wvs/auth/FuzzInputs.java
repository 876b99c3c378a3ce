package io.wvs.auth;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;

/** What the Jazzer fuzz tests of core share: how an input is read, and what a refusal must be. */
final class FuzzInputs {
  /** Room for a refusal and the list of valid scopes, not for an echo of hostile input. */
  private static final int MAX_MESSAGE_LENGTH = 300;

  private FuzzInputs() {}

  /**
   * The texts one input stands for, so that a checked-in seed is readable text and the fuzzer
   * still reaches every Java string: the bytes read as UTF-8 (what servers usually do), as
   * ISO-8859-1 (what HTTP/1.1 header parsing does) and as raw UTF-16 code units (any string at
   * all, unpaired surrogates included).
   */
  static List<String> texts(byte[] data) {
    char[] units = new char[data.length / 2];
    for (int i = 0; i < units.length; i++) {
      units[i] = (char) ((data[2 * i] & 0xff) << 8 | (data[2 * i + 1] & 0xff));
    }
    return List.of(new String(data, UTF_8), new String(data, ISO_8859_1), new String(units));
  }

  /**
   * What {@code parse} returns, or null when it refuses with {@code refusal}, the documented type,
   * whose message must be short and safe to log (no line breaks or other control characters).
   * Any other exception propagates: the fuzzer reports it.
   */
  static <T> T parsedOrRefused(Supplier<T> parse, Class<? extends RuntimeException> refusal) {
    try {
      return parse.get();
    } catch (RuntimeException e) {
      if (!refusal.isInstance(e)) {
        throw e;
      }
      assertThat(e.getMessage()).as("refusal message").hasSizeLessThan(MAX_MESSAGE_LENGTH)
          .doesNotContainPattern("\\p{Cc}");
      return null;
    }
  }
}
