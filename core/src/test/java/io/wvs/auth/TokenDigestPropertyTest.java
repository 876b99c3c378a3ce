package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.io.BaseEncoding;
import io.wvs.auth.spi.TokenDigest;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A digest is its key id and bytes, whatever form holds it (a 32-byte one is kept in four words,
 * other lengths in an array): the bytes, the text form, equality and the hash agree with the plain
 * bytes for every length, and one differing bit or key id makes digests unequal.
 */
class TokenDigestPropertyTest {
  private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

  @Property(tries = 400)
  void aDigestKeepsItsBytesAndTextFormForEveryLength(
      @ForAll @Size(min = 16, max = 64) byte[] bytes) {
    TokenDigest digest = TokenDigest.of("k1", bytes);

    assertThat(digest.bytes()).isEqualTo(bytes).isNotSameAs(bytes);
    assertThat(digest.encoded()).isEqualTo("k1:" + HEX.encode(bytes));
    TokenDigest parsed = TokenDigest.parse(digest.encoded());
    assertThat(parsed).isEqualTo(digest).hasSameHashCodeAs(digest);
    assertThat(parsed.bytes()).isEqualTo(bytes);
  }

  @Property(tries = 400)
  void oneDifferingBitOrKeyIdMakesDigestsUnequal(
      @ForAll @Size(min = 16, max = 64) byte[] bytes, @ForAll @IntRange(min = 0, max = 511) int bit) {
    int at = bit % (bytes.length * 8);
    byte[] flipped = bytes.clone();
    flipped[at / 8] ^= (byte) (1 << (at % 8));
    TokenDigest digest = TokenDigest.of("k1", bytes);

    assertThat(digest).isEqualTo(TokenDigest.of("k1", bytes.clone()))
        .hasSameHashCodeAs(TokenDigest.of("k1", bytes.clone()))
        .isNotEqualTo(TokenDigest.of("k1", flipped))
        .isNotEqualTo(TokenDigest.of("k2", bytes));
  }

  @Property(tries = 200)
  void digestsOfDifferentLengthsAreNeverEqual(
      @ForAll @Size(min = 16, max = 64) byte[] bytes, @ForAll @IntRange(min = 16, max = 64) int length) {
    byte[] other = Arrays.copyOf(bytes, length);

    assertThat(TokenDigest.of("k1", bytes).equals(TokenDigest.of("k1", other)))
        .isEqualTo(Arrays.equals(bytes, other));
  }

  @Property(tries = 200)
  void changingTheArrayGivenOrReturnedChangesNothing(@ForAll @Size(min = 16, max = 64) byte[] bytes) {
    byte[] given = bytes.clone();
    TokenDigest digest = TokenDigest.of("k1", given);
    Arrays.fill(given, (byte) 0x11);
    Arrays.fill(digest.bytes(), (byte) 0x22);

    assertThat(digest.bytes()).isEqualTo(bytes);
  }

  @Property(tries = 300)
  void aTextFormIsReadOnlyWhenItIsExactlyLowerCaseHexOfAValidKeyId(
      @ForAll @Size(min = 32, max = 32) byte[] bytes, @ForAll @IntRange(min = 0, max = 63) int at,
      @ForAll("notLowerHex") char replacement) {
    String encoded = TokenDigest.of("k1", bytes).encoded();
    char[] changed = encoded.toCharArray();
    changed[3 + at] = replacement;

    assertThat(TokenDigest.parse(encoded).bytes()).isEqualTo(bytes);
    assertThatThrownBy(() -> TokenDigest.parse(new String(changed)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not an encoded token digest");
    assertThatThrownBy(() -> TokenDigest.parse("K1" + encoded.substring(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not an encoded token digest");
  }

  @Provide
  Arbitrary<Character> notLowerHex() {
    return Arbitraries.chars().filter(c -> !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
  }
}
