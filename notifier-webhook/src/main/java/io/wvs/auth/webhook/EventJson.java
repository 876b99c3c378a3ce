package io.wvs.auth.webhook;

import io.wvs.auth.spi.ExpiryEvent;
import io.wvs.auth.spi.Resource;
import java.util.Locale;

/**
 * The JSON body of one expiry event: ids, names, type, resource path and dates, built from the
 * event's fields only (an event holds no token value, so none can appear). Pure functions.
 */
final class EventJson {
  /** The {@code event} field and the {@code X-Wvs-Event} header. */
  static final String EVENT = "token_expiring";

  private EventJson() {}

  /** The event's id, the same on every retry and every run: token id and window. */
  static String id(ExpiryEvent event) {
    return event.token().tokenId() + "-" + lower(event.window().name());
  }

  static String of(ExpiryEvent event) {
    StringBuilder b = new StringBuilder(384);
    b.append("{\"event\":").append(quote(EVENT))
        .append(",\"event_id\":").append(quote(id(event)))
        .append(",\"window\":").append(quote(lower(event.window().name())))
        .append(",\"check_date\":").append(quote(event.date().toString()))
        .append(",\"token\":{\"id\":").append(event.token().tokenId())
        .append(",\"name\":").append(quote(event.token().name()))
        .append(",\"type\":").append(quote(lower(event.type().name())))
        .append(",\"expires_at\":").append(quote(String.valueOf(event.token().expiresOn())))
        .append("},\"resource\":");
    if (event.resources().isEmpty()) {
      b.append("null");
    } else {
      Resource r = event.resources().get(0);
      b.append("{\"kind\":").append(quote(lower(r.ref().kind().name())))
          .append(",\"id\":").append(r.ref().id())
          .append(",\"full_path\":").append(quote(r.fullPath())).append('}');
    }
    return b.append('}').toString();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** A JSON string: quotes, backslashes and every control character escaped. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          // Controls, and the separators JavaScript treats as line ends, as \\u escapes.
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
