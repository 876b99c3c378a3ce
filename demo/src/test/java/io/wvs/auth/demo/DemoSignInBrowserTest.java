package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;

/**
 * The demo's sign-in in a real headless Chromium: the form, the two-factor step, the session
 * cookie, {@code return_to}, sign-out, the home page. Every test fails on a browser console error;
 * every page passes axe-core's serious and critical rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoSignInBrowserTest {
  @TempDir
  static Path tmp;

  private DemoServer server;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("data")).build());
    browser = Browser.start(server.baseUrl(), tmp.resolve("profile"));
  }

  @AfterEach
  void consoleIsClean() {
    try {
      browser.assertNoConsoleErrors();
    } finally {
      browser.signOut();
    }
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void theSignInFormHasLabelledUsernameAndPasswordFieldsAndACsrfToken() {
    browser.open(SignInPages.SIGN_IN);
    assertThat(browser.find("h1").getText()).isEqualTo("Sign in");
    assertThat(browser.find("#username").getDomAttribute("name")).isEqualTo("username");
    assertThat(browser.find("#password").getDomAttribute("type")).isEqualTo("password");
    assertThat(browser.find("input[name=authenticity_token]").getDomAttribute("value")).hasSizeGreaterThan(20);
    browser.assertAccessible();
    browser.screenshot("sign-in");
  }

  @Test
  void signingInRotatesTheSessionIdInAnHttpOnlySameSiteLaxCookie() {
    browser.open(SignInPages.SIGN_IN);
    Cookie before = browser.driver.manage().getCookieNamed("_wvs_demo_session");
    assertThat(before).isNotNull();
    browser.signIn("bob", "bob-password");
    assertThat(browser.path()).isEqualTo("/");
    assertThat(browser.text()).contains("Signed in as bob");
    Cookie after = browser.driver.manage().getCookieNamed("_wvs_demo_session");
    assertThat(after.getValue()).isNotEqualTo(before.getValue());
    assertThat(after.isHttpOnly()).isTrue();
    assertThat(after.getSameSite()).isEqualTo("Lax");
    assertThat(after.isSecure()).as("served over plain HTTP").isFalse();
    assertThat(after.getPath()).isEqualTo("/");
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameGenericMessage() {
    browser.signIn("bob", "not-bobs-password");
    String wrongPassword = browser.find("[role=alert]").getText();
    browser.signIn("nobody-here", "bob-password");
    String unknownUser = browser.find("[role=alert]").getText();
    assertThat(wrongPassword).isEqualTo(unknownUser).isEqualTo(SignInPages.BAD_LOGIN);
    assertThat(browser.driver.manage().getCookieNamed("_wvs_demo_session")).isNotNull();
    browser.open("/");
    assertThat(browser.text()).doesNotContain("Signed in as");
    browser.assertAccessible();
  }

  @Test
  void aTwoFactorUserSignsInWithTheTotpCodeOfTheFixtureSecret() throws Exception {
    browser.signIn("alice", "alice-password");
    assertThat(browser.find("h1").getText()).isEqualTo("Two-factor authentication");
    browser.fill("Enter the code from your two-factor authenticator app", "000000".equals(code()) ? "111111" : "000000");
    browser.find("form.sign-in button[type=submit]").click();
    assertThat(browser.find("[role=alert]").getText()).isEqualTo(SignInPages.BAD_CODE);
    browser.assertAccessible();
    browser.fill("Enter the code from your two-factor authenticator app", code());
    browser.find("form.sign-in button[type=submit]").click();
    assertThat(browser.path()).isEqualTo("/");
    assertThat(browser.text()).contains("Signed in as alice");
  }

  @Test
  void aTwoFactorUserIsNotSignedInByThePasswordAlone() {
    browser.signIn("alice", "alice-password");
    browser.open("/");
    assertThat(browser.text()).doesNotContain("Signed in as").contains("Sign in");
  }

  @Test
  void returnToIsFollowedOnlyToAPathOfThisSite() {
    browser.open(SignInPages.SIGN_IN + "?return_to=%2Fadmin%2Fusers");
    browser.signIn("root", "root-password");
    assertThat(browser.path()).isEqualTo("/admin/users");
    browser.signOut();
    for (String elsewhere : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example"}) {
      browser.open(SignInPages.SIGN_IN + "?return_to=" + java.net.URLEncoder.encode(elsewhere,
          java.nio.charset.StandardCharsets.UTF_8));
      browser.signIn("bob", "bob-password");
      assertThat(browser.driver.getCurrentUrl()).isEqualTo(server.baseUrl() + "/");
      browser.signOut();
    }
  }

  @Test
  void signOutIsAPostWithTheSessionsCsrfToken() {
    browser.signIn("bob", "bob-password");
    browser.click("Sign out bob");
    assertThat(browser.path()).isEqualTo("/");
    assertThat(browser.text()).doesNotContain("Signed in as");
    // A sign-out without the token (another site's form) is refused and ends nothing.
    browser.signIn("bob", "bob-password");
    DemoHarness.Answer forged = DemoHarness.send("POST", server.baseUrl() + SignInPages.SIGN_OUT,
        "authenticity_token=forged", "Content-Type", "application/x-www-form-urlencoded",
        "Cookie", "_wvs_demo_session=" + browser.driver.manage().getCookieNamed("_wvs_demo_session").getValue());
    assertThat(forged.status()).isEqualTo(422);
    browser.open("/");
    assertThat(browser.text()).contains("Signed in as bob");
  }

  @Test
  void aSignInPostWithoutTheCsrfTokenIsRefused() {
    browser.open(SignInPages.SIGN_IN);
    browser.driver.executeScript("document.querySelector('input[name=authenticity_token]').value = 'forged'");
    browser.fill("Username", "bob");
    browser.fill("Password", "bob-password");
    browser.find("form.sign-in button[type=submit]").click();
    assertThat(browser.find("[role=alert]").getText()).isEqualTo(SignInPages.BAD_FORM);
    browser.console(); // the 422 is reported on the console: expected here
    browser.open("/");
    assertThat(browser.text()).doesNotContain("Signed in as");
  }

  @Test
  void theHomePageInABrowserLinksToSignInWhileOtherClientsKeepThePlainSummary() {
    browser.open("/");
    assertThat(browser.driver.getTitle()).contains("wvs-auth demo");
    browser.click("Sign in");
    assertThat(browser.path()).isEqualTo(SignInPages.SIGN_IN);
    DemoHarness.Answer plain = DemoHarness.send("GET", server.baseUrl() + "/", null);
    assertThat(plain.header("Content-Type")).startsWith("text/plain");
    assertThat(plain.body()).isEqualTo(server.welcomeText());
    browser.open("/");
    browser.assertAccessible();
  }

  @Test
  void theAdminAreaListsUsersOnlyForAdministrators() {
    browser.signIn("root", "root-password");
    browser.click("Admin area");
    assertThat(browser.path()).isEqualTo(BrowserRoutes.ADMIN_USERS);
    assertThat(browser.all("a[href='/admin/users/alice/impersonation_tokens']")).hasSize(1);
    browser.assertAccessible();
    browser.signOut();
    DemoHarness.Answer anonymous = DemoHarness.send("GET", server.baseUrl() + BrowserRoutes.ADMIN_USERS, null);
    assertThat(anonymous.status()).isEqualTo(303);
    assertThat(anonymous.header("Location")).isEqualTo("/users/sign_in?return_to=%2Fadmin%2Fusers");
  }

  /** Alice's current TOTP code, computed from the fixture's secret as her authenticator app would. */
  private String code() throws Exception {
    String secret = server.fixture().user("alice").orElseThrow().otpSecret();
    TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30));
    return String.format(Locale.ROOT, "%06d", totp.generateOneTimePassword(
        new SecretKeySpec(new Base32().decode(secret), totp.getAlgorithm()), Instant.now()));
  }
}
