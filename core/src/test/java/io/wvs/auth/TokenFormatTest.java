package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.TokenFormat.Shape;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/**
 * The token text format (design brief: {@code <prefix><random body><checksum>}) and the
 * predetermined tokens of seed 002 ("The token string must be 20 characters in length").
 */
class TokenFormatTest {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TokenFormat format = new TokenFormat(TokenPolicy.defaults());

  @Example
  void userTokensCarryTheUserPrefixAndDeployTokensTheDeployPrefix() {
    for (TokenType type : TokenType.values()) {
      String expected = type == TokenType.DEPLOY ? "wvsdt-" : "wvspat-";
      assertThat(format.prefixFor(type)).isEqualTo(expected);
      assertThat(format.generate(type, RANDOM)).startsWith(expected);
    }
  }

  @Example
  void generatedTokenIsPrefixThen32Base62CharactersThenAChecksum() {
    String token = format.generate(TokenType.PERSONAL, RANDOM);
    assertThat(token).hasSize("wvspat-".length() + 32 + 6);
    assertThat(token.substring(7)).matches("[0-9A-Za-z]{38}");
    assertThat(checksumOf(token, "wvspat-")).isEqualTo(token.substring(39));
    assertThat(format.classify(token)).isEqualTo(Shape.GENERATED);
  }

  @Property(tries = 200)
  void everyGeneratedTokenClassifiesAsGenerated(@ForAll TokenType type) {
    String token = format.generate(type, RANDOM);
    String prefix = format.prefixFor(type);
    assertThat(format.classify(token)).isEqualTo(Shape.GENERATED);
    assertThat(checksumOf(token, prefix)).isEqualTo(token.substring(token.length() - 6));
  }

  @Property(tries = 50)
  void customPrefixesAreHonoured(@ForAll TokenType type) {
    TokenFormat custom = new TokenFormat(TokenPolicy.builder()
        .userTokenPrefix("acme_pat-").deployTokenPrefix("acme_dt-").build());
    String token = custom.generate(type, RANDOM);
    assertThat(token).startsWith(type == TokenType.DEPLOY ? "acme_dt-" : "acme_pat-");
    assertThat(custom.classify(token)).isEqualTo(Shape.GENERATED);
    // Under the default prefixes the same text is no generated token.
    assertThat(format.classify(token)).isNotEqualTo(Shape.GENERATED);
  }

