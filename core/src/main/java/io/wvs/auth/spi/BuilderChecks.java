package io.wvs.auth.spi;

import java.util.ArrayList;
import java.util.List;

/** The checks the token builders share: a value set once, every missing field named at once. */
final class BuilderChecks {
  private final String built;
  private final List<String> missing = new ArrayList<>();

  private BuilderChecks(String built) {
    this.built = built;
  }

  /** Refuses a second setting of {@code name}, naming the value it already has. */
  static void once(boolean alreadySet, String name, Object current) {
    if (alreadySet) {
      throw new IllegalStateException(name + " was already set to " + current);
    }
  }

  /** Starts collecting the missing fields of a {@code built}. */
  static BuilderChecks of(String built) {
    return new BuilderChecks(built);
  }

  /** Notes {@code name} as missing when {@code value} is null. */
  BuilderChecks require(Object value, String name) {
    if (value == null) {
      missing.add(name);
    }
    return this;
  }

  /** Throws naming every missing field, if any. */
  void done() {
    if (!missing.isEmpty()) {
      throw new IllegalStateException(built + " needs " + String.join(", ", missing) + " to be set");
    }
  }
}
