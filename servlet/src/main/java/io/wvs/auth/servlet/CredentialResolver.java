package io.wvs.auth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the credential of a request, like Spring Security's {@code DefaultBearerTokenResolver}:
 * the {@code PRIVATE-TOKEN} header, {@code Authorization: Bearer}, the {@code private_token}
 * parameter (query string, or form body), the {@code Deploy-Token} header and, where the route
 * allows it, {@code Authorization: Basic}. Two different values are ambiguous and refused; the
 * same value in several places is one credential. Empty values count as absent. Stateless.
 */
final class CredentialResolver {
  static final String PRIVATE_TOKEN_HEADER = "PRIVATE-TOKEN";
  static final String DEPLOY_TOKEN_HEADER = "Deploy-Token";
  static final String PRIVATE_TOKEN_PARAMETER = "private_token";
  /** Longest header value read; longer ones are malformed credentials anyway. */
  static final int MAX_VALUE_LENGTH = 4096;

  /** The outcome, one kind each: one credential {@link Found}, or {@link Without} one and why. */
  sealed interface Resolution permits Resolution.Found, Resolution.Without {
    /** Exactly one credential. */
    record Found(Credential credential) implements Resolution {}

    /** No credential to authenticate: none presented, several that differ, or a bad basic header. */
    enum Without implements Resolution {
      NONE,
      AMBIGUOUS,
      MALFORMED_BASIC
    }
  }

  private CredentialResolver() {}

  /**
   * Whether the request carries anything that may be a credential. Cheap: headers and the raw
   * query string only, so anonymous traffic is passed on without further work.
   */
  static boolean mayCarryCredential(HttpServletRequest request) {
    if (request.getHeader(PRIVATE_TOKEN_HEADER) != null || request.getHeader(DEPLOY_TOKEN_HEADER) != null
        || request.getHeader("Authorization") != null) {
      return true;
    }
    String query = request.getQueryString();
    if (query != null && query.contains(PRIVATE_TOKEN_PARAMETER)) {
      return true;
    }
    return isForm(request);
  }

  static Resolution resolve(HttpServletRequest request, boolean allowBasic) {
    List<Credential> found = new ArrayList<>(2);
    for (String v : headers(request, PRIVATE_TOKEN_HEADER)) {
      add(found, v.trim(), Credential.Source.PRIVATE_TOKEN_HEADER, null);
    }
    for (String v : headers(request, DEPLOY_TOKEN_HEADER)) {
      add(found, v.trim(), Credential.Source.DEPLOY_TOKEN_HEADER, null);
    }
    for (String v : headers(request, "Authorization")) {
      String value = v.trim();
      int space = value.indexOf(' ');
      String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
      String rest = space < 0 ? "" : value.substring(space + 1).trim();
      if (scheme.equals("bearer")) {
        add(found, rest, Credential.Source.BEARER, null);
      } else if (scheme.equals("basic") && allowBasic) {
        // An over-long header was cut short by headers(): never decode a prefix of it.
        Credential basic = v.length() > MAX_VALUE_LENGTH ? null : decodeBasic(rest);
        if (basic == null) {
          return Resolution.Without.MALFORMED_BASIC;
        }
        add(found, basic.value(), Credential.Source.BASIC, basic.username());
      }
    }
    for (String v : parameters(request)) {
      add(found, v, Credential.Source.PRIVATE_TOKEN_PARAMETER, null);
    }
    if (found.isEmpty()) {
      return Resolution.Without.NONE;
    }
    Credential chosen = found.get(0);
    for (Credential c : found) {
      if (!c.value().equals(chosen.value())) {
        return Resolution.Without.AMBIGUOUS;
      }
      if (c.source() == Credential.Source.BASIC) {
        chosen = c;
      }
    }
    return new Resolution.Found(chosen);
  }

  private static void add(List<Credential> found, String value, Credential.Source source, String username) {
    if (value != null && !value.isEmpty()) {
      found.add(new Credential(value, source, username));
    }
  }

  private static List<String> headers(HttpServletRequest request, String name) {
    List<String> values = new ArrayList<>(1);
    Enumeration<String> e = request.getHeaders(name);
    while (e != null && e.hasMoreElements()) {
      String v = e.nextElement();
      if (v != null) {
        values.add(v.length() > MAX_VALUE_LENGTH ? v.substring(0, MAX_VALUE_LENGTH + 1) : v);
      }
    }
    return values;
  }

  /** {@code private_token} from the query string, and from a form body when there is one. */
  private static List<String> parameters(HttpServletRequest request) {
    if (isForm(request)) {
      String[] values;
      try {
        values = request.getParameterValues(PRIVATE_TOKEN_PARAMETER);
      } catch (RuntimeException e) {
        // An unreadable form body (bad encoding, too large): no credential from it. The
        // servlet behind answers the malformed body itself.
        values = null;
      }
      if (values != null) {
        List<String> out = new ArrayList<>(values.length);
        for (String v : values) {
          if (v != null) {
            out.add(v);
          }
        }
        return out;
      }
    }
    Map<String, List<String>> query = RequestPath.query(request);
    return query == null ? List.of() : query.getOrDefault(PRIVATE_TOKEN_PARAMETER, List.of());
  }

  static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** {@code user:password} from a Basic header's base64 text, or null if it is malformed. */
  private static Credential decodeBasic(String encoded) {
    if (encoded.isEmpty()) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String decoded = RequestPath.decodeUtf8(bytes);
    if (decoded == null) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String username = decoded.substring(0, colon);
    return new Credential(decoded.substring(colon + 1), Credential.Source.BASIC,
        username.isEmpty() ? null : username);
  }
}
