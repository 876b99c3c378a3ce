package io.wvs.auth.web;

import io.wvs.auth.InvalidTokenRequestException;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenPolicy;
import io.wvs.auth.TokenType;
import io.wvs.auth.web.view.RoleOption;
import io.wvs.auth.web.view.ScopeOption;
import io.wvs.auth.web.view.TokenPage;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The create forms: what a post sent, and the fields a page shows. */
final class Forms {
  private Forms() {}

  /**
   * What a create form posted, under the platform's field names: {@code name}, {@code expires_at}
   * (yyyy-MM-dd, empty for the default), {@code scopes[]}, {@code access_level}, {@code username},
   * {@code description} (empty for none).
   */
  record Input(String name, String expiresAt, Set<Scope> scopes, List<String> unknownScopes,
      String accessLevel, String username, String description) {

    static Input read(HttpServletRequest request) {
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      List<String> unknown = new ArrayList<>();
      String[] sent = request.getParameterValues("scopes[]");
      if (sent != null) {
        for (String id : sent) {
          try {
            scopes.add(Scope.fromId(id));
          } catch (InvalidTokenRequestException e) {
            unknown.add(id);
          }
        }
      }
      return new Input(text(request, "name"), text(request, "expires_at"), scopes, unknown,
          text(request, "access_level"), text(request, "username"), text(request, "description"));
    }

    /** The expiry date, or null for the default. */
    LocalDate expiry() {
      if (expiresAt.isBlank()) {
        return null;
      }
      try {
        return LocalDate.parse(expiresAt.strip());
      } catch (DateTimeParseException e) {
        throw new InvalidTokenRequestException("the expiration date must be a date such as 2030-01-31");
      }
    }

    /** The bot's role, or null for the default (Maintainer). */
    Role role() {
      if (accessLevel.isBlank()) {
        return null;
      }
      try {
        return Role.ofAccessLevel(Integer.parseInt(accessLevel.strip()));
      } catch (NumberFormatException e) {
        throw new InvalidTokenRequestException("access level must be one of 10, 20, 30, 40, 50");
      }
    }

    /** The scopes, refusing any the form did not offer (by name). */
    Set<Scope> requireScopes() {
      if (!unknownScopes.isEmpty()) {
        throw new InvalidTokenRequestException("unknown scope '" + unknownScopes.get(0) + "'");
      }
      return scopes;
    }

    /**
     * The description, or null for none (an empty or blank field); its rules (one line, at most
     * 255 characters) are the token service's, as for the REST API.
     */
    String optionalDescription() {
      return description.isBlank() ? null : description;
    }

    /** The custom username, or null for the default. */
    String customUsername() {
      return username.isBlank() ? null : username.strip();
    }
  }

  private static String text(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    return value == null ? "" : value;
  }

  /**
   * The scopes a form of {@code type} offers: the type's, without {@code sudo} unless the owner is
   * an administrator, and without the container registry's unless the host enables one.
   */
  static Set<Scope> offered(TokenType type, boolean ownerIsAdmin, TokenPolicy policy) {
    EnumSet<Scope> offered = EnumSet.copyOf(type.allowedScopes());
    if (!ownerIsAdmin) {
      offered.remove(Scope.SUDO);
    }
    if (!policy.registryEnabled()) {
      offered.removeIf(Scope::isContainerRegistry);
    }
    return offered;
  }

  static List<ScopeOption> scopeOptions(TokenType type, Set<Scope> offered, Set<Scope> checked) {
    List<ScopeOption> options = new ArrayList<>();
    for (Scope s : offered) {
      options.add(new ScopeOption(s.id(), ScopeTexts.describe(s, type), checked.contains(s)));
    }
    return options;
  }

  /** The roles up to the viewer's own, Maintainer (or the viewer's, if lower) preselected. */
  static List<RoleOption> roleOptions(Role viewer, Role chosen) {
    Role selected = chosen != null && viewer.atLeast(chosen) ? chosen
        : viewer.atLeast(Role.MAINTAINER) ? Role.MAINTAINER : viewer;
    List<RoleOption> options = new ArrayList<>();
    for (Role r : Role.values()) {
      if (viewer.atLeast(r)) {
        String name = r.name().toLowerCase(Locale.ROOT);
        options.add(new RoleOption(r.accessLevel(),
            Character.toUpperCase(name.charAt(0)) + name.substring(1), r == selected));
      }
    }
    return options;
  }

  /**
   * A form whose expiry is limited by the policy's maximum lifetime and defaults to it (personal,
   * impersonation, project and group access tokens).
   */
  static TokenPage.Form capped(Visit v, Input in, List<ScopeOption> scopes, List<RoleOption> roles,
      String note, String error) {
    LocalDate today = v.today();
    int days = v.auth().policy().maxLifetimeDays();
    String latest = today.plusDays(days).toString();
    String hint = "Tokens stop working at 00:00 UTC on this date: at most " + days
        + " days from today, " + latest + " (the default).";
    return new TokenPage.Form(in == null ? "" : in.name(), in == null ? latest : in.expiresAt(),
        today.plusDays(1).toString(), latest, hint, scopes, roles, false, "", true,
        in == null ? "" : in.description(), note, error);
  }

  /** A deploy token's form: the expiry is optional (never by default), and a username may be given. */
  static TokenPage.Form deploy(Visit v, Input in, List<ScopeOption> scopes, String error) {
    String hint = "Optional: leave it empty for a token that never expires. Tokens stop working at"
        + " 00:00 UTC on this date.";
    return new TokenPage.Form(in == null ? "" : in.name(), in == null ? "" : in.expiresAt(),
        v.today().plusDays(1).toString(), null, hint, scopes, List.of(), true,
        in == null ? "" : in.username(), false, "", "", error);
  }
}
