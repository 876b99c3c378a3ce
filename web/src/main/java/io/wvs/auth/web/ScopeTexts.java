package io.wvs.auth.web;

import io.wvs.auth.Scope;
import io.wvs.auth.TokenType;

/** What each scope grants, in the product's words, by the kind of token it is for. */
final class ScopeTexts {
  private ScopeTexts() {}

  static String describe(Scope scope, TokenType type) {
    boolean resource = type == TokenType.PROJECT_ACCESS || type == TokenType.GROUP_ACCESS;
    String of = type == TokenType.GROUP_ACCESS ? "group" : "project";
    switch (scope) {
      case API:
        return resource ? "Grants complete read/write access to the scoped " + of + " API."
            : "Read-write for the complete API, including all groups and projects, the Container"
                + " Registry, and the Package Registry.";
      case READ_API:
        return resource ? "Grants read access to the scoped " + of + " API."
            : "Read-only for the complete API, including all groups and projects, the Container"
                + " Registry, and the Package Registry.";
      case READ_USER:
        return "Read-only for endpoints under /users. Essentially, access to any of the GET requests"
            + " in the Users API.";
      case READ_REPOSITORY:
        return type == TokenType.DEPLOY
            ? "Allows read-access to the repository through git clone."
            : "Read-only (pull) for the repository through git clone.";
      case WRITE_REPOSITORY:
        return "Read-write (pull, push) for the repository through git clone.";
      case READ_REGISTRY:
        return "Read-only (pull) for Container Registry images if a project is private and"
            + " authorization is required.";
      case WRITE_REGISTRY:
        return "Read-write (push) for Container Registry images.";
      case READ_PACKAGE_REGISTRY:
        return "Allows read access to the package registry.";
      case WRITE_PACKAGE_REGISTRY:
        return "Allows write access to the package registry.";
      case SUDO:
        return "API actions as any user in the system (the token's user is an administrator).";
      case SELF_ROTATE:
        return "Rotate this token itself (through the API's self/rotate), and nothing else.";
      default:
        return scope.id();
    }
  }
}
