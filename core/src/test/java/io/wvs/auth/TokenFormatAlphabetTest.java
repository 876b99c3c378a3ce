package io.wvs.auth;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checksum is no licence: a text with a real prefix and a correct CRC32 checksum is still
 * malformed when one character of its body is outside base62.
 */
class TokenFormatAlphabetTest {
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String PREFIX = TokenPolicy.defaults().userTokenPrefix();

  private final TokenFormat format = new TokenFormat(TokenPolicy.builder().userTokenPrefix(PREFIX).build());

  @ParameterizedTest
  @ValueSource(chars = {'-', '_', '!', '/', ':', '@', '[', '`', '{', '~', '\u00e9', '\u00ff'})
  void aBodyCharacterOutsideBase62IsMalformedEvenWithAMatchingChecksum(char outside) {
    String body = "a".repeat(15) + outside + "b".repeat(16);

    assertThat(format.classify(withChecksum(PREFIX + body))).isEqualTo(TokenFormat.Shape.MALFORMED);
    assertThat(format.classify(withChecksum(PREFIX + body.replace(outside, 'c'))))
        .isEqualTo(TokenFormat.Shape.GENERATED);
  }

  /** {@code signed} followed by the base62 CRC32 of its Latin-1 bytes, as the format defines it. */
  private static String withChecksum(String signed) {
    CRC32 crc = new CRC32();
    crc.update(signed.getBytes(ISO_8859_1));
    StringBuilder checksum = new StringBuilder();
    for (long v = crc.getValue(); checksum.length() < 6; v /= 62) {
      checksum.insert(0, BASE62.charAt((int) (v % 62)));
    }
    return signed + checksum;
  }
}
