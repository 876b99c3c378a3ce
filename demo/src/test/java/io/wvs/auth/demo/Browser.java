package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromedriver, one per test class: page helpers, the
 * browser console's errors, axe-core's accessibility rules and the screenshots under
 * {@code docs/screenshots}. Skipped (an assumption naming the binary) where either is missing.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /**
   * Where the screenshots go: {@code target/screenshots} of the demo module, or the repository's
   * {@code docs/screenshots} (the pictures the README shows) when the build runs with
   * {@code -Dwvs.screenshots=docs}, so an ordinary test run leaves the committed pictures alone.
   */
  static final Path SCREENSHOTS = "docs".equals(System.getProperty("wvs.screenshots"))
      ? Path.of("..", "docs", "screenshots") : Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final String baseUrl;
  private final String axe;

  private Browser(ChromeDriver driver, String baseUrl, String axe) {
    this.driver = driver;
    this.baseUrl = baseUrl;
    this.axe = axe;
  }

  /** Starts Chromium with a fresh profile in {@code profile}; skips the test class without it. */
  static Browser start(String baseUrl, Path profile) {
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      Assumptions.assumeTrue(Files.isExecutable(binary), () -> "the browser tests drive " + binary
          + ", which is not installed here (apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new Browser(driver, baseUrl, axeSource());
  }

  private static String axeSource() {
    try (InputStream in = Browser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
      if (in == null) {
        throw new AssertionError("axe.min.js (the axe-core rules) is missing from the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens {@code path} of the demo. */
  void open(String path) {
    driver.get(baseUrl + path);
  }

  /** The current path (and query) of the page. */
  String path() {
    String url = driver.getCurrentUrl();
    return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String text() {
    return find("body").getText();
  }

  /** Types into the field labelled {@code label} (the label's {@code for} names the field). */
  void fill(String label, String value) {
    WebElement l = driver.findElement(By.xpath("//label[normalize-space(.)='" + label + "']"));
    WebElement field = driver.findElement(By.id(l.getDomAttribute("for")));
    field.clear();
    field.sendKeys(value);
  }

  /** Clicks the link or button reading {@code text} and waits for the next page. */
  void click(String text) {
    navigate(driver.findElement(By.xpath("//*[(self::a or self::button or (self::input and @type='submit'))"
        + " and normalize-space(.)='" + text + "']")));
  }

  /** Clicks {@code element} (a link or a form's button) and waits until its page is gone. */
  void navigate(WebElement element) {
    element.click();
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> gone(element));
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
        "complete".equals(driver.executeScript("return document.readyState")));
  }

  /** Whether {@code element}'s page has been replaced (Chromium may say so in several ways). */
  private static boolean gone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (WebDriverException e) {
      return true; // stale, or "does not belong to the document" while the next page loads
    }
  }

  /** Submits the sign-in page's form (password or two-factor code). */
  void submitSignIn() {
    navigate(find("form.sign-in button[type=submit]"));
  }

  /** Signs in through the form (the current page must be it or lead to it). */
  void signIn(String username, String password) {
    if (!path().startsWith(SignInPages.SIGN_IN)) {
      open(SignInPages.SIGN_IN);
    }
    fill("Username", username);
    fill("Password", password);
    submitSignIn();
  }

  /** Ends any session: a fresh start for the next test. */
  void signOut() {
    driver.manage().deleteAllCookies();
    driver.get("about:blank"); // no form of the ended session stays on screen
  }

  /** The browser console's entries since the last call. */
  List<LogEntry> console() {
    return new ArrayList<>(driver.manage().logs().get(LogType.BROWSER).getAll());
  }

  /** Fails on any error the browser console reported since the last call. */
  void assertNoConsoleErrors() {
    List<String> errors = console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
    assertThat(errors).as("browser console errors").isEmpty();
  }

  /** Runs axe-core on the page; fails on any serious or critical violation. */
  void assertAccessible() {
    driver.executeScript(axe);
    Object result = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "axe.run(document, {resultTypes: ['violations']})"
        + ".then(function (r) { done(JSON.stringify(r.violations)); })"
        + ".catch(function (e) { done('axe failed: ' + e); });");
    JsonNode violations;
    try {
      violations = DemoHarness.JSON.readTree(String.valueOf(result));
    } catch (IOException e) {
      throw new AssertionError("axe-core answered: " + result, e);
    }
    List<String> serious = new ArrayList<>();
    for (JsonNode v : violations) {
      String impact = v.path("impact").asText();
      if (impact.equals("serious") || impact.equals("critical")) {
        serious.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " at "
            + v.path("nodes").findValuesAsText("html"));
      }
    }
    assertThat(serious).as("axe-core violations on %s", path()).isEmpty();
  }

  /**
   * Saves the page as {@code <name>.png} in {@link #SCREENSHOTS}. A token shown on the page is replaced
   * by its prefix and x's first: the committed pictures hold no token, not even a dead one.
   */
  void screenshot(String name) {
    driver.executeScript("document.querySelectorAll('#created-token').forEach(function (e) {"
        + " e.value = e.value.substring(0, e.value.indexOf('-') + 1) + 'x'.repeat(36); });");
    try {
      Files.createDirectories(SCREENSHOTS);
      // The whole page, not only the window: the tables below the form are part of the picture.
      long width = ((Number) driver.executeScript("return document.documentElement.clientWidth")).longValue();
      long height = ((Number) driver.executeScript(
          "return Math.max(document.body.scrollHeight, document.documentElement.clientHeight)")).longValue();
      Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
          "format", "png", "captureBeyondViewport", true,
          "clip", Map.of("x", 0, "y", 0, "width", width, "height", Math.min(height, 4000), "scale", 1)));
      byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
      Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
