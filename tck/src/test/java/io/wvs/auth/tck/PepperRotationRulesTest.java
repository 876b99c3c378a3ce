package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.assertFailure;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static io.wvs.auth.tck.SeedWorld.get;
import static io.wvs.auth.tck.SeedWorld.pepper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.PepperMismatchException;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenView;
import io.wvs.auth.WvsAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Design brief, "At rest": a keyed digest "tagged with a key id so the pepper can be rotated".
 * Rotating the pepper must not invalidate a single token.
 */
class PepperRotationRulesTest {
  private final SeedWorld world = new SeedWorld();
  private final DigestKeyring k1 = DigestKeyring.of("k1", pepper(1));
  private final DigestKeyring k2WithRetiredK1 =
      DigestKeyring.builder().current("k2", pepper(2)).retired("k1", pepper(1)).build();
  private final DigestKeyring k2Only = DigestKeyring.of("k2", pepper(2));

  private WvsAuth over(DigestKeyring keyring) {
    return world.auth(TokenPolicy.defaults(), keyring, world.countingStore);
  }

  private static byte[] hmacSha256(byte[] key, String token) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
  }

  private String storedKeyId(long id) {
    return world.store.findById(id).orElseThrow().digest().keyId();
  }

  @Test
  void pepperRotationKeepsOldTokensWorkingAndRekeysThem() throws Exception {
    WvsAuth before = over(k1);
    CreatedToken generated = before.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("old laptop", Scope.API));
    TokenView predetermined = before.personalTokens().createWithValue(world.automationBot.id(),
        TokenSpec.of("Automation token", Scope.READ_API), "token-string-here123");
    assertThat(storedKeyId(generated.token().id())).isEqualTo("k1");

    WvsAuth after = over(k2WithRetiredK1);
    assertSuccess(get(after, generated.value()));
    assertSuccess(get(after, "token-string-here123"));
    assertThat(storedKeyId(generated.token().id())).isEqualTo("k2");
    assertThat(storedKeyId(predetermined.id())).isEqualTo("k2");
    assertThat(world.store.findById(generated.token().id()).orElseThrow().digest().bytes())
        .isEqualTo(hmacSha256(pepper(2), generated.value()));

    // Once every token has been re-keyed, the old pepper can be dropped.
    WvsAuth finished = over(k2Only);
    assertSuccess(get(finished, generated.value()));
    assertSuccess(get(finished, "token-string-here123"));
    // And an instance still on the old pepper alone no longer finds them.
    assertFailure(get(before, generated.value()), FailureReason.UNKNOWN);
  }

  @Test
  void newTokensAreDigestedWithTheCurrentKey() {
    WvsAuth after = over(k2WithRetiredK1);
    CreatedToken token = after.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("new", Scope.API));
    assertThat(storedKeyId(token.token().id())).isEqualTo("k2");
    assertSuccess(get(over(k2Only), token.value()));
    assertFailure(get(over(k1), token.value()), FailureReason.UNKNOWN);
  }

  @Test
  void rekeyingHappensOnceNotOnEveryUse() {
    CreatedToken token = over(k1).personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("old", Scope.API));
    WvsAuth after = over(k2WithRetiredK1);
    world.countingStore.reset();
    for (int i = 0; i < 10; i++) {
      assertSuccess(get(after, token.value()));
    }
    assertThat(world.countingStore.calls("replaceDigest")).isEqualTo(1);
  }

  @Test
  void revokedTokensStayRevokedAcrossPepperRotation() {
    WvsAuth before = over(k1);
    CreatedToken token = before.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("old", Scope.API));
    before.personalTokens().revoke(world.alice.id(), token.token().id());
    assertFailure(get(over(k2WithRetiredK1), token.value()), FailureReason.REVOKED);
    assertThat(over(k2WithRetiredK1).personalTokens().revokeByValue(token.value())).isTrue();
  }

  @Test
  void aRotationWithBothPeppersWrongRefusesToStartNamingBothKeyIdsAndNoPepper() {
    over(k2WithRetiredK1); // registers k2 and k1
    DigestKeyring bothWrong = DigestKeyring.builder().current("k2", pepper(3)).retired("k1", pepper(4))
        .build();

    assertThatThrownBy(() -> over(bothWrong))
        .isInstanceOfSatisfying(PepperMismatchException.class, e -> {
          assertThat(e.keyIds()).containsExactly("k2", "k1");
          assertThat(e.getMessage()).contains("key ids 'k2', 'k1'", "same peppers", "new key id",
              "retired");
          for (int n = 1; n <= 4; n++) {
            assertThat(e.getMessage()).doesNotContain(HexFormat.of().formatHex(pepper(n)))
                .doesNotContain(Base64.getEncoder().encodeToString(pepper(n)));
          }
        });
    // Rotation as documented still starts: the old pepper kept under its key id.
    over(DigestKeyring.builder().current("k2", pepper(2)).retired("k1", pepper(1)).build());
  }
}
