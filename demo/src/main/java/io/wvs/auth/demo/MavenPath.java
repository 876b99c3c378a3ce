package io.wvs.auth.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The file path of a Maven repository request ({@code io/wvs/lib/1.0/lib-1.0.jar}), as the request
 * URI carries it after {@code /packages/maven/}, checked so that it can only name a file below the
 * project's folder: plain segments of {@code A-Z a-z 0-9 . _ - + ~}, none empty (no leading,
 * trailing or double slash: nothing absolute), none {@code .} or {@code ..}, none starting with a dot
 * (the server's temporary files do), no percent escape at all (so no encoded slash, backslash or
 * dot), at most {@value #MAX_SEGMENTS} segments of at most {@value #MAX_SEGMENT_LENGTH} characters.
 *
 * @param segments the checked segments, in order; at least one
 */
record MavenPath(List<String> segments) {
  static final int MAX_SEGMENTS = 32;
  static final int MAX_SEGMENT_LENGTH = 200;
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_+~-][A-Za-z0-9._+~-]*");

  MavenPath {
    segments = List.copyOf(segments);
  }

  /**
   * The path {@code raw} names, or empty when it is refused.
   *
   * @param raw the undecoded rest of the request URI after {@code /packages/maven/}
   */
  static Optional<MavenPath> parse(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_SEGMENTS * (MAX_SEGMENT_LENGTH + 1)) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (String s : raw.split("/", -1)) {
      if (s.length() > MAX_SEGMENT_LENGTH || !SEGMENT.matcher(s).matches() || out.size() == MAX_SEGMENTS) {
        return Optional.empty();
      }
      out.add(s);
    }
    return Optional.of(new MavenPath(out));
  }

  /** {@return the last segment: the file name} */
  String fileName() {
    return segments.get(segments.size() - 1);
  }

  /** {@return this path with its last segment replaced by {@code name}, a checked segment} */
  MavenPath withFileName(String name) {
    if (name.length() > MAX_SEGMENT_LENGTH || !SEGMENT.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain path segment");
    }
    List<String> out = new ArrayList<>(segments.subList(0, segments.size() - 1));
    out.add(name);
    return new MavenPath(out);
  }

  /** {@return the media type the file is answered with, by its name} */
  String contentType() {
    String name = fileName();
    if (name.endsWith(".xml") || name.endsWith(".pom")) {
      return "application/xml";
    }
    if (name.endsWith(".md5") || name.endsWith(".sha1") || name.endsWith(".sha256")
        || name.endsWith(".sha512")) {
      return "text/plain;charset=us-ascii";
    }
    return "application/octet-stream";
  }

  @Override
  public String toString() {
    return String.join("/", segments);
  }
}
