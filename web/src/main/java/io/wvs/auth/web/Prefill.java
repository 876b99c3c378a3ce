package io.wvs.auth.web;

import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.PrefillLink;
import io.wvs.auth.Scope;
import io.wvs.auth.Scopes;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The personal access tokens page's prefill ({@code ?name=Example+Access+token&scopes=api,read_user}),
 * read with {@link PrefillLink}. Scopes the page does not offer (unknown ones, {@code sudo} for a
 * non-administrator, registry scopes without a registry) are left out and named in a visible note;
 * the link never leads to an error page.
 *
 * @param name the name to prefill, or null for none
 * @param scopes the scopes to check
 * @param note the note to show, or empty
 */
record Prefill(String name, Set<Scope> scopes, String note) {
  private static final int MAX_NAMED = 10;

  static Prefill of(String rawQuery, Set<Scope> offered) {
    Prefill none = new Prefill(null, EnumSet.noneOf(Scope.class), "");
    if (rawQuery == null || rawQuery.length() > 4096) {
      return none;
    }
    String rawName = null;
    String rawScopes = null;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      if (key.equals("name")) {
        rawName = value;
      } else if (key.equals("scopes")) {
        rawScopes = value;
      }
    }
    if (rawName == null && rawScopes == null) {
      return none;
    }
    EnumSet<Scope> kept = EnumSet.noneOf(Scope.class);
    List<String> ignored = new ArrayList<>();
    for (String id : decode(rawScopes == null ? "" : rawScopes).split(",", -1)) {
      String trimmed = id.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      Scope scope = known(trimmed);
      if (scope != null && offered.contains(scope)) {
        kept.add(scope);
      } else if (ignored.size() < MAX_NAMED) {
        ignored.add(trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed);
      }
    }
    String note = ignored.isEmpty() ? ""
        : "The link asked for scopes this form does not offer; they were ignored: "
            + String.join(", ", ignored) + ".";
    String name = null;
    if (rawName != null) {
      try {
        // The link as PrefillLink reads it, with the scopes the form offers (it needs one: when
        // none is left, a stand-in lets it check the name, and only the name is used).
        PrefillLink link = PrefillLink.parse(URI.create("?name=" + rawName + "&scopes="
            + (kept.isEmpty() ? Scope.READ_API.id() : Scopes.format(kept))));
        name = link.name();
      } catch (InvalidTokenRequestException | IllegalArgumentException e) {
        note = (note.isEmpty() ? "" : note + " ") + "The link's token name was not used: "
            + UserTokenPages.message(e instanceof InvalidTokenRequestException ? e
                : new IllegalArgumentException("it is not a valid URL parameter"));
      }
    }
    return new Prefill(name == null ? "" : name, kept, note);
  }

  private static Scope known(String id) {
    try {
      return Scope.fromId(id);
    } catch (InvalidTokenRequestException e) {
      return null;
    }
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
