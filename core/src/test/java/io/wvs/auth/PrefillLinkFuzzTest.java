package io.wvs.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes {@link PrefillLink}: each input is tried as a whole link and as the query of the token
 * page's link. Parsing refuses only with {@link InvalidTokenRequestException} (a log-safe message);
 * what it accepts was strictly encoded (every raw value ASCII), means what {@link URLDecoder}
 * reads there, and survives {@code toUri} then {@code parse}. Every name the constructor accepts
 * survives that round trip too. Seeds in {@code PrefillLinkFuzzTestInputs}; README, "Fuzzing".
 */
class PrefillLinkFuzzTest {
  private static final String BASE = "https://wvs.example.io";

  @FuzzTest(maxDuration = "5m")
  void parseRefusesWithItsTypeOrRoundTrips(byte[] data) {
    for (String text : FuzzInputs.texts(data)) {
      for (URI link : links(text)) {
        PrefillLink parsed = FuzzInputs.parsedOrRefused(
            () -> PrefillLink.parse(link), InvalidTokenRequestException.class);
        if (parsed == null) {
          continue;
        }
        assertThat(parsed).isEqualTo(decodedByTheJdk(link.getRawQuery()));
        assertThat(PrefillLink.parse(parsed.toUri(BASE))).isEqualTo(parsed);
      }
      buildThenParseKeepsTheName(text);
    }
  }

  private static List<URI> links(String text) {
    List<URI> links = new ArrayList<>(2);
    for (String link : new String[] {text, BASE + PrefillLink.PATH + "?" + text}) {
      try {
        links.add(new URI(link));
      } catch (URISyntaxException e) {
        // Not a URI: nothing a prefill link parser is ever handed.
      }
    }
    return links;
  }

  /** The link an accepted query stands for, read with the JDK's decoder; raw values must be ASCII. */
  private static PrefillLink decodedByTheJdk(String query) {
    Map<String, String> last = new HashMap<>();
    for (String pair : query.split("&", -1)) {
      String[] keyValue = pair.split("=", 2);
      String raw = keyValue.length == 2 ? keyValue[1] : "";
      assertThat(raw).as("accepted raw value").matches("\\p{ASCII}*");
      last.put(keyValue[0], URLDecoder.decode(raw, UTF_8));
    }
    return new PrefillLink(last.get("name"), Scopes.parse(last.get("scopes")));
  }

  private static void buildThenParseKeepsTheName(String name) {
    PrefillLink link = FuzzInputs.parsedOrRefused(
        () -> new PrefillLink(name, EnumSet.of(Scope.READ_API)), InvalidTokenRequestException.class);
    if (link != null) {
      assertThat(PrefillLink.parse(link.toUri(BASE))).as("link named %s", name).isEqualTo(link);
    }
  }
}
