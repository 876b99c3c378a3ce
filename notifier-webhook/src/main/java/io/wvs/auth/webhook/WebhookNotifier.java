package io.wvs.auth.webhook;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.ExpiryEvent;
import io.wvs.auth.spi.LeakRevocation;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.TokenNotifier;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expiry webhooks: POSTs one JSON event per expiring token to every webhook registered for the
 * token's project or group, for the groups above it (a group's webhooks are inherited by its
 * subgroups and their projects), and for the instance. Project and group access tokens and deploy
 * tokens get events; personal tokens only with {@link Builder#personalTokens()}, and then at the
 * instance's webhooks only (a personal token belongs to no project).
 *
 * <p>Each request is signed: {@code X-Wvs-Signature: sha256=<hex>} is HMAC-SHA256 with the
 * webhook's secret over {@code <X-Wvs-Timestamp>.<body>}. Redirects are never followed (a 3xx
 * answer is a failed delivery), so an event cannot be steered to another host. A timeout, a
 * failed connection, 408, 429 and 5xx are retried with a doubling back-off while the attempts and
 * the event's time budget last; when any webhook of an event was not reached,
 * {@link #sendEvent} throws {@link WebhookDeliveryException} and the event stays pending for the
 * next run of the expiry jobs, which sends it again to all its webhooks with the same
 * {@code X-Wvs-Event-Id} (receivers deduplicate by it). Events hold ids, names, the type, the
 * resource path and dates, never a token value. A token revoked because its value was reported
 * leaked gets a {@code token_revoked_as_leaked} event at the same webhooks
 * ({@link #tokenRevokedAsLeaked(LeakRevocation)}). Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class WebhookNotifier implements TokenNotifier {
  /** The most time one event's deliveries may take, under the expiry jobs' ten-minute lease. */
  public static final Duration MAX_RETRY_BUDGET = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

  private final List<Webhook> instanceHooks;
  private final Map<ResourceRef, List<Webhook>> resourceHooks;
  private final boolean personalTokens;
  private final Delivery delivery;
  private final Delivery.Retries retries;

  private WebhookNotifier(Builder b) {
    this.instanceHooks = List.copyOf(b.instanceHooks);
    Map<ResourceRef, List<Webhook>> copy = new HashMap<>();
    b.resourceHooks.forEach((ref, hooks) -> copy.put(ref, List.copyOf(hooks)));
    this.resourceHooks = Map.copyOf(copy);
    this.personalTokens = b.personalTokens;
    this.retries = new Delivery.Retries(
        b.timeout == null ? Duration.ofSeconds(5) : b.timeout,
        b.maxAttempts == 0 ? 3 : b.maxAttempts,
        b.initialBackoff == null ? Duration.ofSeconds(1) : b.initialBackoff,
        b.retryBudget == null ? Duration.ofSeconds(30) : b.retryBudget);
    HttpClient client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(retries.timeout())
        .build();
    this.delivery = new Delivery(client, b.clock == null ? Clock.systemUTC() : b.clock, retries);
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Project, group and deploy tokens always; personal tokens when the builder opted in;
   * impersonation tokens never.
   *
   * @param type a token type
   * @return whether tokens of {@code type} get events
   */
  @Override
  public boolean wants(TokenType type) {
    if (type == TokenType.IMPERSONATION) {
      return false;
    }
    return personalTokens || !type.belongsToUser();
  }

  /**
   * POSTs {@code event} to each webhook it is due at; nothing when none is.
   *
   * @param event the event
   * @throws WebhookDeliveryException if a webhook was not reached within the attempts and budget
   */
  @Override
  public void sendEvent(ExpiryEvent event) {
    Objects.requireNonNull(event, "event");
    if (!wants(event.type())) {
      return;
    }
    List<Webhook> hooks = hooksFor(event.resources());
    post(hooks, EventJson.EVENT, EventJson.id(event), EventJson.of(event),
        event.token().tokenId());
  }

  /**
   * POSTs a {@code token_revoked_as_leaked} event to the webhooks the token's expiry events go to
   * (the same types, the same signature, retries and budget). Its {@code X-Wvs-Event-Id} is
   * {@code <token id>-revoked_as_leaked}: the core calls this once per token, from the report whose
   * revocation took effect, so the event is sent once across instances without a ledger row; a
   * webhook still unreached when the attempts or the budget run out is not tried again (the token
   * stays revoked, and the failure is logged by the caller).
   *
   * @param revocation the token revoked, with its resource and the groups above it
   * @throws WebhookDeliveryException if a webhook was not reached within the attempts and budget
   */
  @Override
  public void tokenRevokedAsLeaked(LeakRevocation revocation) {
    Objects.requireNonNull(revocation, "revocation");
    if (!wants(revocation.token().type())) {
      return;
    }
    post(hooksFor(revocation.resources()), EventJson.LEAK_EVENT, EventJson.id(revocation),
        EventJson.of(revocation), revocation.token().id());
  }

  private void post(List<Webhook> hooks, String event, String id, String json, long tokenId) {
    if (hooks.isEmpty()) {
      LOG.debug("no webhook for the {} event of token {}", event, tokenId);
      return;
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + retries.budget().toNanos();
    List<String> failures = new ArrayList<>();
    for (Webhook hook : hooks) {
      Optional<String> failure = delivery.post(hook, event, id, body, deadline);
      failure.ifPresent(f -> failures.add(hook.origin() + ": " + f));
    }
    if (!failures.isEmpty()) {
      throw new WebhookDeliveryException(String.format(Locale.ROOT,
          "%s event %s of token %d not delivered to %d of %d webhooks: %s", event, id, tokenId,
          failures.size(), hooks.size(), String.join("; ", failures)));
    }
    LOG.debug("{} event {} delivered to {} webhooks", event, id, hooks.size());
  }

  /** Instance webhooks, then those of the token's resource and of each group above it. */
  private List<Webhook> hooksFor(List<Resource> resources) {
    Set<Webhook> hooks = new LinkedHashSet<>(instanceHooks);
    for (Resource r : resources) {
      hooks.addAll(resourceHooks.getOrDefault(r.ref(), List.of()));
    }
    return List.copyOf(hooks);
  }

  /** {@return the number of webhooks and the retry settings; no URL path, no secret} */
  @Override
  public String toString() {
    int n = instanceHooks.size() + resourceHooks.values().stream().mapToInt(List::size).sum();
    return "WebhookNotifier[" + n + " webhooks, personalTokens=" + personalTokens + ", timeout="
        + retries.timeout() + ", maxAttempts=" + retries.maxAttempts() + ", budget="
        + retries.budget() + "]";
  }

  /**
   * Builds a {@link WebhookNotifier}. Webhooks add up (one scope may have several); every other
   * setting may be made once (a second call is refused naming the first value); {@link #build()}
   * names what is missing. Not thread-safe; the built notifier is immutable.
   */
  public static final class Builder {
    private final List<Webhook> instanceHooks = new ArrayList<>();
    private final Map<ResourceRef, List<Webhook>> resourceHooks = new HashMap<>();
    private boolean personalTokens;
    private boolean plainHttp;
    private Duration timeout;
    private int maxAttempts;
    private Duration initialBackoff;
    private Duration retryBudget;
    private Clock clock;

    private Builder() {}

    /**
     * Adds a webhook told about every token that gets events.
     *
     * @param hook the webhook
     * @return this
     */
    public Builder instanceHook(Webhook hook) {
      instanceHooks.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /**
     * Adds a webhook told about the tokens of {@code resource}: a project's access and deploy
     * tokens, or a group's and, inherited, those of its subgroups and of their projects.
     *
     * @param resource a project or a group
     * @param hook the webhook
     * @return this
     */
    public Builder hook(ResourceRef resource, Webhook hook) {
      Objects.requireNonNull(resource, "resource");
      resourceHooks.computeIfAbsent(resource, r -> new ArrayList<>())
          .add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /**
     * Opts in to events for personal access tokens, sent to the instance's webhooks.
     *
     * @return this
     */
    public Builder personalTokens() {
      once(!personalTokens, "personalTokens was already set");
      personalTokens = true;
      return this;
    }

    /**
     * Allows plain {@code http} webhook URLs (for a receiver on a trusted network or in tests);
     * by default {@link #build()} refuses them, since the events would travel unencrypted.
     *
     * @return this
     */
    public Builder allowPlainHttp() {
      once(!plainHttp, "allowPlainHttp was already set");
      plainHttp = true;
      return this;
    }

    /**
     * The connect and answer timeout of each request; default 5 s, at most 1 minute.
     *
     * @param timeout the timeout, positive
     * @return this
     */
    public Builder timeout(Duration timeout) {
      once(this.timeout == null, "timeout was already set to " + this.timeout);
      this.timeout = positive(timeout, "timeout", Duration.ofMinutes(1));
      return this;
    }

    /**
     * The most attempts per webhook and event in one run, the first included; default 3, at most
     * 10.
     *
     * @param maxAttempts 1 to 10
     * @return this
     */
    public Builder maxAttempts(int maxAttempts) {
      once(this.maxAttempts == 0, "maxAttempts was already set to " + this.maxAttempts);
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be 1 to 10, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The wait before the first retry, doubled before each next one; default 1 s, at most
     * 1 minute.
     *
     * @param initialBackoff the first wait, positive
     * @return this
     */
    public Builder initialBackoff(Duration initialBackoff) {
      once(this.initialBackoff == null, "initialBackoff was already set to " + this.initialBackoff);
      this.initialBackoff = positive(initialBackoff, "initialBackoff", Duration.ofMinutes(1));
      return this;
    }

    /**
     * The most time the deliveries of one event may take, retries and waits included; default
     * 30 s, at most {@link #MAX_RETRY_BUDGET} (so the expiry jobs' claim on the event outlasts
     * them). No attempt starts that could end after it.
     *
     * @param retryBudget the budget, positive
     * @return this
     */
    public Builder retryBudget(Duration retryBudget) {
      once(this.retryBudget == null, "retryBudget was already set to " + this.retryBudget);
      this.retryBudget = positive(retryBudget, "retryBudget", MAX_RETRY_BUDGET);
      return this;
    }

    /**
     * The clock of the {@code X-Wvs-Timestamp} header; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this
     */
    public Builder clock(Clock clock) {
      once(this.clock == null, "clock was already set to " + this.clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the notifier.
     *
     * @return the notifier
     * @throws IllegalStateException if no webhook was added, or a webhook is plain {@code http}
     *     without {@link #allowPlainHttp()}
     */
    public WebhookNotifier build() {
      List<Webhook> all = new ArrayList<>(instanceHooks);
      resourceHooks.values().forEach(all::addAll);
      if (all.isEmpty()) {
        throw new IllegalStateException("WebhookNotifier needs at least one webhook: instanceHook"
            + " or hook(resource, webhook)");
      }
      if (!plainHttp) {
        for (Webhook hook : all) {
          if (hook.plainHttp()) {
            throw new IllegalStateException("the webhook " + hook.origin() + " is plain http:"
                + " use https, or allowPlainHttp() for a trusted network");
          }
        }
      }
      return new WebhookNotifier(this);
    }

    private static void once(boolean unset, String message) {
      if (!unset) {
        throw new IllegalStateException(message);
      }
    }

    private static Duration positive(Duration d, String name, Duration max) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be positive and at most " + max + ", was "
            + d);
      }
      return d;
    }
  }
}
