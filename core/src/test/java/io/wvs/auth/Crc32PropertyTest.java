package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The allocation-free checksum is the CRC-32 of the JDK, for every prefix and Latin-1 text. */
class Crc32PropertyTest {

  @Property(tries = 500)
  void theChecksumIsTheJdksCrc32OfPrefixAndText(
      @ForAll @Size(max = 12) byte[] prefix,
      @ForAll @StringLength(max = 80) @CharRange(from = 0, to = 255) String text) {
    assertThat(Crc32.of(prefix, text, 0, text.length())).isEqualTo(jdkCrc32(prefix, text));
  }

  @Property(tries = 200)
  void aRangeOfTheTextIsChecksummedAlone(
      @ForAll @StringLength(min = 2, max = 60) @CharRange(from = 'A', to = 'z') String text) {
    int from = 1;
    int to = text.length() - 1;
    CRC32 jdk = new CRC32();
    jdk.update(text.substring(from, to).getBytes(StandardCharsets.ISO_8859_1));

    assertThat(Crc32.of(new byte[0], text, from, to)).isEqualTo(jdk.getValue());
  }

  @Property(tries = 300)
  void aPrefixsStateComputedOnceContinuesAsTheWholeChecksum(
      @ForAll @Size(max = 12) byte[] prefix,
      @ForAll @StringLength(max = 80) @CharRange(from = 0, to = 255) String text) {
    int state = Crc32.stateAfter(prefix);

    assertThat(Crc32.continued(state, text, 0, text.length())).isEqualTo(jdkCrc32(prefix, text));
    assertThat(Crc32.continued(state, text, 0, text.length())).as("the state is not used up")
        .isEqualTo(jdkCrc32(prefix, text));
  }

  private static long jdkCrc32(byte[] prefix, String text) {
    CRC32 jdk = new CRC32();
    jdk.update(prefix);
    jdk.update(text.getBytes(StandardCharsets.ISO_8859_1));
    return jdk.getValue();
  }

  @Property(tries = 500)
  void aBodyCheckedByPositionHasTheChecksumOfOneRun(
      @ForAll @Size(max = 12) byte[] prefix,
      @ForAll @StringLength(min = 32, max = 32) @CharRange(from = 0, to = 127) String body) {
    String text = "ab" + body + "cd";
    int state = Crc32.stateAfter(prefix);

    assertThat(Crc32.continued32(Crc32.carriedPast32(state), text, 2))
        .isEqualTo(Crc32.continued(state, text, 2, 34))
        .isEqualTo(jdkCrc32(prefix, body));
  }

  @Property(tries = 200)
  void aBodyCheckedByPositionReadsEachCharacterModulo128(
      @ForAll @Size(max = 12) byte[] prefix,
      @ForAll @StringLength(min = 32, max = 32) @CharRange(from = 0, to = 0x7ff) String body) {
    StringBuilder ascii = new StringBuilder();
    body.chars().forEach(c -> ascii.append((char) (c & 0x7f)));

    assertThat(Crc32.continued32(Crc32.carriedPast32(Crc32.stateAfter(prefix)), body, 0))
        .isEqualTo(jdkCrc32(prefix, ascii.toString()));
  }
}
