package io.wvs.auth.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wvs.auth.Channel;
import io.wvs.auth.FailureReason;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.AuditSink;
import java.util.Locale;
import java.util.Objects;

/**
 * Micrometer counters fed by the library's audit events, so they cost nothing when Micrometer is
 * absent:
 *
 * <ul>
 *   <li>{@code wvs.auth.authentications}, tagged {@code outcome} ({@code success}, {@code failure}),
 *       {@code reason} (the failure's reason in lower case, {@code none} on success),
 *       {@code token_type} ({@code personal}, {@code deploy}, ..., {@code unknown} on failure) and
 *       {@code channel} ({@code api}, {@code git_http}, {@code container_registry},
 *       {@code package_registry});
 *   <li>{@code wvs.auth.authentication.duration}, a timer of how long each authentication took,
 *       from its start to its decision (the lookup, the digest and the directory included), tagged
 *       {@code outcome} and {@code token_type} as above;
 *   <li>{@code wvs.auth.tokens.created}, {@code .revoked}, {@code .rotated} and
 *       {@code .reuse_detected}, tagged {@code token_type}.
 * </ul>
 *
 * <p>Every tag value comes from a closed set: never a token, a user name or an id. Passes every
 * event on to the application's own {@link AuditSink} when it has one. Thread-safe.
 *
 * @since 0.1
 */
public final class WvsAuthMetrics implements AuditSink {
  private final MeterRegistry registry;
  private final AuditSink next;

  /**
   * @param registry where the counters go
   * @param next the application's audit sink, or {@link AuditSink#NONE}
   */
  public WvsAuthMetrics(MeterRegistry registry, AuditSink next) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void record(AuditEvent event) {
    record(event, next);
  }

  /** Times the authentication beginning now; its event stops the timer. */
  @Override
  public AuditSink startAuthentication() {
    AuditSink nextSink = next.startAuthentication();
    Timer.Sample sample = Timer.start(registry);
    return event -> {
      String outcome = switch (event.type()) {
        case USED -> "success";
        case AUTHENTICATION_FAILED -> "failure";
        default -> null;
      };
      if (outcome != null) {
        sample.stop(Timer.builder("wvs.auth.authentication.duration")
            .description("How long authentications by the library took, by outcome and token type")
            .tag("outcome", outcome).tag("token_type", tag(event.tokenType()))
            .register(registry));
      }
      record(event, nextSink);
    };
  }

  private void record(AuditEvent event, AuditSink nextSink) {
    String type = tag(event.tokenType());
    switch (event.type()) {
      case USED -> authentication("success", "none", type, tag(event.channel()));
      case AUTHENTICATION_FAILED -> authentication("failure", tag(event.failure()), type, tag(event.channel()));
      case CREATED -> tokens("created", type);
      case REVOKED -> tokens("revoked", type);
      case ROTATED -> tokens("rotated", type);
      case REUSE_DETECTED -> tokens("reuse_detected", type);
      default -> { }
    }
    nextSink.record(event);
  }

  private void authentication(String outcome, String reason, String type, String channel) {
    Counter.builder("wvs.auth.authentications")
        .description("Authentications by the library, by outcome, reason, token type and channel")
        .tag("outcome", outcome).tag("reason", reason).tag("token_type", type).tag("channel", channel)
        .register(registry).increment();
  }

  private void tokens(String what, String type) {
    Counter.builder("wvs.auth.tokens." + what)
        .description("Tokens " + what.replace('_', ' ') + ", by token type")
        .tag("token_type", type)
        .register(registry).increment();
  }

  private static String tag(TokenType type) {
    return type == null ? "unknown" : type.name().toLowerCase(Locale.ROOT);
  }

  private static String tag(Channel channel) {
    return channel == null ? "unknown" : channel.name().toLowerCase(Locale.ROOT);
  }

  private static String tag(FailureReason reason) {
    return reason == null ? "unknown" : reason.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "WvsAuthMetrics{next=" + next + "}";
  }
}
