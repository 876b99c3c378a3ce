package io.wvs.auth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The path of a request as decoded segments, parsed from the raw request URI (never from the
 * container's normalised servlet path), so the filter's route rules and the API servlet read a path
 * the same way.
 *
 * <p>Hostile paths parse to nothing: longer than {@value #MAX_LENGTH} characters or
 * {@value #MAX_SEGMENTS} segments, non-ASCII or control characters, backslashes, path parameters
 * ({@code ;}), empty segments ({@code //}), bad percent escapes, non-UTF-8 escapes, and segments
 * that decode to {@code .} or {@code ..}. A segment may decode to text with a {@code /} (an encoded
 * slash, as in {@code /projects/acme%2Fapi}); callers decide where that is allowed. One trailing
 * slash is ignored. Immutable.
 */
final class RequestPath {
  static final int MAX_LENGTH = 2048;
  static final int MAX_SEGMENTS = 64;

  /** The decoded segments; never changed after parsing. */
  private final String[] segments;
  /** Bit {@code i} is set when segment {@code i} decodes to text holding a slash (an encoded one). */
  private final long slashSegments;

  private RequestPath(String[] segments, long slashSegments) {
    this.segments = segments;
    this.slashSegments = slashSegments;
  }

  /**
   * The request's path after the context path, or empty if it is hostile. A path parsed recently
   * (by this request's route decision, or for an earlier request of the same URI) is not parsed
   * again ({@link RecentRequestPaths}).
   */
  static Optional<RequestPath> of(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return uri == null ? Optional.empty() : RecentRequestPaths.of(uri, request.getContextPath());
  }

  /**
   * The path of {@code uri} (not null) after {@code context} (null or empty for none), or empty if
   * it is hostile.
   */
  static Optional<RequestPath> parseRequest(String uri, String context) {
    if (context != null && !context.isEmpty()) {
      if (!uri.startsWith(context)) {
        return Optional.empty();
      }
      uri = uri.substring(context.length());
      if (uri.isEmpty()) {
        uri = "/";
      }
    }
    return parse(uri);
  }

  /**
   * Parses a raw (still percent-encoded) absolute path, or empty if it is hostile. One pass checks
   * the characters and counts the segments; a second cuts and decodes each segment straight from
   * {@code raw} (a segment without escapes is a plain substring).
   */
  static Optional<RequestPath> parse(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/' || raw.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int slashes = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      byte kind = c < PATH_CHARS.length ? PATH_CHARS[c] : REFUSED;
      if (kind == REFUSED) {
        return Optional.empty();
      }
      slashes += kind; // SLASH is 1, a segment character 0
    }
    // The segments lie between the leading slash and one trailing slash, if there is one.
    int end = raw.length();
    if (end > 1 && raw.charAt(end - 1) == '/') {
      end--;
      slashes--;
    }
    int count = end == 1 ? 0 : slashes;
    if (count > MAX_SEGMENTS) {
      return Optional.empty();
    }
    String[] segments = new String[count];
    long slashSegments = 0; // count <= MAX_SEGMENTS, 64: one bit each
    int start = 1;
    for (int n = 0; n < count; n++) {
      int stop = start;
      while (stop < end && raw.charAt(stop) != '/') { // segments are short: no search set-up
        stop++;
      }
      if (stop == start) {
        return Optional.empty();
      }
      String decoded = common(raw, start, stop);
      if (decoded == null) {
        decoded = decode(raw, start, stop, false);
        if (decoded == null || !isSafeSegment(decoded)) {
          return Optional.empty();
        }
        if (decoded.indexOf('/') >= 0) {
          slashSegments |= 1L << n;
        }
      }
      segments[n] = decoded;
      start = stop + 1;
    }
    return Optional.of(new RequestPath(segments, slashSegments));
  }

  /** What each ASCII character is in a raw path; anything above ASCII is refused. */
  private static final byte SEGMENT_CHAR = 0;
  private static final byte SLASH = 1;
  private static final byte REFUSED = 2;
  private static final byte[] PATH_CHARS = new byte[0x7f];

  static {
    for (int c = 0; c < PATH_CHARS.length; c++) {
      PATH_CHARS[c] = c <= 0x20 || c == '\\' || c == ';' ? REFUSED : c == '/' ? SLASH : SEGMENT_CHAR;
    }
  }

  /** Segments most routed paths hold: shared, rather than cut from each request's URI anew. */
  private static final String[] COMMON_SEGMENTS = {"api", "v4", "user", "users", "projects", "groups",
      "packages", "info", "refs"};

  /**
   * The common segments by {@link #commonSlot}: one slot read and one comparison find the
   * candidate for a segment. Two that share a slot would leave the later one unshared (still
   * correct: it is then cut from the URI); the test of this class checks that none do.
   */
  private static final String[] COMMON_BY_SLOT = new String[64];

  static {
    for (String segment : COMMON_SEGMENTS) {
      int slot = commonSlot(segment, 0, segment.length());
      if (COMMON_BY_SLOT[slot] == null) {
        COMMON_BY_SLOT[slot] = segment;
      }
    }
  }

  /** A slot from a segment's length and its first, second and last characters. */
  private static int commonSlot(String raw, int from, int to) {
    int length = to - from;
    char second = raw.charAt(length > 1 ? from + 1 : from);
    return (length + raw.charAt(from) + second + 3 * raw.charAt(to - 1)) & 63;
  }

  /** Whether every common segment has a slot of its own. */
  static boolean commonSegmentsHaveSlotsOfTheirOwn() {
    for (String segment : COMMON_SEGMENTS) {
      if (COMMON_BY_SLOT[commonSlot(segment, 0, segment.length())] != segment) {
        return false;
      }
    }
    return true;
  }

  /** The common segment that {@code raw} holds from {@code from} to {@code to}, or null. */
  private static String common(String raw, int from, int to) {
    String candidate = COMMON_BY_SLOT[commonSlot(raw, from, to)];
    return candidate != null && candidate.length() == to - from && raw.startsWith(candidate, from)
        ? candidate : null;
  }

  /** A decoded segment: no control characters or backslashes, and not a dot segment. */
  private static boolean isSafeSegment(String s) {
    if (s.equals(".") || s.equals("..")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code fullPath} (a decoded segment that may hold encoded slashes) is a plausible
   * namespace path: non-empty parts between single slashes, none of them a dot segment.
   */
  static boolean isSafeFullPath(String fullPath) {
    if (fullPath.isEmpty() || fullPath.startsWith("/") || fullPath.endsWith("/")) {
      return false;
    }
    for (String part : fullPath.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** {@return the decoded segments, read-only} */
  List<String> segments() {
    return Collections.unmodifiableList(Arrays.asList(segments));
  }

  int size() {
    return segments.length;
  }

  String get(int i) {
    return segments[i];
  }

  /** Whether segment {@code i} exists and equals {@code value}. */
  boolean is(int i, String value) {
    return i < segments.length && segments[i].equals(value);
  }

  /** Whether any segment other than {@code allowed} decodes to text holding a slash. */
  boolean hasEncodedSlashOutside(int allowed) {
    long others = allowed < 0 ? slashSegments : slashSegments & ~(1L << allowed);
    return others != 0;
  }

  @Override
  public String toString() {
    return "/" + String.join("/", segments);
  }

  /**
   * Strict percent-decoding as UTF-8: a {@code %} must be followed by two hex digits and the bytes
   * must be valid UTF-8. With {@code plusAsSpace} (query strings and forms) {@code +} is a space.
   *
   * @return the decoded text, or null if it is malformed
   */
  static String decode(String s, boolean plusAsSpace) {
    return decode(s, 0, s.length(), plusAsSpace);
  }

  /** {@link #decode(String, boolean)} of the characters of {@code s} from {@code from} to {@code to}. */
  private static String decode(String s, int from, int to, boolean plusAsSpace) {
    int escape = from;
    while (escape < to && s.charAt(escape) != '%' && (!plusAsSpace || s.charAt(escape) != '+')) {
      escape++;
    }
    if (escape == to) {
      // Nothing to decode: the text as it is (substring of the whole string is the string itself).
      return s.substring(from, to);
    }
    ByteBuffer bytes = ByteBuffer.allocate(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.put((byte) (hi * 16 + lo));
        i += 2;
      } else if (c >= 0x80) {
        return null;
      } else {
        bytes.put((byte) (plusAsSpace && c == '+' ? ' ' : c));
      }
    }
    bytes.flip();
    return decodeUtf8(bytes);
  }

  /** {@code bytes} as strict UTF-8, or null if they are not valid UTF-8. */
  static String decodeUtf8(byte[] bytes) {
    return decodeUtf8(ByteBuffer.wrap(bytes));
  }

  private static String decodeUtf8(ByteBuffer bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * The values of {@code name} in a raw query string ({@code a=1&b=2}), decoded strictly.
   * Malformed pairs and over-long query strings yield nothing. Never null.
   */
  static List<String> queryValues(String query, String name) {
    Map<String, List<String>> all = parseQuery(query);
    return all == null ? List.of() : all.getOrDefault(name, List.of());
  }

  /** Request attribute of the query string parsed once per request. */
  private static final String QUERY_ATTRIBUTE = RequestPath.class.getName() + ".query";

  /** A query string and its parameters (null when unreadable). */
  private record ParsedQuery(String raw, Map<String, List<String>> params) {}

  /**
   * The request's query parameters as {@link #parseQuery} gives them, parsed once per request (the
   * filter, the sudo check and the token API share it); read-only; null when unreadable.
   */
  static Map<String, List<String>> query(HttpServletRequest request) {
    String raw = request.getQueryString();
    if (raw == null || raw.isEmpty()) {
      // No query string, no parameters: nothing to parse or keep.
      return Map.of();
    }
    if (request.getAttribute(QUERY_ATTRIBUTE) instanceof ParsedQuery known
        && java.util.Objects.equals(known.raw(), raw)) {
      return known.params();
    }
    Map<String, List<String>> parsed = parseQuery(raw);
    Map<String, List<String>> readOnly = null;
    if (parsed != null) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      parsed.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
      readOnly = Collections.unmodifiableMap(copy);
    }
    request.setAttribute(QUERY_ATTRIBUTE, new ParsedQuery(raw, readOnly));
    return readOnly;
  }

  /**
   * Every parameter of a raw query string, in order, decoded strictly; null if the string is
   * longer than {@value #MAX_QUERY_LENGTH} characters or holds a malformed escape.
   */
  static Map<String, List<String>> parseQuery(String query) {
    return parseEncoded(query, MAX_QUERY_LENGTH);
  }

  /**
   * Every parameter of a form-encoded body (given as its bytes in ISO-8859-1, so that any
   * non-ASCII byte is malformed), decoded as {@link #parseQuery} does; null if it is longer than
   * {@code maxLength} characters or malformed.
   */
  static Map<String, List<String>> parseForm(String body, int maxLength) {
    return parseEncoded(body, maxLength);
  }

  private static Map<String, List<String>> parseEncoded(String query, int maxLength) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    if (query.length() > maxLength) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
      if (key == null || value == null) {
        return null;
      }
      out.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
    }
    return out;
  }

  /** Longest query string this adapter looks into. */
  static final int MAX_QUERY_LENGTH = 16 * 1024;
}
