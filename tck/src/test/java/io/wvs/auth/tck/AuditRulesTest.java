package io.wvs.auth.tck;

import static io.wvs.auth.tck.SeedWorld.START;
import static io.wvs.auth.tck.SeedWorld.assertSuccess;
import static io.wvs.auth.tck.SeedWorld.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.DigestKeyring;
import io.wvs.auth.FailureReason;
import io.wvs.auth.Scope;
import io.wvs.auth.TokenReuseDetectedException;
import io.wvs.auth.TokenSpec;
import io.wvs.auth.TokenType;
import io.wvs.auth.WvsAuth;
import io.wvs.auth.spi.AuditEvent;
import io.wvs.auth.spi.AuditEvent.Type;
import io.wvs.auth.spi.AuditSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Design brief, "Audit": "an SPI receives created / revoked / rotated / used / failed-authentication events". */
class AuditRulesTest {
  private final SeedWorld world = new SeedWorld();
  private final WvsAuth auth = world.auth();

  @Test
  void auditSinkReceivesCreatedRevokedRotatedUsedAndFailedEvents() {
    long alice = world.alice.id();
    CreatedToken token = auth.personalTokens().create(alice, alice, TokenSpec.of("audited", Scope.READ_API));
    long id = token.token().id();
    world.clock.advance(Duration.ofMinutes(1));
    assertSuccess(get(auth, token.value()));
    world.clock.advance(Duration.ofMinutes(1));
    auth.authenticator().authenticate(AuthRequest.api(token.value(), "POST"));
    auth.authenticator().authenticate(AuthRequest.api("garbage", "GET"));
    auth.authenticator().authenticate(AuthRequest.api("unknown-token-string-1", "GET"));
    CreatedToken successor = auth.personalTokens().rotate(alice, id, null);
    long successorId = successor.token().id();
    world.clock.advance(Duration.ofMinutes(1));
    auth.personalTokens().revoke(alice, successorId);
    auth.personalTokens().revoke(alice, successorId); // idempotent: no second event
    assertThatThrownBy(() -> auth.personalTokens().rotateByValue(token.value(), null))
        .isInstanceOf(TokenReuseDetectedException.class);

    assertThat(world.audit.events())
        .extracting(AuditEvent::type, AuditEvent::tokenId, AuditEvent::tokenType, AuditEvent::actorId,
            AuditEvent::failure)
        .containsExactly(
            tuple(Type.CREATED, id, TokenType.PERSONAL, alice, null),
            tuple(Type.USED, id, TokenType.PERSONAL, alice, null),
            tuple(Type.AUTHENTICATION_FAILED, id, null, null, FailureReason.INSUFFICIENT_SCOPE),
            tuple(Type.AUTHENTICATION_FAILED, 0L, null, null, FailureReason.MALFORMED),
            tuple(Type.AUTHENTICATION_FAILED, 0L, null, null, FailureReason.UNKNOWN),
            tuple(Type.ROTATED, id, TokenType.PERSONAL, alice, null),
            tuple(Type.REVOKED, successorId, TokenType.PERSONAL, alice, null),
            tuple(Type.REUSE_DETECTED, id, TokenType.PERSONAL, alice, null));
    assertThat(world.audit.events()).extracting(AuditEvent::at).containsExactly(
        START, START.plusSeconds(60), START.plusSeconds(120), START.plusSeconds(120),
        START.plusSeconds(120), START.plusSeconds(120), START.plusSeconds(180), START.plusSeconds(180));
  }

  @Test
  void impersonationAndPredeterminedCreationsAreAudited() {
    CreatedToken impersonation = auth.personalTokens().createImpersonation(world.root.id(),
        world.alice.id(), TokenSpec.of("support", Scope.API));
    long predetermined = auth.personalTokens().createWithValue(world.automationBot.id(),
        TokenSpec.of("Automation token", Scope.READ_USER), "token-string-here123").id();
    auth.personalTokens().revokeByValue("token-string-here123");
    assertThat(world.audit.events())
        .extracting(AuditEvent::type, AuditEvent::tokenId, AuditEvent::tokenType, AuditEvent::actorId)
        .containsExactly(
            tuple(Type.CREATED, impersonation.token().id(), TokenType.IMPERSONATION, world.root.id()),
            tuple(Type.CREATED, predetermined, TokenType.PERSONAL, null),
            tuple(Type.REVOKED, predetermined, TokenType.PERSONAL, null));
  }

  @Test
  void aFailingAuditSinkNeverChangesTheOutcome() {
    WvsAuth noisy = WvsAuth.builder().tokenStore(world.store).userDirectory(world.users)
        .resourceDirectory(world.users).botAccounts(world.users).passwordVerifier(world.users)
        .keyring(DigestKeyring.of("k1", SeedWorld.pepper(1))).clock(world.clock)
        .auditSink(event -> {
          throw new IllegalStateException("audit backend down");
        })
        .build();
    CreatedToken token = noisy.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("x", Scope.API));
    assertSuccess(get(noisy, token.value()));
    assertThat(get(noisy, "garbage").isSuccess()).isFalse();
  }

  @Test
  void eachAuthenticationsEventGoesThroughTheSinkStartedForItOnceAndAFailingStartChangesNothing() {
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicInteger started = new AtomicInteger();
    AtomicBoolean startFails = new AtomicBoolean();
    AuditSink timing = new AuditSink() {
      @Override
      public void record(AuditEvent event) {
        seen.add("plain " + event.type());
      }

      @Override
      public AuditSink startAuthentication() {
        if (startFails.get()) {
          throw new IllegalStateException("timer backend down");
        }
        int n = started.incrementAndGet();
        return event -> seen.add("started#" + n + " " + event.type());
      }
    };
    WvsAuth timed = WvsAuth.builder().tokenStore(world.store).userDirectory(world.users)
        .resourceDirectory(world.users).botAccounts(world.users).passwordVerifier(world.users)
        .keyring(DigestKeyring.of("k1", SeedWorld.pepper(1))).clock(world.clock).auditSink(timing)
        .build();
    CreatedToken token = timed.personalTokens().create(world.alice.id(), world.alice.id(),
        TokenSpec.of("x", Scope.API));
    assertSuccess(get(timed, token.value()));
    assertThat(get(timed, "garbage").isSuccess()).isFalse();
    assertThat(timed.authenticator().introspect(token.value())).isPresent();
    startFails.set(true);
    assertSuccess(get(timed, token.value()));

    assertThat(seen).containsExactly("plain CREATED", "started#1 USED",
        "started#2 AUTHENTICATION_FAILED", "started#3 USED", "plain USED");
  }
}
