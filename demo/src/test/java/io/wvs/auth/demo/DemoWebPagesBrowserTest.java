package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.cloneUrl;
import static io.wvs.auth.demo.DemoHarness.git;
import static io.wvs.auth.demo.DemoHarness.newDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The demo's sign-in and the web module's token pages mounted in the demo, driven in a real
 * headless Chromium as a person would: the sign-in form, the two-factor step, the session cookie,
 * {@code return_to}, sign-out, the home page, the avatar path, the prefill link, the token shown once and used with the real
 * git and the REST API, Last Used, revocation, project, deploy and impersonation tokens, the CSRF
 * refusal and escaping. Every test fails on a browser console error; every page passes
 * axe-core's serious and critical rules. The screenshots in {@code docs/screenshots} come from here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoWebPagesBrowserTest {
  private static final String PERSONAL = "/-/profile/personal_access_tokens";
  private static final String PREFILL = PERSONAL + "?name=Example+Access+token&scopes=api,read_user";
  private static final String PROJECT = "acme/platform/api";

  @TempDir
  static Path tmp;

  private DemoServer server;
  private Browser browser;
  private Path home;
  /** The last TOTP step this class signed in with. */
  private long lastStep;

  @BeforeAll
  void start() throws Exception {
    DemoHarness.requireGit();
    server = DemoServer.start(DemoConfig.builder().port(0).dataDir(tmp.resolve("data")).build());
    browser = Browser.start(server.baseUrl(), tmp.resolve("profile"));
    home = newDir(tmp, "home");
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
  void theAvatarMenuLeadsFromEditProfileToAccessTokens() {
    browser.signIn("bob", "bob-password");
    browser.find("details.avatar-menu summary").click();
    browser.click("Edit profile");
    browser.click("Access Tokens");
    assertThat(browser.path()).isEqualTo(PERSONAL);
    assertThat(browser.find("h1").getText()).containsIgnoringCase("personal access tokens");
  }

  @Test
  void theExpiryEmailsRenewLinkLandsOnThePersonalAccessTokensPageAfterSignIn() {
    browser.open(DemoConfig.RENEW_PATH);
    assertThat(browser.path()).startsWith(SignInPages.SIGN_IN + "?return_to=");
    browser.signIn("bob", "bob-password");
    assertThat(browser.path()).isEqualTo(PERSONAL);
  }

  @Test
  void aPrefilledTokenIsShownOnceWorksWithGitAndTheApiShowsLastUsedAndMovesToInactiveWhenRevoked() {
    browser.open(PREFILL);
    browser.signIn("bob", "bob-password");
    assertThat(browser.path()).as(browser.driver.getPageSource()).isEqualTo(PREFILL);
    assertThat(browser.find("#token-name").getDomProperty("value")).isEqualTo("Example Access token");
    assertThat(browser.find("#scope-api").isSelected()).isTrue();
    assertThat(browser.find("#scope-read_user").isSelected()).isTrue();
    assertThat(browser.find("#scope-read_repository").isSelected()).isFalse();
    browser.assertAccessible();
    browser.screenshot("personal-access-tokens-prefill");

    browser.find("#scope-read_repository").click();
    browser.fill("Description (optional)", "Clones the docs site nightly");
    browser.click("Create personal access token");
    String token = browser.find("#created-token").getDomProperty("value");
    assertThat(token).isNotBlank();
    assertThat(browser.driver.getCurrentUrl()).doesNotContain(token);
    assertThat(row("Example Access token").getText()).contains("Never", "Clones the docs site nightly");
    browser.assertAccessible();
    browser.screenshot("token-shown-once");
    browser.driver.navigate().refresh();
    assertThat(browser.all("#created-token")).isEmpty();
    assertThat(browser.driver.getPageSource()).doesNotContain(token);
    browser.driver.navigate().back();
    assertThat(browser.driver.getPageSource()).doesNotContain(token);

    git(home, tmp, "clone", cloneUrl(server, "bob", token, PROJECT), "prefilled").ok();
    DemoHarness.Answer me = DemoHarness.get(server.baseUrl() + "/api/v4/user", token);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("username").asText()).isEqualTo("bob");
    browser.open(PERSONAL);
    assertThat(row("Example Access token").getText()).doesNotContain("Never");

    browser.navigate(browser.find("button[aria-label='Revoke Example Access token']"));
    browser.click("Revoke"); // the confirmation
    assertThat(browser.path()).isEqualTo(PERSONAL);
    WebElement inactive = browser.find("section.list:last-of-type");
    assertThat(inactive.getText()).contains("Example Access token");
    assertThat(browser.find("section.list").getText()).doesNotContain("Example Access token");
    assertThat(DemoHarness.get(server.baseUrl() + "/api/v4/user", token).status()).isEqualTo(401);
  }

  @Test
  void aMaintainerCreatesProjectAndDeployTokensAndADeveloperIsRefused() throws Exception {
    browser.signIn("bob", "bob-password");
    browser.click(PROJECT);
    assertThat(browser.path()).isEqualTo("/" + PROJECT + "/-/settings/access_tokens");
    browser.fill("Token name", "ci-bot");
    browser.fill("Description (optional)", "Pipeline checkout");
    browser.find("#scope-read_repository").click();
    browser.click("Create project access token");
    String projectToken = browser.find("#created-token").getDomProperty("value");
    assertThat(row("ci-bot").getText()).contains("project_1_bot", "Pipeline checkout");
    browser.assertAccessible();
    browser.screenshot("project-access-tokens");
    git(home, tmp, "clone", cloneUrl(server, "project_1_bot", projectToken, PROJECT), "by-project-token").ok();

    browser.open("/" + PROJECT + "/-/settings/repository");
    browser.fill("Token name", "deployer");
    browser.find("#scope-read_repository").click();
    browser.click("Create deploy token");
    String username = browser.find("#created-username").getDomProperty("value");
    String deployToken = browser.find("#created-token").getDomProperty("value");
    assertThat(username).isNotBlank();
    browser.assertAccessible();
    browser.screenshot("deploy-tokens");
    git(home, tmp, "clone", cloneUrl(server, username, deployToken, PROJECT), "by-deploy-token").ok();
    browser.signOut();

    browser.signIn("alice", "alice-password");
    browser.fill("Enter the code from your two-factor authenticator app", code("alice"));
    browser.submitSignIn();
    assertThat(browser.text()).contains("Signed in as alice");
    assertThat(browser.all("nav.links a")).isEmpty(); // she maintains nothing
    browser.open("/" + PROJECT + "/-/settings/access_tokens");
    assertThat(browser.all("#token-name")).isEmpty();
    assertThat(browser.driver.getPageSource()).doesNotContain("ci-bot");
    browser.open("/" + PROJECT + "/-/settings/repository");
    assertThat(browser.all("#token-name")).isEmpty();
    assertThat(browser.driver.getPageSource()).doesNotContain("deployer");
    refusalsOnly(browser.console());
  }

  @Test
  void anAdministratorCreatesImpersonationTokensFromTheAdminArea() {
    browser.signIn("root", "root-password");
    browser.click("Admin area");
    browser.click("Impersonation tokens of alice");
    assertThat(browser.path()).isEqualTo("/admin/users/alice/impersonation_tokens");
    browser.fill("Token name", "support session");
    browser.find("#scope-read_user").click();
    browser.click("Create impersonation token");
    String token = browser.find("#created-token").getDomProperty("value");
    assertThat(row("support session").getText()).contains("read_user");
    browser.assertAccessible();
    browser.screenshot("impersonation-tokens");
    DemoHarness.Answer me = DemoHarness.get(server.baseUrl() + "/api/v4/user", token);
    assertThat(me.json().path("username").asText()).isEqualTo("alice");
  }

  @Test
  void aTokenFormPostedWithoutTheSessionsCsrfTokenCreatesNothing() {
    browser.signIn("bob", "bob-password");
    browser.open(PERSONAL);
    int before = browser.all("tr[data-token-id]").size();
    browser.fill("Token name", "forged");
    browser.find("#scope-read_user").click();
    browser.driver.executeScript(
        "document.querySelector('section.new input[name=authenticity_token]').value = 'forged'");
    browser.click("Create personal access token");
    assertThat(browser.all("#created-token")).isEmpty();
    refusalsOnly(browser.console());
    browser.open(PERSONAL);
    assertThat(browser.all("tr[data-token-id]")).hasSize(before);
    assertThat(browser.driver.getPageSource()).doesNotContain(">forged<");
  }

  @Test
  void aTokenNamedAfterAScriptTagIsShownAsText() {
    String name = "<script>alert(1)</script>";
    browser.signIn("root", "root-password");
    browser.open(PERSONAL);
    browser.fill("Token name", name);
    browser.find("#scope-read_user").click();
    browser.click("Create personal access token");
    assertThat(row(name).findElement(By.cssSelector("td.name")).getText()).isEqualTo(name);
    assertThat(browser.driver.getPageSource()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
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
    String csrfBefore = browser.find("input[name=authenticity_token]").getAttribute("value");
    browser.signIn("bob", "bob-password");
    assertThat(browser.path()).isEqualTo("/");
    assertThat(browser.text()).contains("Signed in as bob");
    Cookie after = browser.driver.manage().getCookieNamed("_wvs_demo_session");
    assertThat(after.getValue()).isNotEqualTo(before.getValue());
    assertThat(after.isHttpOnly()).isTrue();
    assertThat(after.getSameSite()).isEqualTo("Lax");
    assertThat(after.isSecure()).as("served over plain HTTP").isFalse();
    assertThat(after.getPath()).isEqualTo("/");
    browser.open("/-/profile/personal_access_tokens");
    assertThat(browser.find("input[name=authenticity_token]").getAttribute("value"))
        .as("the CSRF token changes at sign-in, as the session id does").isNotEqualTo(csrfBefore);
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
  }

  @Test
  void aTwoFactorUserSignsInWithTheTotpCodeOfTheFixtureSecret() throws Exception {
    browser.signIn("alice", "alice-password");
    assertThat(browser.find("h1").getText()).isEqualTo("Two-factor authentication");
    browser.fill("Enter the code from your two-factor authenticator app", staleCode("alice"));
    browser.submitSignIn();
    assertThat(browser.find("[role=alert]").getText()).isEqualTo(SignInPages.BAD_CODE);
    browser.assertAccessible();
    browser.fill("Enter the code from your two-factor authenticator app", code("alice"));
    browser.submitSignIn();
    assertThat(browser.path()).isEqualTo("/");
    assertThat(browser.text()).contains("Signed in as alice");
  }

  @Test
  void fiveWrongTwoFactorCodesAskForThePasswordAgain() throws Exception {
    browser.signIn("alice", "alice-password");
    for (int i = 0; i < 4; i++) {
      browser.fill("Enter the code from your two-factor authenticator app", staleCode("alice"));
      browser.submitSignIn();
      assertThat(browser.find("h1").getText()).isEqualTo("Two-factor authentication");
    }
    browser.fill("Enter the code from your two-factor authenticator app", staleCode("alice"));
    browser.submitSignIn();
    assertThat(browser.find("h1").getText()).isEqualTo("Sign in");
    assertThat(browser.find("[role=alert]").getText()).isEqualTo(SignInPages.BAD_CODE);
    assertThat(browser.all("#otp")).isEmpty();
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
    for (String elsewhere : new String[] {"//evil.example/x", "https://evil.example/"}) {
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
    browser.find("details.avatar-menu summary").click();
    browser.click("Sign out");
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
    browser.submitSignIn();
    assertThat(browser.find("[role=alert]").getText()).isEqualTo(SignInPages.BAD_FORM);
    browser.console(); // the 422 is reported on the console: expected here
    browser.open("/");
    assertThat(browser.text()).doesNotContain("Signed in as");
  }

  @Test
  void theHomePageInABrowserLinksToSignInWhileOtherClientsKeepThePlainSummary() {
    browser.open("/");
    assertThat(browser.find("h1").getText()).isEqualTo("wvs-auth demo server");
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

  /** The token table's row named {@code name}. */
  private WebElement row(String name) {
    return browser.all("tr[data-token-id]").stream()
        .filter(r -> r.findElement(By.cssSelector("td.name")).getText().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no row named " + name + " in " + browser.text()));
  }

  /** The console saw only the refusals' statuses (the browser reports them), nothing else. */
  private static void refusalsOnly(List<org.openqa.selenium.logging.LogEntry> console) {
    assertThat(console).allSatisfy(e -> assertThat(e.getMessage())
        .containsAnyOf("status of 403", "status of 404"));
  }

  /** A code of the user's secret from ten minutes ago: outside the server's window. */
  private String staleCode(String username) throws Exception {
    return codeAt(username, Instant.now().getEpochSecond() / 30 - 20);
  }

  /**
   * The user's TOTP code, from the fixture's secret as an authenticator app computes it: the
   * current 30-second step's, or the next one's when this class has used the current one already
   * (the server accepts each step once and one step ahead, as for a phone whose clock runs fast).
   */
  private String code(String username) throws Exception {
    long now = Instant.now().getEpochSecond() / 30;
    long step = Math.max(now, lastStep + 1);
    if (step > now + 1) {
      Thread.sleep((step - 1) * 30_000 - System.currentTimeMillis() + 100);
    }
    lastStep = step;
    return codeAt(username, step);
  }

  private String codeAt(String username, long step) throws Exception {
    String secret = server.fixture().user(username).orElseThrow().otpSecret();
    TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30));
    return String.format(Locale.ROOT, "%06d", totp.generateOneTimePassword(
        new SecretKeySpec(new Base32().decode(secret), totp.getAlgorithm()), Instant.ofEpochSecond(step * 30)));
  }
}
