package io.wvs.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wvs.auth.TokenFormat.Shape;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Fuzzes {@link TokenFormat#classify}, the first thing every presented credential meets. It never
 * throws, and its answer is exactly the format's definition, recomputed here the slow, obvious
 * way: GENERATED only for a real prefix, 32 base62 characters and the base62 CRC32 of the two;
 * PREDETERMINED only for 20 to 255 printable ASCII characters that neither start with a real
 * prefix nor are a generated token with its prefix mistyped; MALFORMED for everything else.
 * Seeds in {@code TokenFormatFuzzTestInputs}; README, "Fuzzing".
 */
class TokenFormatFuzzTest {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final TokenPolicy POLICY = TokenPolicy.defaults();
  private static final List<String> PREFIXES =
      List.of(POLICY.userTokenPrefix(), POLICY.deployTokenPrefix());

  private final TokenFormat format =
      new TokenFormat(POLICY);

  @FuzzTest(maxDuration = "5m")
  void classifyAnswersExactlyTheFormatsDefinition(byte[] data) {
    for (String text : FuzzInputs.texts(data)) {
      assertThat(format.classify(text)).as("shape of %s", text).isEqualTo(definedShape(text));
    }
  }

  static Shape definedShape(String text) {
    if (text.length() < 20 || text.length() > 255) {
      return Shape.MALFORMED;
    }
    for (String prefix : PREFIXES) {
      if (text.startsWith(prefix)) {
        return isGenerated(text, prefix) ? Shape.GENERATED : Shape.MALFORMED;
      }
    }
    if (!text.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      return Shape.MALFORMED;
    }
    for (String prefix : PREFIXES) {
      if (text.length() > prefix.length()
          && isGenerated(prefix + text.substring(prefix.length()), prefix)) {
        return Shape.MALFORMED; // a generated token whose prefix was mistyped
      }
    }
    return Shape.PREDETERMINED;
  }

  private static boolean isGenerated(String text, String prefix) {
    String body = text.substring(prefix.length());
    if (body.length() != 38 || !body.chars().allMatch(c -> BASE62.indexOf(c) >= 0)) {
      return false;
    }
    CRC32 crc = new CRC32();
    crc.update((prefix + body.substring(0, 32)).getBytes(US_ASCII));
    StringBuilder checksum = new StringBuilder();
    for (long v = crc.getValue(); checksum.length() < 6; v /= 62) {
      checksum.insert(0, BASE62.charAt((int) (v % 62)));
    }
    return body.endsWith(checksum.toString());
  }
}