  /** Design brief: "Body: at least 160 bits from SecureRandom" — 32 base62 characters, unbiased. */
  @Example
  void bodiesAreUniqueAndUseTheWholeAlphabetEvenly() {
    int tokens = 2000;
    int[] counts = new int[128];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tokens; i++) {
      String token = format.generate(TokenType.PERSONAL, RANDOM);
      assertThat(seen.add(token)).isTrue();
      for (char c : token.substring(7, 39).toCharArray()) {
        counts[c]++;
      }
    }
    double expected = tokens * 32.0 / 62; // about 1032; one standard deviation is about 32
    for (char c : BASE62.toCharArray()) {
      assertThat((double) counts[c]).as("count of '%s'", c).isBetween(expected - 250, expected + 250);
    }
    assertThat(32 * Math.log(62) / Math.log(2)).isGreaterThanOrEqualTo(160);
  }

  /**
   * Design brief: the checksum lets the authenticator "reject a mistyped or forged token without
   * touching the store". Every substitution of one body or checksum character is caught.
   */
  @Property(tries = 30)
  void anySingleCharacterChangeInBodyOrChecksumIsMalformed(@ForAll TokenType type) {
    String token = format.generate(type, RANDOM);
    int prefixLength = format.prefixFor(type).length();
    for (int i = prefixLength; i < token.length(); i++) {
      for (char c = 0x21; c < 0x7f; c++) {
        if (c != token.charAt(i)) {
          String changed = token.substring(0, i) + c + token.substring(i + 1);
          assertThat(format.classify(changed)).as("%s at %d", c, i).isEqualTo(Shape.MALFORMED);
        }
      }
    }
  }

  /**
   * The same rule for the prefix: a token whose prefix was mistyped (say {@code wvspaT-}) is
   * still a mistyped generated token and must be refused without a store lookup.
   */
  @Property(tries = 30)
  void anySingleCharacterChangeInThePrefixIsMalformed(@ForAll TokenType type) {
    String token = format.generate(type, RANDOM);
    int prefixLength = format.prefixFor(type).length();
    for (int i = 0; i < prefixLength; i++) {
      for (char c = 0x21; c < 0x7f; c++) {
        if (c != token.charAt(i)) {
          String changed = token.substring(0, i) + c + token.substring(i + 1);
          assertThat(format.classify(changed)).as("'%s' at %d in %s", c, i, changed)
              .isEqualTo(Shape.MALFORMED);
        }
      }
    }
  }

  @Property(tries = 50)
  void truncatedOrExtendedGeneratedTokensAreMalformed(@ForAll TokenType type) {
    String token = format.generate(type, RANDOM);
    assertThat(format.classify(token.substring(0, token.length() - 1))).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify(token + "0")).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify(token.substring(0, token.length() - 6))).isEqualTo(Shape.MALFORMED);
  }

  @Example
  void aForgedBodyWithAnInventedChecksumIsMalformed() {
    String forged = "wvspat-" + "A".repeat(32) + "000000";
    assertThat(format.classify(forged)).isEqualTo(Shape.MALFORMED);
    String overflowing = "wvspat-" + "A".repeat(32) + "zzzzzz"; // larger than any CRC32
    assertThat(format.classify(overflowing)).isEqualTo(Shape.MALFORMED);
    String forgedWithRightChecksum = "wvspat-" + "A".repeat(32);
    forgedWithRightChecksum += checksumOf(forgedWithRightChecksum + "000000", "wvspat-");
    assertThat(format.classify(forgedWithRightChecksum)).isEqualTo(Shape.GENERATED);
  }

  @Example
  void aGeneratedPrefixFollowedByAnythingElseIsMalformed() {
    assertThat(format.classify("wvspat-token-string-here123")).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify("wvsdt-token-string-here123")).isEqualTo(Shape.MALFORMED);
    assertThat(format.hasGeneratedPrefix("wvspat-anything")).isTrue();
    assertThat(format.hasGeneratedPrefix("wvsdt-anything")).isTrue();
    assertThat(format.hasGeneratedPrefix("token-string-here123")).isFalse();
  }

  /** Seed 002: "The token string must be 20 characters in length to be recognized". */
  @Example
  void predeterminedTokensNeedAtLeast20Characters() {
    assertThat(format.classify("token-string-here123")).isEqualTo(Shape.PREDETERMINED);
    assertThat(format.classify("token-string-here12")).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify("x".repeat(255))).isEqualTo(Shape.PREDETERMINED);
    assertThat(format.classify("x".repeat(256))).isEqualTo(Shape.MALFORMED);
  }

  @Example
  void nullEmptyWhitespaceControlAndNonAsciiTextIsMalformed() {
    assertThat(format.classify(null)).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify("")).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify(" ".repeat(40))).isEqualTo(Shape.MALFORMED);
    for (String bad : new String[] {" ", "\t", "\n", "\r", "\u0000", "\u007f", "é", "\u00a0",
        "\u2028", "\ud83d\udd11", "\ufffd", "\ud800"}) {
      String text = "token-string-" + bad + "here123";
      assertThat(format.classify(text)).as("with %s", bad.codePointAt(0)).isEqualTo(Shape.MALFORMED);
    }
    String generated = format.generate(TokenType.PERSONAL, RANDOM);
    assertThat(format.classify(generated + " ")).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify(" " + generated)).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify(generated + "\n")).isEqualTo(Shape.MALFORMED);
  }

  @Example
  void oversizedTextIsMalformed() {
    assertThat(format.classify("a".repeat(10_000))).isEqualTo(Shape.MALFORMED);
    assertThat(format.classify("wvspat-" + "a".repeat(1_000_000))).isEqualTo(Shape.MALFORMED);
  }

  @Property
  void classifyNeverThrows(@ForAll @StringLength(max = 400) String text) {
    assertThat(format.classify(text)).isNotNull();
  }

  @Property
  void printableAsciiWithoutAGeneratedPrefixIsPredetermined(
      @ForAll @StringLength(min = 20, max = 255) String text) {
    boolean printable = text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    Shape shape = format.classify(text);
    if (!printable) {
      assertThat(shape).isEqualTo(Shape.MALFORMED);
    } else if (!format.hasGeneratedPrefix(text)) {
      assertThat(shape).isEqualTo(Shape.PREDETERMINED);
    }
  }

  /** The checksum as the design brief defines it: CRC32 of prefix and body, 6 base62 digits. */
  private static String checksumOf(String token, String prefix) {
    CRC32 crc = new CRC32();
    crc.update(token.substring(0, prefix.length() + 32).getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] out = new char[6];
    for (int i = 5; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(out);
  }
}
