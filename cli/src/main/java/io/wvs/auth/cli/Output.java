package io.wvs.auth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wvs.auth.Scopes;
import io.wvs.auth.TokenView;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a command prints on stdout: lines for people, or one JSON document with {@code --json}. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final boolean json;

  Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints {@code fields} as {@code key: value} lines, or as one JSON object. */
  void object(Map<String, ?> fields) {
    if (json) {
      print(fields);
      return;
    }
    fields.forEach((k, v) -> out.println(k + ": " + (v == null ? "-" : v)));
    out.flush();
  }

  /** Prints tokens one per line, or as a JSON array. */
  void tokens(List<TokenView> tokens) {
    if (json) {
      print(tokens.stream().map(Output::fields).toList());
      return;
    }
    out.println(String.format("%-8s %-22s %-9s %-10s %-12s %s", "ID", "TYPE", "STATE", "EXPIRES",
        "OWNER", "NAME (SCOPES)"));
    for (TokenView t : tokens) {
      out.println(String.format("%-8d %-22s %-9s %-10s %-12s %s (%s)", t.id(), type(t), state(t),
          t.expiresOn() == null ? "never" : t.expiresOn(), owner(t), t.name(),
          Scopes.format(t.scopes())));
    }
    out.flush();
  }

  /** Everything about a token but its value, in a stable order. */
  static Map<String, Object> fields(TokenView t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("type", type(t));
    m.put("name", t.name());
    m.put("owner", owner(t));
    m.put("scopes", t.scopes().stream().map(s -> s.id()).toList());
    m.put("state", state(t));
    m.put("created_at", t.createdAt() == null ? null : t.createdAt().toString());
    m.put("expires_at", t.expiresOn() == null ? null : t.expiresOn().toString());
    m.put("last_used_at", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
    return m;
  }

  static String type(TokenView t) {
    return t.type().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code active}, {@code revoked} or {@code expired}. */
  static String state(TokenView t) {
    return t.revoked() ? "revoked" : t.active() ? "active" : "expired";
  }

  static String owner(TokenView t) {
    if (t.userId() != null) {
      return "user:" + t.userId();
    }
    if (t.resource() == null) {
      return "-";
    }
    return t.resource().kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + t.resource().id()
        + (t.username() == null ? "" : " (" + t.username() + ")");
  }

  private void print(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON", e);
    }
    out.flush();
  }
}
