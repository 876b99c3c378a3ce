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

  /** The client addresses a record keeps, checked and copied; null is none. */
  static List<String> lastUsedIps(List<String> ips) {
    if (ips == null) {
      return List.of();
    }
    List<String> copy = List.copyOf(ips);
    if (copy.size() > TokenRecord.MAX_LAST_USED_IPS) {
      throw new IllegalArgumentException("a token keeps at most " + TokenRecord.MAX_LAST_USED_IPS
          + " client addresses, were " + copy.size());
    }
    for (String ip : copy) {
      if (ip.isEmpty() || ip.length() > TokenRecord.MAX_IP_LENGTH) {
        throw new IllegalArgumentException("a client address has 1 to " + TokenRecord.MAX_IP_LENGTH
            + " characters, was " + ip.length());
      }
    }
    return copy;
  }

  /** How many addresses were added since the last recorded use, checked; null is none. */
  static int lastUsedIpsAdded(Integer added) {
    if (added == null) {
      return 0;
    }
    if (added < 0 || added > TokenRecord.MAX_LAST_USED_IPS) {
      throw new IllegalArgumentException("lastUsedIpsAdded must be between 0 and "
          + TokenRecord.MAX_LAST_USED_IPS + ", was " + added);
    }
    return added;
  }
}
