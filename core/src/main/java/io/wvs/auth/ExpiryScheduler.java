package io.wvs.auth;

import io.wvs.auth.spi.ExpiryNotice;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the windows of {@link ExpiryNotifications} daily at their times, UTC, whatever the JVM's
 * time zone: 01:00 (seven days, and the opt-in 30 and 60 days) and 02:00 (today).
 * If the process was down when a check was due (within the last 24 hours), it runs once, for the
 * day it was due, as soon as the scheduler starts. Running a check
 * twice is harmless, since every notice is claimed and delivered once.
 *
 * <p>{@link #start} polls the injected clock every 30 seconds on one daemon thread; hosts with
 * their own scheduler can call {@link #runDue()} instead. Thread-safe.
 *
 * @since 0.1
 */
public final class ExpiryScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExpiryScheduler.class);
  private static final long POLL_SECONDS = 30;

  private final ExpiryNotifications jobs;
  private final Consumer<ExpiryNotifications.RunReport> reports;
  private final Clock clock;
  private Instant lastCheck;
  private ScheduledExecutorService executor;

  /**
   * A scheduler on the clock of the jobs' {@link WvsAuth}, not started; the first
   * {@link #runDue()} catches up once on the checks due in the last 24 hours.
   *
   * @param jobs the expiry jobs to run
   */
  public ExpiryScheduler(ExpiryNotifications jobs) {
    this(jobs, report -> { });
  }

  /**
   * A scheduler like {@link #ExpiryScheduler(ExpiryNotifications)} that hands the report of each
   * check it runs to {@code reports} (e.g. to count notices claimed, messages delivered and
   * failed). A listener that throws is logged and does not stop the scheduler.
   *
   * @param jobs the expiry jobs to run
   * @param reports called with each check's report, on the scheduler's thread
   */
  public ExpiryScheduler(ExpiryNotifications jobs, Consumer<ExpiryNotifications.RunReport> reports) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.reports = Objects.requireNonNull(reports, "reports");
    this.clock = jobs.clock();
    this.lastCheck = clock.instant().minusSeconds(86_400);
  }

  /**
   * Starts polling on a daemon thread.
   *
   * @return this
   */
  public synchronized ExpiryScheduler start() {
    if (executor != null) {
      throw new IllegalStateException("already started");
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "wvs-expiry-scheduler");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::runDueQuietly, 0, POLL_SECONDS, TimeUnit.SECONDS);
    return this;
  }

  /**
   * Runs each enabled window whose time (01:00 or 02:00 UTC) came since the previous call, in
   * the order of their times.
   *
   * @return how many window checks ran
   */
  public synchronized int runDue() {
    Instant now = clock.instant();
    int ran = 0;
    List<ExpiryNotice.Kind> byTime = new ArrayList<>(jobs.windows());
    byTime.sort(Comparator.comparing(ExpiryNotice.Kind::dueAt)); // stable: same time keeps order
    for (ExpiryNotice.Kind window : byTime) {
      if (isDue(window.dueAt(), now)) {
        report(jobs.run(window, dayOf(window.dueAt(), now)));
        ran++;
      }
    }
    lastCheck = now;
    return ran;
  }

  private void report(ExpiryNotifications.RunReport report) {
    try {
      reports.accept(report);
    } catch (RuntimeException e) {
      LOG.warn("the expiry report listener failed: {}", e.toString());
    }
  }

  /** The most recent instant at or before {@code now} when a check at {@code time} UTC was due. */
  static Instant lastFireTime(LocalTime time, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant todays = today.atTime(time).toInstant(ZoneOffset.UTC);
    return todays.isAfter(now) ? todays.minusSeconds(86_400) : todays;
  }

  private static LocalDate dayOf(LocalTime time, Instant now) {
    return LocalDate.ofInstant(lastFireTime(time, now), ZoneOffset.UTC);
  }

  private boolean isDue(LocalTime time, Instant now) {
    return lastFireTime(time, now).isAfter(lastCheck);
  }

  private void runDueQuietly() {
    try {
      runDue();
    } catch (RuntimeException e) {
      LOG.warn("expiry check failed; it will be retried on the next poll: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }
}
