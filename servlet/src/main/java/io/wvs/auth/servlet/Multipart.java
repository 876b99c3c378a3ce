package io.wvs.auth.servlet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of {@code multipart/form-data} (RFC 7578) to find the fields of one name in a body
 * already in memory, for when the container offers no multipart support. Stateless.
 */
final class Multipart {
  private static final Pattern BOUNDARY =
      Pattern.compile("(?i);\\s*boundary\\s*=\\s*(?:\"([^\"]{1,70})\"|([^;\\s\"]{1,70}))");
  private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]*))");
  private static final String CRLF = "\r\n";

  private Multipart() {}

  /**
   * The values (as UTF-8) of every field called {@code name}.
   *
   * @param contentType the request's content type, with its {@code boundary}
   * @param body the whole body
   * @param name the field wanted
   * @return the values in order; null if the body or the content type is malformed
   */
  static List<String> fields(String contentType, byte[] body, String name) {
    Matcher b = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (!b.find()) {
      return null;
    }
    String delimiter = "--" + (b.group(1) != null ? b.group(1) : b.group(2));
    // One char per byte, so positions in the text are positions in the body.
    String text = new String(body, StandardCharsets.ISO_8859_1);
    // The first delimiter opens the body or ends the preamble's last line.
    int pos;
    if (text.startsWith(delimiter)) {
      pos = 0;
    } else {
      pos = text.indexOf(CRLF + delimiter);
      if (pos < 0) {
        return null;
      }
      pos += CRLF.length();
    }
    List<String> out = new ArrayList<>();
    while (true) {
      pos += delimiter.length();
      if (text.startsWith("--", pos)) {
        return out;
      }
      int lineEnd = text.indexOf(CRLF, pos);
      if (lineEnd < 0 || !text.substring(pos, lineEnd).isBlank()) {
        return null;
      }
      int headersStart = lineEnd + CRLF.length();
      int headersEnd = text.startsWith(CRLF, headersStart) ? headersStart : text.indexOf(CRLF + CRLF, headersStart);
      if (headersEnd < 0) {
        return null;
      }
      int contentStart = headersEnd + (headersEnd == headersStart ? CRLF.length() : 2 * CRLF.length());
      int next = text.indexOf(CRLF + delimiter, contentStart);
      if (next < 0) {
        return null;
      }
      if (name.equals(fieldName(text.substring(headersStart, headersEnd)))) {
        String value = RequestPath.decodeUtf8(text.substring(contentStart, next).getBytes(StandardCharsets.ISO_8859_1));
        if (value == null) {
          return null;
        }
        out.add(value);
      }
      pos = next + CRLF.length();
    }
  }

  /** The {@code name} of a part's {@code Content-Disposition}, or null. */
  private static String fieldName(String headers) {
    for (String line : headers.split(CRLF)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-disposition")) {
        Matcher m = NAME.matcher(line.substring(colon + 1));
        if (m.find()) {
          return m.group(1) != null ? m.group(1) : m.group(2);
        }
      }
    }
    return null;
  }
}
