package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free token digest is the JDK's HmacSHA256 of the token's UTF-8 bytes under the
 * pepper, for every key length and text (ASCII, non-ASCII, longer than any token), also when one
 * instance digests many texts in turn.
 */
class HmacSha256PropertyTest {

  @Property(tries = 300)
  void aTokenDigestIsTheJdksHmacSha256OfItsUtf8BytesUnderThePepper(
      @ForAll @Size(min = 1, max = 100) byte[] pepper,
      @ForAll @StringLength(max = 300) String first,
      @ForAll @StringLength(max = 300) String second) throws Exception {
    HmacSha256 ours = new HmacSha256(pepper);
    Mac jdk = Mac.getInstance("HmacSHA256");
    jdk.init(new SecretKeySpec(pepper, "HmacSHA256"));

    for (String text : new String[] {first, second, first}) {
      assertThat(ours.mac(text)).isEqualTo(jdk.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aTokenDigestIsTheJdksHmacSha256ForTokensOfEveryLengthUpToTheMaximum() throws Exception {
    byte[] pepper = new byte[DigestKeyring.MIN_PEPPER_BYTES];
    pepper[3] = 7;
    HmacSha256 ours = new HmacSha256(pepper);
    Mac jdk = Mac.getInstance("HmacSHA256");
    jdk.init(new SecretKeySpec(pepper, "HmacSHA256"));
    StringBuilder text = new StringBuilder();
    for (int length = 0; length <= TokenFormat.MAX_LENGTH + 1; length++) {
      assertThat(ours.mac(text.toString()))
          .isEqualTo(jdk.doFinal(text.toString().getBytes(StandardCharsets.US_ASCII)));
      text.append((char) ('!' + length % 90));
    }
  }

  @Property(tries = 300)
  void lastUseIsStaleExactlyWhenItIsBeforeNowMinusTheInterval(
      @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long lastUsedOffsetMillis,
      @ForAll @LongRange(min = 1_000, max = 604_800_000) long intervalMillis) {
    Instant now = Instant.parse("2025-06-02T12:00:00.123456789Z");
    Instant lastUsed = now.minusMillis(intervalMillis).plusMillis(lastUsedOffsetMillis).plusNanos(17);
    Duration interval = Duration.ofMillis(intervalMillis).plusNanos(lastUsedOffsetMillis % 3);

    assertThat(TokenUses.isBefore(lastUsed, now, interval))
        .isEqualTo(lastUsed.isBefore(now.minus(interval)));
  }
}
