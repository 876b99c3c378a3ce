package io.wvs.auth.webhook;

import io.wvs.auth.TokenView;
import io.wvs.auth.spi.ExpiryEvent;
import io.wvs.auth.spi.LeakRevocation;
import io.wvs.auth.spi.Resource;
import java.util.List;
import java.util.Locale;

/**
 * The JSON body of one expiry event (or leak revocation): ids, names, type, resource path and dates, built from the
 * event's fields only (an event holds no token value, so none can appear). Pure functions.
 */
final class EventJson {
  /** The {@code event} field and the {@code X-Wvs-Event} header. */
  static final String EVENT = "token_expiring";
  /** The {@code event} field and the {@code X-Wvs-Event} header of a leak revocation. */
  static final String LEAK_EVENT = "token_revoked_as_leaked";

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
    return resource(b, event.resources()).append('}').toString();
  }

  /**
   * The id of a leak event: the token id and {@code revoked_as_leaked}. A token is revoked as
   * leaked at most once, so the id names one event, the same on every retry.
   */
  static String id(LeakRevocation revocation) {
    return revocation.token().id() + "-revoked_as_leaked";
  }

  static String of(LeakRevocation revocation) {
    TokenView t = revocation.token();
    StringBuilder b = new StringBuilder(384);
    b.append("{\"event\":").append(quote(LEAK_EVENT))
        .append(",\"event_id\":").append(quote(id(revocation)))
        .append(",\"token\":{\"id\":").append(t.id())
        .append(",\"name\":").append(quote(t.name()))
        .append(",\"type\":").append(quote(lower(t.type().name())))
        .append(",\"description\":").append(quote(revocation.description()))
        .append(",\"expires_at\":")
        .append(t.expiresOn() == null ? "null" : quote(t.expiresOn().toString()))
        .append("},\"resource\":");
    return resource(b, revocation.resources()).append('}').toString();
  }

  private static StringBuilder resource(StringBuilder b, List<Resource> resources) {
    if (resources.isEmpty()) {
      return b.append("null");
    }
    Resource r = resources.get(0);
    return b.append("{\"kind\":").append(quote(lower(r.ref().kind().name())))
        .append(",\"id\":").append(r.ref().id())
        .append(",\"full_path\":").append(quote(r.fullPath())).append('}');
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
