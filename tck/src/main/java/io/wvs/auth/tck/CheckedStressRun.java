package io.wvs.auth.tck;

import static io.wvs.auth.tck.RulesFixture.API_PROJECT;
import static io.wvs.auth.tck.StressModel.OWNERS;
import static io.wvs.auth.tck.StressModel.PHASES;
import static io.wvs.auth.tck.StressModel.PHASE_STEP;

import io.wvs.auth.AuthResult.Failure;
import io.wvs.auth.FailureReason;
import io.wvs.auth.TokenType;
import io.wvs.auth.spi.TokenQuery;
import io.wvs.auth.spi.TokenRecord;
import io.wvs.auth.spi.TokenStore;
import io.wvs.auth.tck.StressModel.Auth;
import io.wvs.auth.tck.StressModel.Change;
import io.wvs.auth.tck.StressModel.Family;
import io.wvs.auth.tck.StressModel.Issued;
import io.wvs.auth.tck.StressModel.Kind;
import io.wvs.auth.tck.StressModel.Op;
import io.wvs.auth.tck.StressModel.Outcome;
import io.wvs.auth.tck.StressModel.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A {@link StressRun} checked, once played, against what the design promises under concurrency. */
final class CheckedStressRun extends StressRun {
  CheckedStressRun(TokenStore first, TokenStore second, long seed, int operationsPerWorker) {
    super(first, second, seed, operationsPerWorker);
  }

  Stats verify() {
    Stats stats = new Stats();
    stats.tokens = tokens().size();
    checkRevocations(stats);
    checkWrites(stats);
    checkRotations(stats);
    return stats;
  }

  /** Check 1: linearizable revocation, against the tickets. */
  private void checkRevocations(Stats stats) {
    Map<Long, Long> revokingFrom = new HashMap<>(); // when a revocation of it began
    for (Change c : changes) {
      // Reuse detection revokes the family, and no member can be added to it afterwards. A
      // failed rotation may have done anything a rotation does.
      boolean rotation = c.op() == Op.ROTATE || c.op() == Op.ROTATE_BY_VALUE;
      boolean wholeFamily = c.outcome() == Outcome.REUSE_DETECTED
          || (c.outcome() == Outcome.STORE_UNAVAILABLE && rotation);
      for (Issued t : wholeFamily ? c.token().family.members : List.of(c.token())) {
        revokingFrom.merge(t.id, c.start(), Math::min);
        if (c.outcome() != Outcome.STORE_UNAVAILABLE) {
          revokedFrom.merge(t.id, c.end(), Math::min);
        }
      }
      switch (c.outcome()) {
        case REVOKED -> stats.revoked++;
        case ROTATED -> stats.rotated++;
        case REUSE_DETECTED -> stats.reuse++;
        default -> { }
      }
    }
    for (Auth a : auths) {
      long id = a.token().id;
      Long revoked = revokedFrom.get(id);
      Long revoking = revokingFrom.get(id);
      boolean overlaps = revoking != null && revoking < a.end()
          && (revoked == null || a.start() < revoked);
      stats.overlapping += overlaps ? 1 : 0;
      if (a.result().isSuccess()) {
        stats.accepted++;
        stats.overlappingAccepted += overlaps ? 1 : 0;
        if (revoked != null && revoked < a.start()) {
          violations.add(a.token() + " accepted by an authentication begun at ticket " + a.start()
              + ", after a revocation of it returned at ticket " + revoked);
        }
        continue;
      }
      stats.refused++;
      FailureReason reason = ((Failure) a.result()).reason();
      // A project token's bot is deleted when its last active token is revoked.
      boolean asRevoked = reason == FailureReason.REVOKED
          || (reason == FailureReason.USER_BLOCKED && a.token().kind == Kind.PROJECT);
      if (reason == FailureReason.STORE_UNAVAILABLE) {
        storeFailures.add("authentication of " + a.token() + ": STORE_UNAVAILABLE");
      } else if (!asRevoked) {
        violations.add(a.token() + " refused as " + reason + " in phase " + a.phase());
      } else if (revoking == null || revoking > a.end()) {
        violations.add(a.token() + " refused as " + reason + " at tickets " + a.start() + ".."
            + a.end() + ", before any revocation of it began"
            + (revoking == null ? "" : " (at " + revoking + ")"));
      }
    }
  }

