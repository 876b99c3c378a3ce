package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.ALICE;
import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.RulesFixture.BOB;
import static io.wvs.auth.tck.RulesFixture.CAROL;

import io.wvs.auth.AuthRequest;
import io.wvs.auth.AuthResult;
import io.wvs.auth.Channel;
import io.wvs.auth.CreatedToken;
import io.wvs.auth.ScopeRequirement;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** The constants, records and helpers of the store stress run ({@link StoreStressContract}). */
final class StressModel {
  private StressModel() {}

  static final int WORKERS = 16;
  static final int PHASES = 5;
  static final long PHASE_TIMEOUT_SECONDS = 60;
  /** More than the 24-hour last-used interval: every phase is a new interval. */
  static final Duration PHASE_STEP = Duration.ofHours(25);
  static final LocalDate SUCCESSOR_EXPIRY =
      LocalDate.ofInstant(RulesFixture.START, ZoneOffset.UTC).plusDays(100);
  /** Mutations and most authentications pick among the newest this many churning families. */
  static final int FAMILY_WINDOW = 12;
  static final long[] OWNERS = {ALICE, BOB, CAROL};

  enum Kind { PERSONAL, PROJECT, DEPLOY }

  enum Op { AUTHENTICATE, CREATE, ROTATE, ROTATE_BY_VALUE, REVOKE, REVOKE_BY_VALUE }

  enum Outcome { REVOKED, ROTATED, REUSE_DETECTED, STORE_UNAVAILABLE }

  /** A token the run issued. Its value never leaves the test: {@link #toString} omits it. */
  static final class Issued {
    final Kind kind;
    final long id;
    final Family family;
    final long ownerId;
    final String value;
    final AuthRequest request;

    Issued(Kind kind, CreatedToken created, Family family) {
      this.kind = kind;
      this.id = created.token().id();
      this.family = family == null ? new Family(id) : family;
      this.ownerId = created.token().userId() == null ? 0 : created.token().userId();
      this.value = created.value();
      AuthRequest.Builder request = AuthRequest.builder(value).resource(API_PROJECT);
      if (kind == Kind.DEPLOY) {
        request.channel(Channel.GIT_HTTP).username(created.token().username())
            .require(ScopeRequirement.gitPull());
      } else {
        request.require(ScopeRequirement.forApiMethod("GET"));
      }
      this.request = request.build();
      this.family.add(this);
    }

    @Override
    public String toString() {
      return kind + " token " + id + " (family " + family.rootId + ")";
    }
  }

  /** A rotation family: its root's id, its members in issue order, its newest member. */
  static final class Family {
    final long rootId;
    final List<Issued> members = new CopyOnWriteArrayList<>();
    final AtomicReference<Issued> newest = new AtomicReference<>();
    /** Whether a worker saw it end (its newest token revoked, or reuse detected): a hint only. */
    volatile boolean ended;

    Family(long rootId) {
      this.rootId = rootId;
    }

    void add(Issued member) {
      members.add(member);
      newest.accumulateAndGet(member, (a, b) -> a == null || b.id > a.id ? b : a);
    }
  }

  /** An authentication: the token, the phase, tickets taken before and after, the result. */
  record Auth(Issued token, int phase, long start, long end, AuthResult result) {}

  /** A revocation or rotation through a service, with tickets taken before and after. */
  record Change(Op op, Issued token, long start, long end, Outcome outcome) {}

  /** What one worker did in one phase. */
  record WorkerLog(List<Auth> auths, List<Change> changes) {}

  /** The counts a run reports. */
  static final class Stats {
    long accepted;
    long refused;
    long overlapping;
    long overlappingAccepted;
    long revoked;
    long rotated;
    long reuse;
    long writes;
    long tokens;

    @Override
    public String toString() {
      return (accepted + refused) + " authentications (" + accepted
          + " accepted, " + refused + " refused; " + overlapping + " overlapped a revocation of their"
          + " token, " + overlappingAccepted + " of those accepted), " + revoked + " revocations, "
          + rotated + " rotations, " + reuse + " reuse detections, " + writes + " last-used writes, "
          + tokens + " tokens";
    }
  }

  static Op supported(Op op, Kind kind) {
    return switch (kind) {
      case PERSONAL -> op;
      case PROJECT -> op == Op.ROTATE_BY_VALUE ? Op.ROTATE : op == Op.REVOKE_BY_VALUE ? Op.REVOKE : op;
      case DEPLOY -> Op.REVOKE;
    };
  }

  /** The exception with the SQL state of the first {@link SQLException} among its causes. */
  static String describe(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        return e.getClass().getSimpleName() + " (SQLState " + sql.getSQLState() + ")";
      }
    }
    return e.toString();
  }

  /** Every thread's stack; for threads deadlocked on JVM locks, what they wait for and who holds it. */
  static String threadDump() {
    StringBuilder dump = new StringBuilder();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] deadlocked = threads.findDeadlockedThreads();
    if (deadlocked != null) {
      dump.append("Threads deadlocked on JVM locks:\n");
      for (ThreadInfo info : threads.getThreadInfo(deadlocked, true, true)) {
        dump.append(info);
      }
    }
    Thread.getAllStackTraces().forEach((thread, frames) -> {
      dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
      for (StackTraceElement frame : frames) {
        dump.append("    at ").append(frame).append('\n');
      }
    });
    return dump.toString();
  }
}
