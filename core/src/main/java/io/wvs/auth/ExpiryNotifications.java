package io.wvs.auth;

import io.wvs.auth.spi.ExpiryEvent;
import io.wvs.auth.spi.ExpiryNotice;
import io.wvs.auth.spi.ExpiryNoticeStore;
import io.wvs.auth.spi.Membership;
import io.wvs.auth.spi.NoticeKey;
import io.wvs.auth.spi.Notifier;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.TokenNotifier;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily expiry checks, one per notice window, as plain callable jobs a host may run from its
 * own scheduler (or from {@link ExpiryScheduler}). By default the two windows:
 *
 * <ul>
 *   <li>{@link #runExpiresSoon()}, due at 01:00 UTC: tokens expiring within the next seven days
 *       (expiry date tomorrow through today + 7);
 *   <li>{@link #runExpiresToday()}, due at 02:00 UTC: tokens that expired today at 00:00 UTC.
 * </ul>
 *
 * <p>{@link #withWindows} adds the opt-in windows, also due at 01:00 UTC:
 * {@link ExpiryNotice.Kind#EXPIRES_IN_30} (expiry 8 to 30 days ahead) and
 * {@link ExpiryNotice.Kind#EXPIRES_IN_60} (31 to 60 days ahead). The windows do not overlap, so a
 * token gets each enabled window's notice once, and a token created inside a window gets that
 * window's notice at its next check. A token revoked or rotated (its predecessor is revoked)
 * before a notice gets none.
 *
 * <p>Revoked and impersonation tokens get no notice. Each recipient gets one message listing all
 * of their tokens in the window: owners for personal tokens, the maintainers (direct or inherited)
 * of the project or group for access and deploy tokens. Each (token, check, recipient) notice is
 * delivered once, even with several instances running the job at once against one store: it is
 * claimed atomically before sending, marked delivered only after the notifier accepted it, and
 * released for the next run when the notifier fails. A {@link TokenNotifier} (webhooks) gets one
 * event per token and window instead, claimed in the same ledger. Tokens are read in batches ordered by (expiry date, id), so
 * the cost follows the window, not the table. Thread-safe; obtain from
 * {@link WvsAuth#expiryNotifications}.
 *
 * @since 0.1
 */
public final class ExpiryNotifications {
  /** When the "expires soon" check is due, UTC. */
  public static final LocalTime EXPIRES_SOON_AT = ExpiryNotice.Kind.EXPIRES_SOON.dueAt();
  /** When the "expires today" check is due, UTC. */
  public static final LocalTime EXPIRES_TODAY_AT = ExpiryNotice.Kind.EXPIRES_TODAY.dueAt();
  /** Days ahead the 01:00 check looks. */
  public static final int WARNING_DAYS = 7;
  /** The windows checked unless {@link #withWindows} says otherwise: seven days, and today. */
  public static final Set<ExpiryNotice.Kind> DEFAULT_WINDOWS = Collections.unmodifiableSet(
      EnumSet.of(ExpiryNotice.Kind.EXPIRES_SOON, ExpiryNotice.Kind.EXPIRES_TODAY));

  static final int BATCH_SIZE = 500;
  static final Duration LEASE = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(ExpiryNotifications.class);

  private final Engine engine;
  private final TokenRecipients recipients;
  private final ExpiryNoticeStore store;
  private final Notifier notifier;
  private final String claimant;
  private final Set<ExpiryNotice.Kind> windows;

  /** The clock of the instance the jobs belong to. */
  java.time.Clock clock() {
    return engine.clock;
  }

  ExpiryNotifications(Engine engine, ExpiryNoticeStore store, Notifier notifier) {
    this(engine, store, notifier, DEFAULT_WINDOWS);
  }

  private ExpiryNotifications(Engine engine, ExpiryNoticeStore store, Notifier notifier,
      Set<ExpiryNotice.Kind> windows) {
    this.engine = engine;
    this.recipients = new TokenRecipients(engine);
    this.store = store;
    this.notifier = notifier;
    this.windows = windows;
    this.claimant = "wvs-" + UUID.randomUUID();
  }

  /**
   * The same jobs checking exactly {@code windows}, e.g. all four with
   * {@code withWindows(ExpiryNotice.Kind.values())}. This instance is unchanged.
   *
   * @param windows the windows to check, at least one, each once
   * @return jobs over the same store and notifier checking {@code windows}
   * @throws IllegalArgumentException if {@code windows} is empty or names a window twice
   * @throws NullPointerException if {@code windows} or one of them is null
   */
  public ExpiryNotifications withWindows(ExpiryNotice.Kind... windows) {
    Objects.requireNonNull(windows, "windows");
    if (windows.length == 0) {
      throw new IllegalArgumentException("at least one notice window is needed, e.g. "
          + DEFAULT_WINDOWS);
    }
    EnumSet<ExpiryNotice.Kind> set = EnumSet.noneOf(ExpiryNotice.Kind.class);
    for (ExpiryNotice.Kind window : windows) {
      if (!set.add(Objects.requireNonNull(window, "window"))) {
        throw new IllegalArgumentException("the notice window " + window + " is named twice");
      }
    }
    return new ExpiryNotifications(engine, store, notifier, Collections.unmodifiableSet(set));
  }

  /** {@return the windows these jobs check, in the order of {@link ExpiryNotice.Kind}} */
  public Set<ExpiryNotice.Kind> windows() {
    return windows;
  }

  /**
   * What one run did.
   *
   * @param kind which check ran
   * @param date the UTC day it ran for
   * @param tokensRead tokens read from the window
   * @param noticesClaimed (token, recipient) notices this run claimed (for a
   *     {@link TokenNotifier}: tokens)
   * @param messagesSent messages the notifier accepted (for a token notifier: events)
   * @param messagesFailed messages the notifier refused (their notices stay pending)
   */
  public record RunReport(ExpiryNotice.Kind kind, LocalDate date, int tokensRead,
      int noticesClaimed, int messagesSent, int messagesFailed) {}

  /**
   * The 01:00 UTC check: tokens expiring within the next seven days.
   *
   * @return what the run read, claimed and sent
   */
  public RunReport runExpiresSoon() {
    return run(ExpiryNotice.Kind.EXPIRES_SOON);
  }

  /**
   * The 02:00 UTC check: tokens that expired today.
   *
   * @return what the run read, claimed and sent
   */
  public RunReport runExpiresToday() {
    return run(ExpiryNotice.Kind.EXPIRES_TODAY);
  }

  /**
   * Runs the check {@code kind} for the current UTC day.
   *
   * @param kind which check to run, one of {@link #windows()}
   * @return what the run read, claimed and sent
   * @throws IllegalArgumentException if {@code kind} is not one of {@link #windows()}
   */
  public RunReport run(ExpiryNotice.Kind kind) {
    return run(kind, LocalDate.ofInstant(engine.now(), ZoneOffset.UTC));
  }

  /**
   * Runs the check {@code kind} as it was due on {@code today} (a scheduler catching up on a
   * missed day passes that day).
   *
   * @param kind which check to run, one of {@link #windows()}
   * @param today the UTC day the check was due
   * @return what the run read, claimed and sent
   * @throws IllegalArgumentException if {@code kind} is not one of {@link #windows()}
   */
  public RunReport run(ExpiryNotice.Kind kind, LocalDate today) {
    checkEnabled(kind);
    Objects.requireNonNull(today, "today");
    LocalDate from = today.plusDays(kind.firstDay());
    LocalDate to = today.plusDays(kind.lastDay());
    if (notifier instanceof TokenNotifier perToken) {
      return runPerToken(perToken, kind, today, from, to);
    }
    Instant now = engine.now();
    Map<Long, List<Claimed>> byRecipient = new LinkedHashMap<>();
    Map<ResourceRef, List<User>> maintainers = new HashMap<>();
    Tally tally = new Tally();
    int read = forEachExpiring(from, to, token -> {
      for (User recipient : recipients(token, maintainers)) {
        NoticeKey key = new NoticeKey(token.id(), kind, recipient.id());
        if (store.claim(key, claimant, now, now.plus(LEASE))) {
          tally.claimed++;
          byRecipient.computeIfAbsent(recipient.id(), id -> new ArrayList<>())
              .add(new Claimed(key, recipient, token));
        }
      }
    });
    int claimed = tally.claimed;
    int sent = 0;
    int failed = 0;
    for (List<Claimed> notices : byRecipient.values()) {
      if (deliver(kind, today, notices)) {
        sent++;
      } else {
        failed++;
      }
    }
    RunReport report = new RunReport(kind, today, read, claimed, sent, failed);
    LOG.info("expiry check {} for {}: {} tokens read, {} notices claimed, {} messages sent, {} failed",
        kind, today, read, claimed, sent, failed);
    return report;
  }

  /**
   * One event per token: each claimed just before it is sent, so a lease only has to outlast one
   * delivery however many tokens the window holds.
   */
  private RunReport runPerToken(TokenNotifier perToken, ExpiryNotice.Kind kind, LocalDate today,
      LocalDate from, LocalDate to) {
    Map<ResourceRef, List<Resource>> chains = new HashMap<>();
    Tally tally = new Tally();
    int read = forEachExpiring(from, to, token -> {
      if (!perToken.wants(token.type())) {
        return;
      }
      NoticeKey key = new NoticeKey(token.id(), kind, NoticeKey.PER_TOKEN);
      Instant now = engine.now();
      if (!store.claim(key, claimant, now, now.plus(LEASE))) {
        return;
      }
      tally.claimed++;
      List<Resource> chain = token.resource() == null ? List.of()
          : chains.computeIfAbsent(token.resource(), engine.hierarchy::chainOf);
      ExpiryEvent event = new ExpiryEvent(kind, today, new ExpiryNotice.ExpiringToken(token.id(),
          token.name(), token.expiresOn(), describe(token)), token.type(), chain);
      try {
        perToken.sendEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("expiry event of token {} not delivered, will retry on the next run: {}",
            token.id(), e.toString());
        releaseQuietly(key);
        tally.failed++;
        return;
      }
      store.markDelivered(key, claimant, engine.now());
      tally.sent++;
    });
    LOG.info("expiry check {} for {} (one event per token): {} tokens read, {} claimed, {} sent,"
        + " {} failed", kind, today, read, tally.claimed, tally.sent, tally.failed);
    return new RunReport(kind, today, read, tally.claimed, tally.sent, tally.failed);
  }

  /**
   * How many tokens become due a notice of the check {@code kind} when it runs on {@code day}:
   * those expiring on the one day its window gains each day ({@code day} plus the window's last
   * day), which no run of the day before could read (undelivered notices are retried on top).
   * Reads that one day through a run's keyset-paged query; claims and sends nothing.
   *
   * @param kind which check, one of {@link #windows()}
   * @param day the UTC day of the run
   * @return the tokens entering the window that day (for a {@link TokenNotifier}, those it wants)
   * @throws IllegalArgumentException if {@code kind} is not one of {@link #windows()}
   */
  public int countEntering(ExpiryNotice.Kind kind, LocalDate day) {
    checkEnabled(kind);
    LocalDate entering = Objects.requireNonNull(day, "day").plusDays(kind.lastDay());
    Tally tally = new Tally();
    forEachExpiring(entering, entering, token -> {
      if (!(notifier instanceof TokenNotifier perToken) || perToken.wants(token.type())) {
        tally.claimed++;
      }
    });
    return tally.claimed;
  }

  private void checkEnabled(ExpiryNotice.Kind kind) {
    if (!windows.contains(Objects.requireNonNull(kind, "kind"))) {
      throw new IllegalArgumentException("the notice window " + kind + " is not enabled (enabled: "
          + windows + "); enable it with withWindows(...)");
    }
  }

  /**
   * Reads the tokens expiring from {@code from} to {@code to} in keyset-paged batches, handing each
   * to {@code action}; returns how many were read.
   */
  private int forEachExpiring(LocalDate from, LocalDate to, Consumer<TokenRecord> action) {
    int read = 0;
    LocalDate afterDate = from;
    long afterId = 0;
    while (true) {
      List<TokenRecord> batch = store.findExpiring(from, to, afterDate, afterId, BATCH_SIZE);
      for (TokenRecord token : batch) {
        read++;
        action.accept(token);
      }
      if (batch.size() < BATCH_SIZE) {
        return read;
      }
      TokenRecord last = batch.get(batch.size() - 1);
      afterDate = last.expiresOn();
      afterId = last.id();
    }
  }

  private boolean deliver(ExpiryNotice.Kind kind, LocalDate today, List<Claimed> notices) {
    User recipient = notices.get(0).recipient;
    List<ExpiryNotice.ExpiringToken> tokens = new ArrayList<>();
    notices.stream()
        .sorted(Comparator.comparing((Claimed c) -> c.token.expiresOn()).thenComparing(c -> c.token.id()))
        .forEach(c -> tokens.add(new ExpiryNotice.ExpiringToken(c.token.id(), c.token.name(),
            c.token.expiresOn(), describe(c.token))));
    try {
      notifier.send(new ExpiryNotice(recipient, kind, today, tokens));
    } catch (RuntimeException e) {
      LOG.warn("expiry notice to user {} not delivered, will retry on the next run: {}",
          recipient.id(), e.toString());
      notices.forEach(c -> releaseQuietly(c.key));
      return false;
    }
    Instant at = engine.now();
    notices.forEach(c -> store.markDelivered(c.key, claimant, at));
    return true;
  }

  private void releaseQuietly(NoticeKey key) {
    try {
      store.release(key, claimant);
    } catch (RuntimeException e) {
      LOG.warn("could not release notice claim for token {}; it is retaken after its lease: {}",
          key.tokenId(), e.toString());
    }
  }

  private List<User> recipients(TokenRecord token, Map<ResourceRef, List<User>> maintainers) {
    return recipients.of(token, maintainers);
  }

  private String describe(TokenRecord token) {
    return recipients.describe(token);
  }


  /** What one check counted (mutable: the per-token loop counts inside its callback). */
  private static final class Tally {
    int claimed;
    int sent;
    int failed;
  }

  private static final class Claimed {
    final NoticeKey key;
    final User recipient;
    final TokenRecord token;

    Claimed(NoticeKey key, User recipient, TokenRecord token) {
      this.key = key;
      this.recipient = recipient;
      this.token = token;
    }
  }
}