  /** Check 2: one write per token and interval in which it authenticated, none otherwise. */
  private void checkWrites(Stats stats) {
    Map<Long, Map<Integer, Integer>> written = new HashMap<>();
    for (Map.Entry<Long, Instant> w : writes) {
      stats.writes++;
      int phase = (int) (Duration.between(RulesFixture.START, w.getValue()).toHours()
          / PHASE_STEP.toHours());
      if (!instantOf(phase).equals(w.getValue())) {
        violations.add("last use of token " + w.getKey() + " written at " + w.getValue()
            + ", which is no phase's instant");
      }
      written.computeIfAbsent(w.getKey(), k -> new HashMap<>()).merge(phase, 1, Integer::sum);
    }
    Map<Long, Set<Integer>> acceptedIn = new HashMap<>();
    for (Auth a : auths) {
      if (a.result().isSuccess()) {
        acceptedIn.computeIfAbsent(a.token().id, k -> new TreeSet<>()).add(a.phase());
      }
    }
    for (Issued token : tokens()) {
      for (int phase = 0; phase < PHASES; phase++) {
        int expected = acceptedIn.getOrDefault(token.id, Set.of()).contains(phase) ? 1 : 0;
        int actual = written.getOrDefault(token.id, Map.of()).getOrDefault(phase, 0);
        if (actual != expected) {
          violations.add(token + ": " + actual + " last-used writes in phase " + phase
              + ", expected " + expected);
        }
      }
    }
  }

  /** Check 3: one successor per token, one active chain end per family, nothing stray stored. */
  private void checkRotations(Stats stats) {
    Map<Long, Long> successors = changes.stream().filter(c -> c.outcome() == Outcome.ROTATED)
        .collect(Collectors.groupingBy(c -> c.token().id, Collectors.counting()));
    successors.forEach((id, n) -> {
      if (n > 1) {
        violations.add("token " + id + " was rotated " + n + " times");
      }
    });
    for (Family family : families()) {
      List<Long> active = new ArrayList<>();
      for (Issued member : family.members) {
        TokenRecord record = stored(member);
        if (record.familyId() != family.rootId) {
          violations.add(member + " is stored in family " + record.familyId());
        }
        if (record.isRevoked()) {
          continue;
        }
        active.add(member.id);
        if (revokedFrom.containsKey(member.id)) {
          violations.add(member + " is active although a service call revoked it");
        }
      }
      if (active.size() > 1 || (active.size() == 1 && successors.containsKey(active.get(0)))) {
        violations.add("family " + family.rootId + " has active tokens " + active
            + " besides the end of its chain");
      }
    }
    Set<Long> storedIds = new TreeSet<>();
    for (long user : OWNERS) {
      store.find(TokenQuery.ofUser(user, TokenType.PERSONAL)).forEach(r -> storedIds.add(r.id()));
    }
    store.find(TokenQuery.ofResource(API_PROJECT, TokenType.PROJECT_ACCESS, TokenType.DEPLOY))
        .forEach(r -> storedIds.add(r.id()));
    Set<Long> issuedIds =
        tokens().stream().map(t -> t.id).collect(Collectors.toCollection(TreeSet::new));
    if (!storedIds.equals(issuedIds)) {
      Set<Long> stray = new TreeSet<>(storedIds);
      stray.removeAll(issuedIds);
      Set<Long> missing = new TreeSet<>(issuedIds);
      missing.removeAll(storedIds);
      violations.add("the store holds tokens " + stray + " the run never got, and lacks " + missing);
    }
  }
}
