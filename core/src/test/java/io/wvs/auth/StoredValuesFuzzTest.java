package io.wvs.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wvs.auth.spi.TokenDigest;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what core reads back from a store: a digest's text form ({@link TokenDigest#parse}) is
 * refused with {@link IllegalArgumentException} or parsed to a digest that encodes back to the same
 * text; a sealed CI token ({@link SecretSealer#open}) is refused with {@link WvsAuthException}
 * unless it is, byte for byte, a value this key sealed for this resource. Seeds in
 * {@code StoredValuesFuzzTestInputs}; README, "Fuzzing".
 */
class StoredValuesFuzzTest {
  private static final String CONTEXT = "project:7";
  private static final String CI_TOKEN = "wvsdt-fuzzCiTokenValue000000000000000000000";
  private static final SecretSealer SEALER =
      new SecretSealer("a 32-byte AES key for fuzz tests".getBytes(UTF_8), new SecureRandom());

  @FuzzTest(maxDuration = "5m")
  void digestTextParsesToItselfOrIsRefused(byte[] data) {
    for (String text : FuzzInputs.texts(data)) {
      TokenDigest digest =
          FuzzInputs.parsedOrRefused(() -> TokenDigest.parse(text), IllegalArgumentException.class);
      if (digest != null) {
        assertThat(digest.encoded()).isEqualTo(text);
        assertThat(TokenDigest.parse(digest.encoded())).isEqualTo(digest);
      }
    }
  }

  @FuzzTest(maxDuration = "5m")
  void onlyWhatWasSealedOpens(byte[] data) throws IOException {
    String opened = FuzzInputs.parsedOrRefused(() -> SEALER.open(data, CONTEXT), WvsAuthException.class);
    if (opened != null) {
      assertThat(data).as("opened a value nobody sealed").isEqualTo(sealedSeed());
      assertThat(opened).isEqualTo(CI_TOKEN);
    }
  }

  /** Keeps the seed corpus meaningful: its sealed value opens here, and only for its resource. */
  @Test
  void theSealedSeedOpensForItsResourceOnly() throws IOException {
    assertThat(SEALER.open(sealedSeed(), CONTEXT)).isEqualTo(CI_TOKEN);
    assertThat(catchThrowable(() -> SEALER.open(sealedSeed(), "project:8")))
        .isInstanceOf(WvsAuthException.class);
  }

  private static byte[] sealedSeed() throws IOException {
    try (InputStream seed = StoredValuesFuzzTest.class.getResourceAsStream(
        "StoredValuesFuzzTestInputs/onlyWhatWasSealedOpens/sealed-ci-token")) {
      return seed.readAllBytes();
    }
  }
}
