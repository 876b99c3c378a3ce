package io.wvs.auth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
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

  /** The outcome, one kind each: exactly one {@link Credential}, or {@link Without} one and why. */
  sealed interface Resolution permits Credential, Resolution.Without {
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
    for (String name : HEADERS) {
      if (request.getHeader(name) != null) {
        return true;
      }
    }
    String query = request.getQueryString();
    if (query != null && query.contains(PRIVATE_TOKEN_PARAMETER)) {
      return true;
    }
    return isForm(request);
  }

  /**
   * The headers that may carry a credential, in the order they are read, and what a value of each
   * is ({@code Authorization} by its scheme, so none here). Read in one loop, so a compiled filter
   * pass holds one header lookup for the three, not one per header.
   */
  private static final String[] HEADERS = {PRIVATE_TOKEN_HEADER, DEPLOY_TOKEN_HEADER, "Authorization"};
  private static final Credential.Source[] HEADER_SOURCES =
      {Credential.Source.PRIVATE_TOKEN_HEADER, Credential.Source.DEPLOY_TOKEN_HEADER, null};

  static Resolution resolve(HttpServletRequest request, boolean allowBasic) {
    Candidates found = new Candidates();
    for (int h = 0; h < HEADERS.length; h++) {
      Enumeration<String> e = request.getHeaders(HEADERS[h]);
      while (e != null && e.hasMoreElements()) {
        String v = e.nextElement();
        if (v == null) {
          continue;
        }
        if (HEADER_SOURCES[h] != null) {
          found.add(capped(v).trim(), HEADER_SOURCES[h], null);
        } else if (!addAuthorization(found, v, allowBasic)) {
          return Resolution.Without.MALFORMED_BASIC;
        }
      }
    }
    addParameters(found, request);
    if (found.value == null) {
      return Resolution.Without.NONE;
    }
    if (found.differ) {
      return Resolution.Without.AMBIGUOUS;
    }
    return new Credential(found.value, found.source, found.username);
  }

  /**
   * One {@code Authorization} header's credential: a bearer token, or with {@code allowBasic} basic
   * credentials; false when those are malformed.
   */
  private static boolean addAuthorization(Candidates found, String v, boolean allowBasic) {
    String value = capped(v).trim();
    int space = value.indexOf(' ');
    String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
    String rest = space < 0 ? "" : value.substring(space + 1).trim();
    if (scheme.equals("bearer")) {
      found.add(rest, Credential.Source.BEARER, null);
    } else if (scheme.equals("basic") && allowBasic) {
      // An over-long header was cut short by capped(): never decode a prefix of it.
      Credential basic = v.length() > MAX_VALUE_LENGTH ? null : decodeBasic(rest);
      if (basic == null) {
        return false;
      }
      found.add(basic.value(), Credential.Source.BASIC, basic.username());
    }
    return true;
  }

  /**
   * The credentials found so far, in the order read: the first value, whether a later one
   * differs, and where it was found (a basic-auth header presenting the same value wins: its
   * username goes with it). Empty values count as absent.
   */
  private static final class Candidates {
    String value;
    Credential.Source source;
    String username;
    boolean differ;

    void add(String v, Credential.Source from, String user) {
      if (v == null || v.isEmpty()) {
        return;
      }
      if (value == null) {
        value = v;
        source = from;
        username = user;
      } else if (!v.equals(value)) {
        differ = true;
      } else if (from == Credential.Source.BASIC) {
        source = from;
        username = user;
      }
    }
  }

  /** A header value, cut after {@link #MAX_VALUE_LENGTH} + 1 characters. */
  private static String capped(String v) {
    return v.length() > MAX_VALUE_LENGTH ? v.substring(0, MAX_VALUE_LENGTH + 1) : v;
  }

  /** {@code private_token} from the query string, and from a form body when there is one. */
  private static void addParameters(Candidates found, HttpServletRequest request) {
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
        for (String v : values) {
          found.add(v, Credential.Source.PRIVATE_TOKEN_PARAMETER, null);
        }
        return;
      }
    }
    Map<String, List<String>> query = RequestPath.query(request);
    if (query != null) {
      for (String v : query.getOrDefault(PRIVATE_TOKEN_PARAMETER, List.of())) {
        found.add(v, Credential.Source.PRIVATE_TOKEN_PARAMETER, null);
      }
    }
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
