package io.wvs.auth.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One requested scope, {@code repository:<name>:<action>[,<action>…]}, as the token
 * authentication specification writes it. Several come as several {@code scope} parameters or
 * space-separated in one. Immutable.
 */
record RegistryScope(String type, String name, Set<String> actions) {
  static final String REPOSITORY = "repository";
  static final int MAX_SCOPES = 16;
  private static final int MAX_LENGTH = 512;
  /** A repository name as Distribution accepts it: lowercase path components joined by '/'. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TYPE = Pattern.compile("[a-z0-9]+(?:\\([a-z0-9]+\\))?");
  private static final Pattern ACTION = Pattern.compile("[a-z*]{1,16}");

  /**
   * Every scope in {@code parameters}, in order.
   *
   * @throws IllegalArgumentException with a message safe to return when one is malformed or there
   *     are too many
   */
  static List<RegistryScope> parseAll(List<String> parameters) {
    List<RegistryScope> scopes = new ArrayList<>();
    for (String parameter : parameters) {
      if (parameter.length() > MAX_LENGTH * MAX_SCOPES) {
        throw new IllegalArgumentException("scope is too long");
      }
      for (String one : parameter.split(" ")) {
        if (one.isEmpty()) {
          continue;
        }
        if (scopes.size() == MAX_SCOPES) {
          throw new IllegalArgumentException("at most " + MAX_SCOPES + " scopes may be asked at once");
        }
        scopes.add(parse(one));
      }
    }
    return scopes;
  }

  static RegistryScope parse(String scope) {
    int first = scope.indexOf(':');
    int last = scope.lastIndexOf(':');
    if (scope.length() > MAX_LENGTH || first <= 0 || last <= first + 1) {
      throw new IllegalArgumentException("scope must be type:name:actions");
    }
    String type = scope.substring(0, first);
    String name = scope.substring(first + 1, last);
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("scope has an invalid resource type");
    }
    if (type.equals(REPOSITORY) && !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("scope has an invalid repository name");
    }
    Set<String> actions = new LinkedHashSet<>();
    for (String action : scope.substring(last + 1).split(",", -1)) {
      if (!ACTION.matcher(action).matches()) {
        throw new IllegalArgumentException("scope has an invalid action");
      }
      actions.add(action);
    }
    return new RegistryScope(type, name, Collections.unmodifiableSet(actions));
  }

  boolean isRepository() {
    return type.equals(REPOSITORY);
  }
}
