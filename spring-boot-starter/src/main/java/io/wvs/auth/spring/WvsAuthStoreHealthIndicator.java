package io.wvs.auth.spring;

import io.wvs.auth.spi.TokenStore;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The token store's health for Spring Boot Actuator ({@code /actuator/health}, component
 * {@code wvsAuth}): {@code UP} while the store answers a lookup, {@code DOWN} while it does not.
 * The details name the store's class and, when down, the failure's class: never its message, which
 * may hold a connection URL or a user name, and never a token. Each check is one lookup by an id
 * no token has (bounded by the store's query timeout).
 *
 * @since 0.1
 */
public final class WvsAuthStoreHealthIndicator implements HealthIndicator {
  /** Token ids are positive: no token has this one. */
  private static final long NO_TOKEN = 0;

  private final TokenStore store;

  /** @param store the store to check */
  public WvsAuthStoreHealthIndicator(TokenStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Health health() {
    String name = store.getClass().getSimpleName();
    try {
      store.findById(NO_TOKEN);
      return Health.up().withDetail("store", name).build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("store", name).withDetail("error", e.getClass().getSimpleName()).build();
    }
  }
}
