package io.wvs.auth.smtp;

import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.ExpiryNotice.ExpiringToken;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Subject, plain-text and HTML body of one expiry notice. Pure functions of the notice and the
 * renew URL. Everything that comes from users (token names, descriptions, the username) goes
 * through {@link #clean} (control and bidirectional-override characters replaced, length capped)
 * and, in HTML, through {@link #html}. A notice holds no token values, so none can appear.
 */
final class ExpiryMailContent {
  /** Longest user-supplied text shown; longer names are cut with an ellipsis. */
  static final int MAX_TEXT = 200;

  private static final char REPLACEMENT = '\uFFFD';

  private final ExpiryNotice notice;
  private final URI renewUrl;
  private final List<ExpiringToken> tokens;

  ExpiryMailContent(ExpiryNotice notice, URI renewUrl) {
    this.notice = notice;
    this.renewUrl = renewUrl;
    List<ExpiringToken> sorted = new ArrayList<>(notice.tokens());
    sorted.sort(Comparator.comparing(ExpiringToken::expiresOn)); // stable: same day keeps order
    this.tokens = List.copyOf(sorted);
  }

  String subject() {
    int n = tokens.size();
    return switch (notice.kind()) {
      case EXPIRES_SOON -> n == 1
          ? "Your access token expires soon"
          : "Your access tokens expire soon (" + n + " tokens)";
      case EXPIRES_TODAY -> n == 1
          ? "Your access token expired today"
          : "Your access tokens expired today (" + n + " tokens)";
      case EXPIRES_IN_30, EXPIRES_IN_60 -> n == 1
          ? "Your access token expires within " + notice.kind().lastDay() + " days"
          : "Your access tokens expire within " + notice.kind().lastDay() + " days (" + n
              + " tokens)";
    };
  }

  private String intro() {
    int n = tokens.size();
    return switch (notice.kind()) {
      case EXPIRES_SOON -> n == 1
          ? "One of your access tokens expires within the next seven days:"
          : n + " of your access tokens expire within the next seven days:";
      case EXPIRES_TODAY -> n == 1
          ? "One of your access tokens expired today (" + notice.date()
              + ") at 00:00 UTC and no longer works:"
          : n + " of your access tokens expired today (" + notice.date()
              + ") at 00:00 UTC and no longer work:";
      case EXPIRES_IN_30, EXPIRES_IN_60 -> (n == 1
          ? "One of your access tokens expires"
          : n + " of your access tokens expire")
          + " within the next " + notice.kind().lastDay() + " days:";
    };
  }

  private String expiryPhrase(ExpiringToken token) {
    return switch (notice.kind()) {
      case EXPIRES_SOON, EXPIRES_IN_30, EXPIRES_IN_60 ->
          "expires on " + token.expiresOn() + " at 00:00 UTC";
      case EXPIRES_TODAY -> "expired on " + token.expiresOn() + " at 00:00 UTC";
    };
  }

  private String advice() {
    return switch (notice.kind()) {
      case EXPIRES_SOON, EXPIRES_IN_30, EXPIRES_IN_60 -> "A token stops working at 00:00 UTC on its expiry date. To keep your"
          + " scripts and integrations working, create a new token before then and replace the"
          + " old one wherever it is used.";
      case EXPIRES_TODAY -> "Anything that still uses these tokens is now refused. Create a new"
          + " token and replace the old one wherever it is used.";
    };
  }

  private static final String FOOTER = "You receive this e-mail because you own these tokens or"
      + " maintain the project or group they belong to. Token values are never sent by e-mail.";

  String plainText() {
    StringBuilder b = new StringBuilder(512);
    b.append("Hello ").append(clean(notice.recipient().username())).append(",\n\n");
    b.append(intro()).append("\n\n");
    for (ExpiringToken t : tokens) {
      b.append("- \"").append(clean(t.name())).append("\" (").append(clean(t.description()))
          .append(")\n  ").append(expiryPhrase(t)).append('\n');
    }
    b.append('\n').append(advice()).append("\n\n");
    b.append("Manage your access tokens: ").append(renewUrl.toASCIIString()).append("\n\n");
    b.append("-- \n").append(FOOTER).append('\n');
    return b.toString();
  }

  String html() {
    String url = html(renewUrl.toASCIIString());
    StringBuilder b = new StringBuilder(1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>")
        .append(html(subject())).append("</title>\n</head>\n")
        .append("<body style=\"font-family: sans-serif; line-height: 1.4;\">\n");
    b.append("<p>Hello ").append(html(clean(notice.recipient().username()))).append(",</p>\n");
    b.append("<p>").append(html(intro())).append("</p>\n");
    b.append("<table style=\"border-collapse: collapse;\" cellpadding=\"6\">\n")
        .append("<thead><tr><th align=\"left\">Token</th><th align=\"left\">Belongs to</th>")
        .append("<th align=\"left\">")
        .append(notice.kind() == ExpiryNotice.Kind.EXPIRES_TODAY ? "Expired" : "Expires")
        .append("</th></tr></thead>\n<tbody>\n");
    for (ExpiringToken t : tokens) {
      b.append("<tr><td><strong>").append(html(clean(t.name()))).append("</strong></td><td>")
          .append(html(clean(t.description()))).append("</td><td>")
          .append(html(expiryPhrase(t))).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    b.append("<p>").append(html(advice())).append("</p>\n");
    b.append("<p><a href=\"").append(url).append("\">Manage your access tokens</a><br>\n")
        .append(url).append("</p>\n");
    b.append("<p style=\"color: #666666; font-size: smaller;\">").append(html(FOOTER))
        .append("</p>\n</body>\n</html>\n");
    return b.toString();
  }

  /**
   * User-supplied text made safe to show: null becomes empty, C0/C1 controls (line breaks
   * included, so a name cannot forge lines) and bidirectional overrides (which can make a name
   * read differently from what it is) become U+FFFD, and the result is capped at
   * {@link #MAX_TEXT} code points.
   */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_TEXT + 1));
    int count = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (count == MAX_TEXT) {
        b.append('\u2026');
        break;
      }
      if (Character.isISOControl(cp) || isBidiControl(cp)) {
        b.append(REPLACEMENT);
      } else {
        b.appendCodePoint(cp);
      }
      count++;
    }
    return b.toString();
  }

  private static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0x200E || cp == 0x200F || cp == 0x061C;
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
