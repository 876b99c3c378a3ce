package io.wvs.auth.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the builder and a webhook refuse, and what their descriptions leave out. */
class WebhookNotifierBuilderTest {
  private static final byte[] SECRET = WebhookDeliveryTest.SECRET;
  private static final Webhook HTTPS = Webhook.of(URI.create("https://hooks.example/p/receiver-secret"), SECRET);

  @Test
  void aNotifierWithoutWebhookIsRefusedNamingWhatToAdd() {
    assertThatThrownBy(() -> WebhookNotifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one webhook: instanceHook or hook(resource, webhook)");
  }

  @Test
  void plainHttpIsRefusedUnlessAllowed() {
    Webhook plain = Webhook.of(URI.create("http://hooks.example/p"), SECRET);
    assertThatThrownBy(() -> WebhookNotifier.builder().instanceHook(plain).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://hooks.example is plain http");
    assertThat(WebhookNotifier.builder().instanceHook(plain).allowPlainHttp().build()).isNotNull();
  }

  @Test
  void aSettingMadeTwiceIsRefusedNamingTheFirstValue() {
    WebhookNotifier.Builder b = WebhookNotifier.builder().timeout(Duration.ofSeconds(2));
    assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(3)))
        .isInstanceOf(IllegalStateException.class).hasMessage("timeout was already set to PT2S");
    WebhookNotifier.Builder m = WebhookNotifier.builder().maxAttempts(2);
    assertThatThrownBy(() -> m.maxAttempts(4)).hasMessage("maxAttempts was already set to 2");
  }

  @Test
  void theRetryBudgetStaysUnderTheClaimLease() {
    assertThatThrownBy(() -> WebhookNotifier.builder().retryBudget(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryBudget must be positive and at most PT5M");
    assertThatThrownBy(() -> WebhookNotifier.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookNotifier.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWebhookNeedsAnHttpUrlWithHostNoUserInfoAndASixteenByteSecret() {
    assertThatThrownBy(() -> Webhook.of(URI.create("ftp://hooks.example/p"), SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Webhook.of(URI.create("/relative"), SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Webhook.of(URI.create("https://user:pw@hooks.example/p"), SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
    assertThatThrownBy(() -> Webhook.of(URI.create("https://hooks.example/p"),
        "short".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes");
  }

  @Test
  void descriptionsShowTheOriginButNeitherPathNorSecret() {
    String secret = new String(SECRET, StandardCharsets.UTF_8);
    assertThat(HTTPS.toString()).isEqualTo("Webhook[https://hooks.example, secret=***]");
    WebhookNotifier notifier = WebhookNotifier.builder().instanceHook(HTTPS)
        .hook(ResourceRef.group(1), HTTPS).build();
    assertThat(notifier.toString()).contains("2 webhooks")
        .doesNotContain("receiver-secret").doesNotContain(secret);
  }

  @Test
  void theSecretIsCopiedSoTheCallerMayClearIt() {
    byte[] mine = SECRET.clone();
    Webhook hook = Webhook.of(URI.create("https://hooks.example/p"), mine);
    java.util.Arrays.fill(mine, (byte) 0);
    assertThat(hook.secret()).isEqualTo(SECRET);
  }

  @Test
  void impersonationTokensNeverAndPersonalTokensOnlyWhenOptedInGetEvents() {
    WebhookNotifier plain = WebhookNotifier.builder().instanceHook(HTTPS).build();
    WebhookNotifier withPersonal = WebhookNotifier.builder().instanceHook(HTTPS).personalTokens().build();
    assertThat(plain.wants(TokenType.PROJECT_ACCESS)).isTrue();
    assertThat(plain.wants(TokenType.GROUP_ACCESS)).isTrue();
    assertThat(plain.wants(TokenType.DEPLOY)).isTrue();
    assertThat(plain.wants(TokenType.PERSONAL)).isFalse();
    assertThat(withPersonal.wants(TokenType.PERSONAL)).isTrue();
    assertThat(withPersonal.wants(TokenType.IMPERSONATION)).isFalse();
  }

  @Test
  void jsonStringsEscapeQuotesBackslashesAndControls() {
    assertThat(EventJson.quote("a\"b\\c\nd\u0001e\u2028")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001e\\u2028\"");
  }
}
