package io.wvs.auth;

import com.google.common.base.Splitter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A link to the personal access token page with the form prefilled:
 * {@code <base>/-/profile/personal_access_tokens?name=Example+Access+token&scopes=api,read_user}.
 * Immutable.
 *
 * @param name the token name to prefill, under the rules of {@link TokenSpec#name()}
 * @param scopes the scopes to prefill, non-empty
 * @since 0.1
 */
public record PrefillLink(String name, Set<Scope> scopes) {
  /** The page path the link points at, below the instance's base URL. */
  public static final String PATH = "/-/profile/personal_access_tokens";
  private static final int MAX_QUERY_LENGTH = 4096;

  /**
   * Checks the name and the scopes.
   *
   * @param name the token name to prefill, under the rules of {@link TokenSpec#name()}
   * @param scopes the scopes to prefill, non-empty
   * @throws InvalidTokenRequestException if the name or a scope is not allowed
   */
  public PrefillLink {
    // The name a token could have: an unpaired surrogate would reach the link as '?', and a
    // control character could not be a token's name.
    NameRules.requireName(name, "prefill name");
    scopes = Scopes.parse(Scopes.format(scopes));
  }

  /**
   * The link below {@code baseUrl}.
   *
   * @param baseUrl the instance's base URL, e.g. {@code https://wvs.example.io}
   * @return the link
   */
  public URI toUri(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return URI.create(base + PATH + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "&scopes=" + Scopes.format(scopes));
  }

  /**
   * Parses the query of a prefill link. Unknown parameters are ignored; {@code name} and
   * {@code scopes} are required, and every scope must be valid.
   *
   * @param link the prefill link
   * @return the name and scopes it prefills
   * @throws InvalidTokenRequestException if the query is missing either parameter, is over-long,
   *     is not valid percent-encoding, or names an unknown scope
   */
  public static PrefillLink parse(URI link) {
    String query = link.getRawQuery();
    if (query == null || query.length() > MAX_QUERY_LENGTH) {
      throw new InvalidTokenRequestException("a prefill link needs a query of at most "
          + MAX_QUERY_LENGTH + " characters with name and scopes");
    }
    String name = null;
    String scopes = null;
    for (String pair : Splitter.on('&').split(query)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (key.equals("name")) {
        name = value;
      } else if (key.equals("scopes")) {
        scopes = value;
      }
    }
    if (name == null || scopes == null) {
      throw new InvalidTokenRequestException("a prefill link needs both name and scopes parameters");
    }
    return new PrefillLink(name, Scopes.parse(scopes));
  }

  /** Strict {@code application/x-www-form-urlencoded} decoding: bad escapes and non-UTF-8 are errors. */
  private static String decode(String raw) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
        if (lo < 0) {
          throw new InvalidTokenRequestException("a prefill link parameter is not valid percent-encoding");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        throw new InvalidTokenRequestException("a prefill link parameter has unencoded non-ASCII text");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidTokenRequestException("a prefill link parameter is not valid percent-encoding of UTF-8 text");
    }
  }
}
