package io.wvs.auth.smtp;

import static io.wvs.auth.smtp.Fixtures.RENEW_URL;
import static io.wvs.auth.smtp.Fixtures.RESOLVER;
import static io.wvs.auth.smtp.Fixtures.SENDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpNotifierBuilderTest {
  private static SmtpNotifier.Builder minimal() {
    return SmtpNotifier.builder()
        .host("smtp.example.io")
        .sender(SENDER)
        .renewUrl(RENEW_URL)
        .emailAddressResolver(RESOLVER);
  }

  @Test
  void defaultsAreStarttlsOnPort587WithTimeouts() {
    SmtpNotifier notifier = minimal().build();
    Properties p = notifier.sessionProperties();
    assertThat(p.getProperty("mail.smtp.host")).isEqualTo("smtp.example.io");
    assertThat(p.getProperty("mail.smtp.port")).isEqualTo("587");
    assertThat(p.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.starttls.required")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.ssl.enable")).isEqualTo("false");
    assertThat(p.getProperty("mail.smtp.ssl.checkserveridentity")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.auth")).isEqualTo("false");
    assertThat(p.getProperty("mail.smtp.connectiontimeout")).isEqualTo("10000");
    assertThat(p.getProperty("mail.smtp.timeout")).isEqualTo("30000");
    assertThat(p.getProperty("mail.smtp.writetimeout")).isEqualTo("30000");
    assertThat(p.getProperty("mail.smtp.from")).isEqualTo(SENDER);
    assertThat(p.getProperty("mail.smtp.socketFactory.fallback")).isEqualTo("false");
  }

  @Test
  void tlsModesMapToSessionPropertiesAndDefaultPorts() {
    Properties smtps = minimal().tls(SmtpNotifier.TlsMode.SMTPS).build().sessionProperties();
    assertThat(smtps.getProperty("mail.smtp.port")).isEqualTo("465");
    assertThat(smtps.getProperty("mail.smtp.ssl.enable")).isEqualTo("true");
    assertThat(smtps.getProperty("mail.smtp.ssl.checkserveridentity")).isEqualTo("true");
    assertThat(smtps.getProperty("mail.smtp.starttls.enable")).isNull();

    Properties none = minimal().tls(SmtpNotifier.TlsMode.NONE).port(2525)
        .connectTimeout(Duration.ofMillis(1500)).readTimeout(Duration.ofSeconds(4))
        .build().sessionProperties();
    assertThat(none.getProperty("mail.smtp.port")).isEqualTo("2525");
    assertThat(none.getProperty("mail.smtp.ssl.enable")).isEqualTo("false");
    assertThat(none.getProperty("mail.smtp.starttls.enable")).isEqualTo("false");
    assertThat(none.getProperty("mail.smtp.connectiontimeout")).isEqualTo("1500");
    assertThat(none.getProperty("mail.smtp.timeout")).isEqualTo("4000");

    SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
    Properties custom = minimal().sslSocketFactory(factory).build().sessionProperties();
    assertThat(custom.get("mail.smtp.ssl.socketFactory")).isSameAs(factory);
  }

  @Test
  void toStringMasksThePasswordAndTheBuilderKeepsACopy() {
    char[] password = "hunter2-is-secret".toCharArray();
    SmtpNotifier.Builder builder = minimal().credentials("mailer", password);
    password[0] = 'X';
    SmtpNotifier notifier = builder.build();

    assertThat(notifier.toString())
        .contains("host=smtp.example.io", "port=587", "tls=STARTTLS", "credentials=mailer:****",
            "sender=" + SENDER, "renewUrl=" + RENEW_URL)
        .doesNotContain("hunter2", "Xunter2");
    assertThat(builder.toString()).contains("mailer:****").doesNotContain("hunter2");
    assertThat(notifier.sessionProperties().toString()).doesNotContain("hunter2");
    assertThat(minimal().build().toString()).contains("credentials=none");
  }

  @Test
  void hostMustNotBeBlank() {
    assertThatThrownBy(() -> SmtpNotifier.builder().host("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must not be blank, was '  '");
    assertThatThrownBy(() -> SmtpNotifier.builder().host("smtp.example.io\r\nRCPT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("host must not contain white space or control characters");
    assertThatThrownBy(() -> SmtpNotifier.builder().host(null))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536, 100_000})
  void portMustBeInRange(int port) {
    assertThatThrownBy(() -> SmtpNotifier.builder().port(port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 1 and 65535, was " + port);
  }

  @Test
  void portBoundsAreAccepted() {
    assertThat(minimal().port(1).build().sessionProperties().getProperty("mail.smtp.port"))
        .isEqualTo("1");
    assertThat(minimal().port(65535).build().sessionProperties().getProperty("mail.smtp.port"))
        .isEqualTo("65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "noreply", "noreply@", "@wvs.example.io", "a b@wvs.example.io",
      "noreply@wvs.example.io, other@wvs.example.io", "noreply@wvs.example.io\r\nBcc: x@y.z"})
  void senderMustBeAValidAddress(String sender) {
    assertThatThrownBy(() -> SmtpNotifier.builder().sender(sender))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sender must be a valid e-mail address, was '");
  }

  @Test
  void senderMayCarryADisplayName() {
    assertThat(minimal().build().toString()).contains("sender=noreply@wvs.example.io");
    SmtpNotifier named = SmtpNotifier.builder().host("h").sender("WVS <noreply@wvs.example.io>")
        .renewUrl(RENEW_URL).emailAddressResolver(RESOLVER).build();
    assertThat(named.toString()).contains("sender=WVS <noreply@wvs.example.io>");
    assertThat(named.sessionProperties().getProperty("mail.smtp.from"))
        .isEqualTo("noreply@wvs.example.io");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/-/profile/personal_access_tokens", "ftp://wvs.example.io/x",
      "javascript:alert(1)", "mailto:a@b.c", "https:///nohost", "wvs.example.io/-/profile"})
  void renewUrlMustBeAbsoluteHttp(String url) {
    assertThatThrownBy(() -> SmtpNotifier.builder().renewUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("renewUrl must be an absolute http(s) URL")
        .hasMessageContaining(url);
  }

  @Test
  void renewUrlRejectsUnparseableAndUserInfo() {
    assertThatThrownBy(() -> SmtpNotifier.builder().renewUrl("https://wvs.example.io/a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("renewUrl must be an absolute http(s) URL, was "
            + "'https://wvs.example.io/a b'");
    assertThatThrownBy(() -> SmtpNotifier.builder().renewUrl("https://u:pw@wvs.example.io/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("renewUrl must not contain user information")
        .hasMessageNotContaining("pw");
    assertThat(minimal().build().toString()).contains(RENEW_URL);
    assertThat(SmtpNotifier.builder().host("h").sender(SENDER)
        .renewUrl(URI.create("http://localhost:8080/-/profile/personal_access_tokens"))
        .emailAddressResolver(RESOLVER).build().toString())
        .contains("renewUrl=http://localhost:8080/-/profile/personal_access_tokens");
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(() -> SmtpNotifier.builder().connectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connectTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> SmtpNotifier.builder().readTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be positive, was PT-1S");
    assertThatThrownBy(() -> SmtpNotifier.builder().readTimeout(Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("readTimeout must be at most");
    assertThatThrownBy(() -> SmtpNotifier.builder().readTimeout(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be at least 1 ms, was PT0.00000001S");
  }

  @Test
  void credentialsMustBeNonEmpty() {
    assertThatThrownBy(() -> SmtpNotifier.builder().credentials(" ", "x".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("username must not be blank, was ' '");
    assertThatThrownBy(() -> SmtpNotifier.builder().credentials("mailer", new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("password for user mailer must not be empty");
  }

  @Test
  void everySettingCanBeMadeOnlyOnce() {
    assertThatThrownBy(() -> SmtpNotifier.builder().host("a").host("b"))
        .isInstanceOf(IllegalStateException.class).hasMessage("host was already set to a");
    assertThatThrownBy(() -> SmtpNotifier.builder().port(25).port(26))
        .isInstanceOf(IllegalStateException.class).hasMessage("port was already set to 25");
    assertThatThrownBy(() -> SmtpNotifier.builder().tls(SmtpNotifier.TlsMode.NONE)
        .tls(SmtpNotifier.TlsMode.SMTPS))
        .isInstanceOf(IllegalStateException.class).hasMessage("tls was already set to NONE");
    assertThatThrownBy(() -> SmtpNotifier.builder().credentials("u", "secret1".toCharArray())
        .credentials("v", "secret2".toCharArray()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("credentials were already set for user u");
    assertThatThrownBy(() -> SmtpNotifier.builder().sender(SENDER).sender("x@y.z"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sender was already set to " + SENDER);
    assertThatThrownBy(() -> SmtpNotifier.builder().renewUrl(RENEW_URL)
        .renewUrl(URI.create("https://other.example/")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("renewUrl was already set to " + RENEW_URL);
    assertThatThrownBy(() -> SmtpNotifier.builder().renewUrl(RENEW_URL).renewUrl("bad"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("renewUrl was already set to " + RENEW_URL);
    assertThatThrownBy(() -> SmtpNotifier.builder().connectTimeout(Duration.ofSeconds(1))
        .connectTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connectTimeout was already set to PT1S");
    assertThatThrownBy(() -> SmtpNotifier.builder().readTimeout(Duration.ofSeconds(1))
        .readTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("readTimeout was already set to PT1S");
    assertThatThrownBy(() -> SmtpNotifier.builder().emailAddressResolver(RESOLVER)
        .emailAddressResolver(RESOLVER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("emailAddressResolver was already set to ");
  }

  @Test
  void requiredSettingsAreNamedWhenMissing() {
    assertThatThrownBy(() -> SmtpNotifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SmtpNotifier needs host, sender, renewUrl, emailAddressResolver to be set");
    assertThatThrownBy(() -> SmtpNotifier.builder().host("h").sender(SENDER).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SmtpNotifier needs renewUrl, emailAddressResolver to be set");
    assertThatThrownBy(() -> minimal().tls(SmtpNotifier.TlsMode.NONE)
        .sslSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sslSocketFactory was set but tls is NONE");
  }
}
