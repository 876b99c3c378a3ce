package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/** The sign-in's rules that need no browser: TOTP steps, {@code return_to}, the fixture's secrets. */
class SignInRulesTest {
  private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  private static final Instant NOW = Instant.parse("2026-12-06T08:00:10Z");

  @Test
  void aTotpCodeIsAcceptedOnlyWithinOneStepOfTheClockAndEachStepOnlyOnce() throws Exception {
    Totp totp = new Totp(Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(totp.verify(2, SECRET, codeAt(NOW.minusSeconds(90)))).as("three steps old").isFalse();
    assertThat(totp.verify(2, SECRET, codeAt(NOW.plusSeconds(60)))).as("two steps ahead").isFalse();
    assertThat(totp.verify(2, SECRET, codeAt(NOW.minusSeconds(30)))).as("the step before").isTrue();
    assertThat(totp.verify(2, SECRET, codeAt(NOW.minusSeconds(30)))).as("the same code again").isFalse();
    assertThat(totp.verify(2, SECRET, codeAt(NOW))).as("the current step").isTrue();
    assertThat(totp.verify(2, SECRET, codeAt(NOW.minusSeconds(30)))).as("an earlier step after a later").isFalse();
    assertThat(totp.verify(3, SECRET, codeAt(NOW))).as("another user's own step").isTrue();
    assertThat(totp.verify(4, SECRET, "12345")).isFalse();
    assertThat(totp.verify(4, SECRET, "abcdef")).isFalse();
    assertThat(totp.verify(4, null, codeAt(NOW))).as("no secret: nobody signs in").isFalse();
  }

  @Test
  void returnToLeadsOnlyToAPathOfThisSite() {
    assertThat(BrowserSession.safeReturnTo("/acme/platform/api/-/settings/access_tokens?x=1"))
        .isEqualTo("/acme/platform/api/-/settings/access_tokens?x=1");
    for (String elsewhere : new String[] {null, "", "//evil.example", "/\\evil.example",
        "https://evil.example/", "javascript:alert(1)", "evil", "/a\nb"}) {
      assertThat(BrowserSession.safeReturnTo(elsewhere)).as(String.valueOf(elsewhere)).isEqualTo("/");
    }
  }

  @Test
  void anOtpSecretMustBeBase32AndOnlyForATwoFactorUser() {
    String ok = "{\"users\": [{\"id\": 1, \"username\": \"a\", \"two_factor\": true,"
        + " \"otp_secret\": \"jbsw y3dp ehpk 3pxp\"}]}";
    assertThat(Fixture.parse(ok, "t").users().get(0).otpSecret()).isEqualTo("JBSWY3DPEHPK3PXP");
    assertThat(Fixture.parse(ok, "t").users().get(0).toString()).contains("otpSecret=[masked]")
        .doesNotContain("JBSW");
    assertThatThrownBy(() -> Fixture.parse(ok.replace("jbsw", "jbs1"), "t"))
        .hasMessageContaining("users[0].otp_secret must be Base32");
    assertThatThrownBy(() -> Fixture.parse(ok.replace("\"two_factor\": true,", ""), "t"))
        .hasMessageContaining("users[0].otp_secret is only for a user with two_factor: true");
  }

  @Test
  void theSessionCookieIsHttpOnlySameSiteLaxAndSecureWhenTheRequestCameOverTls() {
    org.eclipse.jetty.ee10.servlet.SessionHandler sessions = new org.eclipse.jetty.ee10.servlet.SessionHandler();
    DemoJetty.sessions(sessions);
    assertThat(sessions.getSessionCookie()).isEqualTo("_wvs_demo_session");
    assertThat(sessions.isHttpOnly()).isTrue();
    assertThat(sessions.getSameSite()).isEqualTo(org.eclipse.jetty.http.HttpCookie.SameSite.LAX);
    assertThat(sessions.isSecureRequestOnly()).as("Secure on requests over TLS").isTrue();
    assertThat(sessions.isUsingUriParameters()).as("never a session id in a URL").isFalse();
  }

  private static String codeAt(Instant when) throws Exception {
    TimeBasedOneTimePasswordGenerator g = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30));
    return String.format(Locale.ROOT, "%06d",
        g.generateOneTimePassword(new SecretKeySpec(new Base32().decode(SECRET), g.getAlgorithm()), when));
  }
}
