package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenOwner;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The values a store keeps: the digest's text form and key ids, and a token record's equality,
 * which every field takes part in.
 */
class StoredValuesTest {
  private static final byte[] BYTES = new byte[32];
  private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

  static {
    Arrays.fill(BYTES, (byte) 0x5a);
  }

  @Test
  void encodedDigestParsesBackToAnEqualDigest() {
    TokenDigest digest = TokenDigest.of("k_2-x", BYTES);

    TokenDigest parsed = TokenDigest.parse(digest.encoded());

    assertThat(parsed).isEqualTo(digest).hasSameHashCodeAs(digest);
    assertThat(parsed.keyId()).isEqualTo("k_2-x");
    assertThat(parsed.bytes()).isEqualTo(BYTES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "k1", ":5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", "k1:5a5a", "K1:5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a",
      "k1:zz5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", "k1:5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5"})
  void anythingElseIsNotAnEncodedDigest(String text) {
    assertThatThrownBy(() -> TokenDigest.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an encoded token digest");
  }

  @Test
  void nullIsNotAnEncodedDigest() {
    assertThatThrownBy(() -> TokenDigest.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "z", "0", "9", "_", "-", "az09_-", "abcdefghijklmnop"})
  void keyIdsAreOneTo16LowerCaseLettersDigitsUnderscoresAndDashes(String keyId) {
    assertThat(TokenDigest.isValidKeyId(keyId)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abcdefghijklmnopq", "`", "{", "/", ":", "A", "Z", "k.1", "k 1", "é"})
  void otherKeyIdsAreNot(String keyId) {
    assertThat(TokenDigest.isValidKeyId(keyId)).isFalse();
  }

  @Test
  void digestsDifferingInKeyIdOrBytesDiffer() {
    byte[] other = BYTES.clone();
    other[31] ^= 1;

    assertThat(TokenDigest.of("k1", BYTES)).isNotEqualTo(TokenDigest.of("k2", BYTES))
        .isNotEqualTo(TokenDigest.of("k1", other)).isNotEqualTo("k1:" + BYTES.length);
  }

  @Test
  void recordsAreEqualOnlyWhenEveryFieldIs() throws ReflectiveOperationException {
    TokenRecord base = record(new byte[] {1, 2});
    // The type cannot change alone (the owner must fit it): a change of owner covers the kind.
    Map<String, Object> otherValues = Map.ofEntries(Map.entry("id", 5L),
        Map.entry("owner", TokenOwner.deploy(ResourceRef.group(2), "other")), Map.entry("name", "cd"),
        Map.entry("description", "other"),
        Map.entry("scopes", Set.of(Scope.READ_REGISTRY)), Map.entry("digest", TokenDigest.of("k2", BYTES)),
        Map.entry("createdAt", AT.plusMillis(1)), Map.entry("expiresOn", LocalDate.of(2026, 5, 2)),
        Map.entry("revokedAt", AT), Map.entry("lastUsedAt", AT), Map.entry("familyId", 1L),
        Map.entry("createdBy", 8L), Map.entry("sealedSecret", new byte[] {1, 3}),
        Map.entry("lastUsedIps", java.util.List.of("192.0.2.2")), Map.entry("lastUsedIpsAdded", 2),
        Map.entry("rotationGraceUntil", AT));

    assertThat(base).isEqualTo(record(new byte[] {1, 2})).hasSameHashCodeAs(record(new byte[] {1, 2}));
    assertThat(otherValues.keySet()).hasSize(baseValues(null).size() - 1)
        .allSatisfy(k -> assertThat(baseValues(null)).containsKey(k));
    for (Map.Entry<String, Object> change : otherValues.entrySet()) {
      Map<String, Object> values = baseValues(new byte[] {1, 2});
      values.put(change.getKey(), change.getValue());
      TokenRecord changed = build(values);
      assertThat(changed).as(change.getKey()).isNotEqualTo(base);
      assertThat(base).as(change.getKey()).isNotEqualTo(changed);
    }
    assertThat(base).isNotEqualTo(base.toString()).isNotEqualTo(null);
  }

  @Test
  void noSealedSecretDiffersFromAnEmptyOne() throws ReflectiveOperationException {
    assertThat(record(null)).isNotEqualTo(record(new byte[0]));
    assertThat(record(new byte[0])).isNotEqualTo(record(null));
    assertThat(record(null)).isEqualTo(record(null));
  }

  @Test
  void copiesChangeOnlyTheirField() throws ReflectiveOperationException {
    TokenRecord base = record(null);
    TokenDigest rekeyed = TokenDigest.of("k2", BYTES);

    assertThat(base.withRevokedAt(AT).revokedAt()).isEqualTo(AT);
    assertThat(base.withRevokedAt(AT).isRevoked()).isTrue();
    assertThat(base.isRevoked()).isFalse();
    assertThat(base.withLastUsedAt(AT).lastUsedAt()).isEqualTo(AT);
    assertThat(base.withDigest(rekeyed).digest()).isEqualTo(rekeyed);
    assertThat(base.withLastUsedAt(AT).withLastUsedAt(null)).isEqualTo(base);
  }

  private static TokenRecord record(byte[] sealed) throws ReflectiveOperationException {
    return build(baseValues(sealed));
  }

  /** Every value a builder takes, by its setter's name; one per builder setter. */
  private static Map<String, Object> baseValues(byte[] sealed) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", 4L);
    values.put("familyId", 4L);
    values.put("type", TokenType.DEPLOY);
    values.put("owner", TokenOwner.deploy(ResourceRef.project(2), "deployer"));
    values.put("name", "ci");
    values.put("description", "ships releases");
    values.put("scopes", Set.of(Scope.READ_REPOSITORY));
    values.put("digest", TokenDigest.of("k1", BYTES));
    values.put("createdAt", AT);
    values.put("expiresOn", LocalDate.of(2026, 5, 1));
    values.put("revokedAt", null);
    values.put("lastUsedAt", null);
    values.put("createdBy", 7L);
    values.put("sealedSecret", sealed);
    values.put("lastUsedIps", java.util.List.of("192.0.2.1"));
    values.put("lastUsedIpsAdded", 1);
    values.put("rotationGraceUntil", null);
    return values;
  }

  /**
   * A record built by calling each setter named in {@code values}, all of them: those of the
   * token as created ({@link NewToken.Builder}) and those the store adds ({@link TokenRecord.Builder}).
   */
  private static TokenRecord build(Map<String, Object> values) throws ReflectiveOperationException {
    NewToken.Builder token = NewToken.builder();
    int setters = set(token, NewToken.Builder.class, values);
    TokenRecord.Builder b = TokenRecord.builder();
    setters += set(b, TokenRecord.Builder.class, values);
    assertThat(setters).isEqualTo(values.size());
    return b.token(token.build()).build();
  }

  private static int set(Object builder, Class<?> type, Map<String, Object> values)
      throws ReflectiveOperationException {
    int setters = 0;
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.getName().equals("build")
          || m.getName().equals("token")) {
        continue;
      }
      setters++;
      assertThat(values).as("a value for every builder setter").containsKey(m.getName());
      Object value = values.get(m.getName());
      if (value != null) {
        m.invoke(builder, value);
      }
    }
    return setters;
  }
}
