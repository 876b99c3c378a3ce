package io.wvs.auth.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event POSTed to one webhook, with its retries: a 2xx answer delivers; a timeout, a failed
 * connection, 408, 429 and 5xx are retried after a back-off that doubles, while attempts and the
 * time budget last; a redirect (never followed) and any other 4xx end the delivery at once. Each
 * attempt is signed anew with the clock's current second. Durations are measured on the monotonic
 * {@link System#nanoTime()}.
 */
final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  /** How hard one delivery tries. */
  record Retries(Duration timeout, int maxAttempts, Duration initialBackoff, Duration budget) {}

  private final HttpClient client;
  private final Clock clock;
  private final Retries retries;

  Delivery(HttpClient client, Clock clock, Retries retries) {
    this.client = client;
    this.clock = clock;
    this.retries = retries;
  }

  /**
   * POSTs {@code body}, an {@code event} ({@code X-Wvs-Event}), to {@code hook}; no attempt starts that could end after {@code deadline}
   * (a {@link System#nanoTime()} value).
   *
   * @return empty when delivered, else what went wrong on the last attempt (no URL path, no secret)
   */
  Optional<String> post(Webhook hook, String event, String eventId, byte[] body, long deadline) {
    Duration backoff = retries.initialBackoff();
    String last = "not attempted";
    for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
      if (System.nanoTime() + retries.timeout().toNanos() - deadline > 0) {
        last += " (retry budget of " + retries.budget() + " spent)";
        break;
      }
      Outcome outcome = attempt(hook, event, eventId, body);
      if (outcome == Outcome.DELIVERED) {
        return Optional.empty();
      }
      last = outcome.detail;
      if (!outcome.retryable || attempt == retries.maxAttempts()) {
        break;
      }
      if (System.nanoTime() + backoff.toNanos() + retries.timeout().toNanos() - deadline > 0) {
        last += " (retry budget of " + retries.budget() + " spent)";
        break;
      }
      LOG.debug("webhook {} attempt {} for event {}: {}; retrying in {}", hook.origin(), attempt,
          eventId, outcome.detail, backoff);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of(last + " (interrupted)");
      }
      backoff = backoff.multipliedBy(2);
    }
    return Optional.of(last);
  }

  private Outcome attempt(Webhook hook, String event, String eventId, byte[] body) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(hook.url())
        .timeout(retries.timeout())
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "wvs-auth-webhook")
        .header("X-Wvs-Event", event)
        .header("X-Wvs-Event-Id", eventId)
        .header("X-Wvs-Timestamp", Long.toString(timestamp))
        .header("X-Wvs-Signature", Signature.sign(hook.secret(), timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    int status;
    try {
      status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (HttpTimeoutException e) {
      return Outcome.retry("no answer within " + retries.timeout());
    } catch (IOException e) {
      return Outcome.retry("connection failed (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.fail("interrupted");
    }
    if (status >= 200 && status < 300) {
      return Outcome.DELIVERED;
    }
    if (status >= 300 && status < 400) {
      return Outcome.fail("HTTP " + status + ", a redirect, not followed");
    }
    if (status == 408 || status == 429 || status >= 500) {
      return Outcome.retry("HTTP " + status);
    }
    return Outcome.fail("HTTP " + status);
  }

  private static final class Outcome {
    static final Outcome DELIVERED = new Outcome(false, "delivered");

    final boolean retryable;
    final String detail;

    private Outcome(boolean retryable, String detail) {
      this.retryable = retryable;
      this.detail = detail;
    }

    static Outcome retry(String detail) {
      return new Outcome(true, detail);
    }

    static Outcome fail(String detail) {
      return new Outcome(false, detail);
    }
  }
}
