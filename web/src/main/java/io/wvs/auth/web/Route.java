package io.wvs.auth.web;

import io.wvs.auth.ResourceRef;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a path asks for. Parsed once from the path within the servlet; the pages build every link
 * from these parts again, never from the request's own text.
 */
sealed interface Route {
  String ASSETS = "/-/wvs-auth/";
  String PERSONAL = "/-/profile/personal_access_tokens";
  String PERSONAL_ALIAS = "/-/user_settings/personal_access_tokens";

  /** A path segment of a project or group: what the platform allows, never {@code .} or {@code ..}. */
  String SEGMENT = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}";
  String ID = "/([0-9]{1,18})/revoke";
  Pattern PERSONAL_PAGE = Pattern.compile("(" + Pattern.quote(PERSONAL) + "|"
      + Pattern.quote(PERSONAL_ALIAS) + ")(?:" + ID + ")?");
  Pattern IMPERSONATION = Pattern.compile("/admin/users/(" + SEGMENT + ")/impersonation_tokens(?:" + ID + ")?");
  Pattern GROUP_SETTINGS = Pattern.compile("/groups/(" + SEGMENT + "(?:/" + SEGMENT + "){0,19})/-/settings/"
      + "(access_tokens(?:" + ID + ")?|repository(?:/deploy_tokens" + ID + ")?)");
  Pattern PROJECT_SETTINGS = Pattern.compile("/(" + SEGMENT + "(?:/" + SEGMENT + "){1,20})/-/settings/"
      + "(access_tokens(?:" + ID + ")?|repository(?:/deploy_tokens" + ID + ")?)");

  /** The stylesheet or the copy script. */
  record Asset(String file) implements Route {}

  /** The personal access tokens page ({@code page} is the path it was reached by); a token to revoke. */
  record Personal(String page, Long tokenId) implements Route {}

  /** The impersonation tokens of {@code username}; a token to revoke. */
  record Impersonation(String username, Long tokenId) implements Route {
    String page() {
      return "/admin/users/" + username + "/impersonation_tokens";
    }
  }

  /** A project's or group's access tokens ({@code deploy} false) or deploy tokens; a token to revoke. */
  record Settings(ResourceRef.Kind kind, String fullPath, boolean deploy, Long tokenId) implements Route {
    String page() {
      String base = (kind == ResourceRef.Kind.GROUP ? "/groups/" : "/") + fullPath + "/-/settings/";
      return base + (deploy ? "repository" : "access_tokens");
    }

    String revokePath(long id) {
      return page() + (deploy ? "/deploy_tokens/" : "/") + id + "/revoke";
    }
  }

  /**
   * The route of {@code path}, or null for a path the pages do not serve.
   *
   * @param path the path within the servlet, decoded
   */
  static Route parse(String path) {
    if (path == null || path.length() > 2048) {
      return null;
    }
    if (path.equals(ASSETS + "style.css") || path.equals(ASSETS + "copy.js")) {
      return new Asset(path.substring(ASSETS.length()));
    }
    Matcher m = PERSONAL_PAGE.matcher(path);
    if (m.matches()) {
      return new Personal(m.group(1), id(m.group(2)));
    }
    m = IMPERSONATION.matcher(path);
    if (m.matches()) {
      return new Impersonation(m.group(1), id(m.group(2)));
    }
    boolean group = path.startsWith("/groups/");
    m = (group ? GROUP_SETTINGS : PROJECT_SETTINGS).matcher(path);
    if (m.matches()) {
      String which = m.group(2);
      boolean deploy = which.startsWith("repository");
      String id = deploy ? m.group(4) : m.group(3);
      return new Settings(group ? ResourceRef.Kind.GROUP : ResourceRef.Kind.PROJECT, m.group(1), deploy, id(id));
    }
    return null;
  }

  private static Long id(String digits) {
    return digits == null ? null : Long.valueOf(digits);
  }
}
