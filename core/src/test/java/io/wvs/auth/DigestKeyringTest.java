package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.io.BaseEncoding;
import io.wvs.auth.spi.TokenDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The design brief's "at rest" rule: a keyed digest tagged with a key id, peppers rotatable. */
class DigestKeyringTest {
  private static final String TOKEN = "wvspat-0123456789abcdefghijABCDEFGHIJ0123abcdef";

  private static byte[] pepper(int length, int seed) {
    byte[] p = new byte[length];
    for (int i = 0; i < length; i++) {
      p[i] = (byte) (seed * 31 + i * 7);
    }
    return p;
  }

  @Test
  void digestIsHmacSha256OfTheUtf8TokenUnderTheCurrentPepper() throws Exception {
    byte[] p = pepper(32, 1);
    DigestKeyring keyring = DigestKeyring.of("k1", p);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(p, "HmacSHA256"));
    byte[] expected = mac.doFinal(TOKEN.getBytes(StandardCharsets.UTF_8));

    TokenDigest digest = keyring.currentDigest(TOKEN);
    assertThat(digest.keyId()).isEqualTo("k1");
    assertThat(digest.bytes()).isEqualTo(expected);
    assertThat(digest.encoded()).isEqualTo("k1:" + BaseEncoding.base16().lowerCase().encode(expected));
    assertThat(keyring.currentKeyId()).isEqualTo("k1");
  }

  @Test
  void digestIsDeterministicAndDependsOnTokenAndPepper() {
    DigestKeyring a = DigestKeyring.of("k1", pepper(32, 1));
    DigestKeyring sameAgain = DigestKeyring.of("k1", pepper(32, 1));
    DigestKeyring otherPepper = DigestKeyring.of("k1", pepper(32, 2));
    assertThat(a.currentDigest(TOKEN)).isEqualTo(a.currentDigest(TOKEN))
        .isEqualTo(sameAgain.currentDigest(TOKEN))
        .isNotEqualTo(otherPepper.currentDigest(TOKEN))
        .isNotEqualTo(a.currentDigest(TOKEN + "x"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16, 31})
  void pepperShorterThan32BytesIsRefusedWithItsLength(int length) {
    assertThatThrownBy(() -> DigestKeyring.of("k1", pepper(length, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes")
        .hasMessageContaining("was " + length);
    assertThatThrownBy(() -> DigestKeyring.of("k1", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was null");
  }

  @Test
  void pepperOf32BytesOrMoreIsAccepted() {
    assertThat(DigestKeyring.of("k1", pepper(32, 1)).currentKeyId()).isEqualTo("k1");
    assertThat(DigestKeyring.of("k1", pepper(64, 1)).currentKeyId()).isEqualTo("k1");
    assertThat(DigestKeyring.MIN_PEPPER_BYTES).isEqualTo(32);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "K1", "key 1", "key:1", "k.1", "abcdefghijklmnopq", "ké"})
  void keyIdMustBeShortLowerCaseAsciiWithoutSeparators(String keyId) {
    assertThatThrownBy(() -> DigestKeyring.of(keyId, pepper(32, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a-z0-9_-]{1,16}");
    assertThatThrownBy(() -> DigestKeyring.of(null, pepper(32, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"k", "k1", "2024_q1-main", "abcdefghijklmnop"})
  void wellFormedKeyIdsAreAccepted(String keyId) {
    assertThat(DigestKeyring.of(keyId, pepper(32, 1)).currentDigest(TOKEN).keyId()).isEqualTo(keyId);
  }

  @Test
  void aKeyIdGivenTwiceIsRefused() {
    assertThatThrownBy(() -> DigestKeyring.builder().current("k1", pepper(32, 1))
        .retired("k1", pepper(32, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k1' given twice");
  }

  @Test
  void exactlyOneCurrentKeyIsRequired() {
    assertThatThrownBy(() -> DigestKeyring.builder().retired("k1", pepper(32, 1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("current key is required");
    assertThatThrownBy(() -> DigestKeyring.builder().current("k1", pepper(32, 1))
        .current("k2", pepper(32, 2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set to 'k1'");
  }

  @Test
  void digestsListsTheCurrentKeyFirstThenTheRetiredOnes() {
    DigestKeyring rotated = DigestKeyring.builder()
        .retired("k1", pepper(32, 1))
        .current("k3", pepper(32, 3))
        .retired("k2", pepper(32, 2))
        .build();
    List<TokenDigest> digests = rotated.digests(TOKEN);
    assertThat(digests).extracting(TokenDigest::keyId).containsExactly("k3", "k1", "k2");
    assertThat(digests.get(0)).isEqualTo(rotated.currentDigest(TOKEN))
        .isEqualTo(DigestKeyring.of("k3", pepper(32, 3)).currentDigest(TOKEN));
    assertThat(digests.get(1)).isEqualTo(DigestKeyring.of("k1", pepper(32, 1)).currentDigest(TOKEN));
    assertThat(digests.get(2)).isEqualTo(DigestKeyring.of("k2", pepper(32, 2)).currentDigest(TOKEN));
    assertThat(rotated.currentKeyId()).isEqualTo("k3");
  }

  @Test
  void aSingleKeyGivesASingleDigest() {
    assertThat(DigestKeyring.of("k1", pepper(32, 1)).digests(TOKEN)).hasSize(1);
  }

  @Test
  void thePepperIsCopiedSoTheCallerMayClearIt() {
    byte[] p = pepper(32, 1);
    DigestKeyring keyring = DigestKeyring.of("k1", p);
    TokenDigest before = keyring.currentDigest(TOKEN);
    Arrays.fill(p, (byte) 0);
    assertThat(keyring.currentDigest(TOKEN)).isEqualTo(before);
  }

  @Test
  void theCallersPepperArrayIsLeftAlone() {
    byte[] p = pepper(32, 1);
    DigestKeyring.of("k1", p);
    assertThat(p).isEqualTo(pepper(32, 1));
  }

  /**
   * The builder clears its copies of the peppers when it builds. Building a second time from the
   * same builder must therefore fail, or give the same keys — never a keyring whose pepper is all
   * zero bytes (a key every attacker knows).
   */
  @Test
  void buildingTwiceFromOneBuilderNeverYieldsAZeroPepper() {
    DigestKeyring.Builder builder = DigestKeyring.builder().current("k1", pepper(32, 1));
    DigestKeyring first = builder.build();
    DigestKeyring second;
    try {
      second = builder.build();
    } catch (IllegalStateException refused) {
      return;
    }
    assertThat(second.currentDigest(TOKEN))
        .as("second build digests with an all-zero pepper")
        .isNotEqualTo(DigestKeyring.of("k1", new byte[32]).currentDigest(TOKEN));
    assertThat(second.currentDigest(TOKEN)).isEqualTo(first.currentDigest(TOKEN));
  }

  @Test
  void toStringShowsKeyIdsAndMasksThePeppers() {
    byte[] p1 = "pepper-one-pepper-one-pepper-one".getBytes(StandardCharsets.US_ASCII);
    byte[] p2 = "pepper-two-pepper-two-pepper-two".getBytes(StandardCharsets.US_ASCII);
    DigestKeyring keyring = DigestKeyring.builder().current("k2", p2).retired("k1", p1).build();
    String text = keyring.toString();
    assertThat(text).contains("k1", "k2", "masked")
        .doesNotContain("pepper-one", "pepper-two")
        .doesNotContain(BaseEncoding.base16().lowerCase().encode(p1))
        .doesNotContain(BaseEncoding.base16().encode(p2))
        .doesNotContain(Base64.getEncoder().encodeToString(p1))
        .doesNotContain(Arrays.toString(p2));
  }

  @Test
  void digestsCanBeComputedConcurrently() throws Exception {
    DigestKeyring keyring = DigestKeyring.of("k1", pepper(32, 1));
    TokenDigest expected = keyring.currentDigest(TOKEN);
    Thread[] threads = new Thread[8];
    boolean[] ok = new boolean[threads.length];
    for (int t = 0; t < threads.length; t++) {
      int index = t;
      threads[t] = new Thread(() -> {
        boolean all = true;
        for (int i = 0; i < 2000; i++) {
          all &= keyring.currentDigest(TOKEN).equals(expected);
          keyring.currentDigest(TOKEN + i);
        }
        ok[index] = all;
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(ok).containsOnly(true);
  }
}
