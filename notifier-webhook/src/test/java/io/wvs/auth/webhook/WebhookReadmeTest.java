package io.wvs.auth.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's verification snippet is the one the delivery tests verify with. */
class WebhookReadmeTest {
  private static final Pattern SNIPPET = Pattern.compile(
      "(static boolean verify\\(byte\\[\\] secret.*?MessageDigest\\.isEqual[^\n]*\n\\s*}\n)",
      Pattern.DOTALL);

  @Test
  void theReadmesVerificationSnippetIsTheOneTheTestsUse() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String tested = Files.readString(
        Path.of("src", "test", "java", "io", "wvs", "auth", "webhook", "Verification.java"));
    Matcher inReadme = SNIPPET.matcher(readme);
    Matcher inTest = SNIPPET.matcher(tested);
    assertThat(inReadme.find()).as("the README shows the verification snippet").isTrue();
    assertThat(inTest.find()).isTrue();
    assertThat(normalized(inReadme.group(1))).isEqualTo(normalized(inTest.group(1)));
  }

  private static String normalized(String code) {
    return code.replaceAll("\\s+", " ").trim();
  }
}
