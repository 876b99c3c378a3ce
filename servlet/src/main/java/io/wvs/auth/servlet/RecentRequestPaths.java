package io.wvs.auth.servlet;

import java.util.Objects;
import java.util.Optional;

/**
 * The parses of recent request URIs, so that a URI seen again (by the route decision and then the
 * token API for one request, or by the next request for {@code /api/v4/user}) costs one string
 * comparison instead of a parse. A direct-mapped table of {@value #SLOTS} slots: a URI's slot
 * ({@link #slot}) holds the last URI parsed there, and any other URI replaces it.
 *
 * <p>Bounded: at most {@value #SLOTS} parses of URIs up to {@value #MAX_LENGTH} characters are
 * kept (longer ones are parsed each time), so a flood of distinct paths only evicts. Shared by
 * every thread without a lock: a slot is one reference, read and written whole, to an immutable
 * entry whose fields are final (a thread that reads it sees it complete); a lost update costs a
 * parse, never a wrong path.
 */
final class RecentRequestPaths {
  /** How many parses are kept (a power of two). */
  static final int SLOTS = 256;
  /** The longest URI whose parse is kept. */
  static final int MAX_LENGTH = 256;

  private static final Entry[] TABLE = new Entry[SLOTS];

  /** A request URI and context path, and their parse (empty if hostile). */
  private record Entry(String uri, String context, Optional<RequestPath> path) {}

  private RecentRequestPaths() {}

  /** {@link RequestPath#parseRequest} of {@code uri} and {@code context}, kept or parsed now. */
  static Optional<RequestPath> of(String uri, String context) {
    int slot = slot(uri);
    Entry kept = TABLE[slot];
    if (kept != null && kept.uri().equals(uri) && Objects.equals(kept.context(), context)) {
      return kept.path();
    }
    Optional<RequestPath> path = RequestPath.parseRequest(uri, context);
    if (uri.length() <= MAX_LENGTH) {
      TABLE[slot] = new Entry(uri, context, path);
    }
    return path;
  }

  /**
   * The slot of {@code uri}: from its length and characters sampled where paths differ (the last
   * four, and two in the middle, where ids sit). Not a hash of every character: the container
   * builds a new URI string per request, so a full hash would be computed anew each time.
   */
  static int slot(String uri) {
    int n = uri.length();
    if (n < 4) {
      return n;
    }
    int h = n;
    h = 31 * h + uri.charAt(n - 1);
    h = 31 * h + uri.charAt(n - 2);
    h = 31 * h + uri.charAt(n - 3);
    h = 31 * h + uri.charAt(n - 4);
    h = 31 * h + uri.charAt(n >>> 1);
    h = 31 * h + uri.charAt(n / 3);
    return (h ^ h >>> 8 ^ h >>> 16) & (SLOTS - 1);
  }
}
