package io.wvs.auth.servlet;

import io.wvs.auth.DeployTokenSpec;
import io.wvs.auth.Role;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the token specs of create requests from the parameters, collecting every problem into one
 * 400 answer the way the platform words it.
 */
final class ApiForms {
  private ApiForms() {}

  static DeployTokenSpec deploySpec(ApiParams p) throws ApiException {
    List<String> errors = new ArrayList<>();
    String name = requiredName(p, errors);
    Set<Scope> scopes = scopes(p, TokenType.DEPLOY, errors);
    LocalDate expires = null;
    try {
      expires = p.date("expires_at");
    } catch (ApiException e) {
      errors.add("expires_at is invalid");
    }
    String username = p.string("username");
    String description = description(p);
    throwIfAny(errors);
    return new DeployTokenSpec(name, scopes, expires, username == null || username.isEmpty() ? null : username,
        description);
  }

  static TokenSpec tokenSpec(ApiParams p, TokenType type) throws ApiException {
    List<String> errors = new ArrayList<>();
    String name = requiredName(p, errors);
    Set<Scope> scopes = scopes(p, type, errors);
    LocalDate expires = null;
    try {
      expires = p.date("expires_at");
    } catch (ApiException e) {
      errors.add("expires_at is invalid");
    }
    String description = description(p);
    throwIfAny(errors);
    return new TokenSpec(name, scopes, expires, description);
  }

  /** The optional {@code description}; its rule (one line, 255 characters) is the spec's. */
  private static String description(ApiParams p) throws ApiException {
    return p.string("description");
  }

  private static String requiredName(ApiParams p, List<String> errors) throws ApiException {
    String name = p.string("name");
    if (name == null) {
      errors.add("name is missing");
    } else if (name.isBlank()) {
      errors.add("name is empty");
    }
    return name;
  }

  /** The {@code scopes} parameter, each one a scope {@code type} may hold, as the platform validates it. */
  private static Set<Scope> scopes(ApiParams p, TokenType type, List<String> errors) throws ApiException {
    List<String> ids = p.list("scopes");
    if (ids == null) {
      errors.add("scopes is missing");
      return null;
    }
    if (ids.isEmpty()) {
      errors.add("scopes is empty");
      return null;
    }
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String id : ids) {
      Scope found = null;
      for (Scope s : type.allowedScopes()) {
        if (s.id().equals(id)) {
          found = s;
        }
      }
      if (found == null) {
        errors.add("scopes does not have a valid value");
        return null;
      }
      scopes.add(found);
    }
    return scopes;
  }

  private static void throwIfAny(List<String> errors) throws ApiException {
    if (!errors.isEmpty()) {
      throw ApiException.invalidParameter(String.join(", ", errors));
    }
  }

  static Role accessLevelParam(ApiParams p) throws ApiException {
    String value = p.string("access_level");
    if (value == null || value.isEmpty()) {
      return null;
    }
    for (Role role : Role.values()) {
      if (Integer.toString(role.accessLevel()).equals(value.trim())) {
        return role;
      }
    }
    throw ApiException.invalidParameter("access_level does not have a valid value");
  }

  // ---------------------------------------------------------------- deploy tokens

}
