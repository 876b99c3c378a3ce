package io.wvs.auth.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.wvs.auth.ExpiryNotifications;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Micrometer counters of the expiry e-mail jobs, fed by the report of each check the scheduler
 * runs: {@code wvs.auth.expiry.notices.claimed} (notices a run claimed),
 * {@code wvs.auth.expiry.messages.delivered} (messages the notifier accepted) and
 * {@code wvs.auth.expiry.messages.failed} (messages it refused: their notices stay pending and are
 * retried), each tagged {@code kind}: the notice's kind in lower case ({@code expires_soon},
 * {@code expires_today}, ...), a closed set. Thread-safe.
 */
final class WvsExpiryMetrics implements Consumer<ExpiryNotifications.RunReport> {
  private final MeterRegistry registry;

  WvsExpiryMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void accept(ExpiryNotifications.RunReport report) {
    String kind = report.kind().name().toLowerCase(Locale.ROOT);
    count("wvs.auth.expiry.notices.claimed", "Expiry notices claimed by the daily checks", kind,
        report.noticesClaimed());
    count("wvs.auth.expiry.messages.delivered", "Expiry messages the notifier accepted", kind,
        report.messagesSent());
    count("wvs.auth.expiry.messages.failed", "Expiry messages the notifier refused (retried later)", kind,
        report.messagesFailed());
  }

  private void count(String name, String description, String kind, int amount) {
    Counter.builder(name).description(description).tag("kind", kind).register(registry).increment(amount);
  }
}
