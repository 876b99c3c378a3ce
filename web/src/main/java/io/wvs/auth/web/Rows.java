package io.wvs.auth.web;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.Role;
import io.wvs.auth.Scopes;
import io.wvs.auth.TokenView;
import io.wvs.auth.spi.User;
import io.wvs.auth.web.view.Row;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/** Tokens as table rows: active and inactive apart, newest first, texts formatted in UTC. */
final class Rows {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Rows() {}

  /** The active tokens of {@code tokens} ({@code active} true) or the inactive ones. */
  static List<Row> of(Visit v, List<TokenView> tokens, boolean active, LongFunction<String> revokePath) {
    List<Row> rows = new ArrayList<>();
    tokens.stream().filter(t -> t.active() == active)
        .sorted(Comparator.comparingLong(TokenView::id).reversed())
        .forEach(t -> rows.add(row(v, t, revokePath.apply(t.id()))));
    return rows;
  }

  private static Row row(Visit v, TokenView t, String revokePath) {
    String state = t.active() ? "" : t.revoked() ? "Revoked" : "Expired";
    String bot = "";
    String role = "";
    ResourceRef resource = t.resource();
    if (t.userId() != null && resource != null) {
      // A revoked token's bot user is deleted with it: the platform shows its records as the Ghost User's.
      bot = v.auth().userDirectory().findUser(t.userId()).map(User::username).orElse("Ghost User");
      role = v.auth().resourceDirectory().directRole(t.userId(), resource).map(Rows::roleName).orElse("");
    }
    return new Row(t.id(), t.name(), t.description() == null ? "" : t.description(), Scopes.format(t.scopes()).replace(",", ", "),
        WHEN.format(t.createdAt()), t.lastUsedAt() == null ? "Never" : WHEN.format(t.lastUsedAt()),
        t.expiresOn() == null ? "Never" : t.expiresOn().toString(), state, bot, role,
        t.username() == null ? "" : t.username(), v.link(revokePath));
  }

  static String roleName(Role role) {
    String name = role.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
