package io.wvs.auth.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wvs.auth.ExpiryNotifications;
import io.wvs.auth.spi.ExpiryNotice;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer counters of the expiry e-mail jobs, fed by the report of each check the scheduler
 * runs: {@code wvs.auth.expiry.notices.claimed} (notices a run claimed),
 * {@code wvs.auth.expiry.messages.delivered} (messages the notifier accepted) and
 * {@code wvs.auth.expiry.messages.failed} (messages it refused: their notices stay pending and are
 * retried), and the gauge {@code wvs.auth.expiry.notices.pending}: the tokens due a notice at the
 * next run of the window, those entering it that day ({@link ExpiryNotifications#countEntering}),
 * counted once after each run (a one-day query of the expiry index), so a scrape reads a number
 * and never the store. Each is tagged {@code kind}: the notice's kind in lower case
 * ({@code expires_soon}, {@code expires_today}, ...), a closed set. Thread-safe.
 */
final class WvsExpiryMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(WvsExpiryMetrics.class);
  private final MeterRegistry registry;
  private final Map<ExpiryNotice.Kind, AtomicLong> pending = new ConcurrentHashMap<>();

  WvsExpiryMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  void accept(ExpiryNotifications jobs, ExpiryNotifications.RunReport report) {
    String kind = report.kind().name().toLowerCase(Locale.ROOT);
    count("wvs.auth.expiry.notices.claimed", "Expiry notices claimed by the daily checks", kind,
        report.noticesClaimed());
    count("wvs.auth.expiry.messages.delivered", "Expiry messages the notifier accepted", kind,
        report.messagesSent());
    count("wvs.auth.expiry.messages.failed", "Expiry messages the notifier refused (retried later)", kind,
        report.messagesFailed());
    int due;
    try {
      due = jobs.countEntering(report.kind(), report.date().plusDays(1));
    } catch (RuntimeException e) {
      // The store is down: the gauge keeps its last value until the next run counts again.
      LOG.warn("could not count the tokens due an expiry notice next: {}", e.toString());
      return;
    }
    pending.computeIfAbsent(report.kind(), k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("wvs.auth.expiry.notices.pending", value, AtomicLong::get)
          .description("Tokens due an expiry notice at the next run of the window")
          .tag("kind", kind).strongReference(true).register(registry);
      return value;
    }).set(due);
  }

  private void count(String name, String description, String kind, int amount) {
    Counter.builder(name).description(description).tag("kind", kind).register(registry).increment(amount);
  }
}
