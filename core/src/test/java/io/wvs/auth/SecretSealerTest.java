package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sealing the CI deploy token: what is sealed opens only with its key, for its context, unaltered. */
class SecretSealerTest {
  private static final String CONTEXT = "wvs-ci-deploy-token:project:1";

  private final SecretSealer sealer = new SecretSealer(key(1), new SecureRandom());

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "gldt-0123456789abcdefghijKLMNOPQRSTUV", "pässwört ✓"})
  void aSealedValueOpensToItself(String value) {
    byte[] sealed = sealer.seal(value, CONTEXT);

    assertThat(sealed).hasSize(1 + 12 + value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16);
    assertThat(sealer.open(sealed, CONTEXT)).isEqualTo(value);
  }

  @Test
  void sealingTwiceGivesDifferentBytes() {
    assertThat(sealer.seal("same", CONTEXT)).isNotEqualTo(sealer.seal("same", CONTEXT));
  }

  @Test
  void aValueSealedForOneProjectDoesNotOpenForAnother() {
    byte[] sealed = sealer.seal("secret", CONTEXT);

    assertThatThrownBy(() -> sealer.open(sealed, "wvs-ci-deploy-token:project:2"))
        .isInstanceOf(WvsAuthException.class).hasMessageContaining("cannot be opened");
  }

  @Test
  void anotherKeyCannotOpenIt() {
    byte[] sealed = sealer.seal("secret", CONTEXT);

    assertThatThrownBy(() -> new SecretSealer(key(2), new SecureRandom()).open(sealed, CONTEXT))
        .isInstanceOf(WvsAuthException.class).hasMessageContaining("cannot be opened");
  }

  @Test
  void anAlteredByteIsDetected() {
    byte[] sealed = sealer.seal("secret", CONTEXT);
    for (int i = 1; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 1;
      assertThatThrownBy(() -> sealer.open(altered, CONTEXT)).as("byte %d", i)
          .isInstanceOf(WvsAuthException.class);
    }
  }

  @Test
  void anUnknownLayoutIsRefusedBeforeDecrypting() {
    byte[] sealed = sealer.seal("", CONTEXT);
    byte[] otherVersion = sealed.clone();
    otherVersion[0] = 2;

    assertThatThrownBy(() -> sealer.open(otherVersion, CONTEXT)).hasMessageContaining("unknown layout");
    assertThatThrownBy(() -> sealer.open(Arrays.copyOf(sealed, sealed.length - 1), CONTEXT))
        .hasMessageContaining("unknown layout");
    assertThatThrownBy(() -> sealer.open(null, CONTEXT)).hasMessageContaining("unknown layout");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16, 31, 33})
  void theKeyMustBe32Bytes(int length) {
    assertThatThrownBy(() -> new SecretSealer(new byte[length], new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }
}
