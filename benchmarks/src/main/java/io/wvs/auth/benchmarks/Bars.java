package io.wvs.auth.benchmarks;

import io.wvs.auth.benchmarks.RatioRunner.Throughput;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;

/**
 * The performance bars the runner prints: what each divides and the range it must fall in, the
 * ratios printed for context beside them, and the allocation bars. {@link #print} prints the
 * {@code RATIO}, {@code BAR} and {@code ALLOC} lines of a run.
 */
final class Bars {
  /**
   * Refusing a revoked token and an unknown one must not differ measurably: their throughputs
   * within 5 % of each other, about the run-to-run noise of this harness.
   */
  static final double REFUSAL_TIMING_MIN = 0.95;
  static final double REFUSAL_TIMING_MAX = 1.05;
  /**
   * What durability may cost: token creation on an H2 file database that writes each commit
   * before acknowledging it keeps at least a quarter of the throughput of H2's default, which
   * acknowledges first and writes later (and so loses acknowledged writes when killed).
   */
  static final double DURABLE_CREATION_MIN = 0.25;

  /**
   * Throughput of {@code numerator} divided by that of {@code denominator} must lie in
   * [{@code min}, {@code max}].
   */
  record Bar(String name, String numerator, String denominator, double min, double max) {
    /** A bar with a floor only. */
    static Bar atLeast(String name, String numerator, String denominator, double min) {
      return new Bar(name, numerator, denominator, min, Double.POSITIVE_INFINITY);
    }

    boolean met(double ratio) {
      return ratio >= min && ratio <= max;
    }

    String range() {
      return max == Double.POSITIVE_INFINITY
          ? String.format(Locale.ROOT, ">= %.2f", min)
          : String.format(Locale.ROOT, "in [%.2f, %.2f]", min, max);
    }
  }

  /**
   * Bytes allocated per operation by {@code benchmark} (JMH's {@code gc.alloc.rate.norm}) must be at
   * most {@code maxBytes}.
   */
  record AllocationBar(String name, String benchmark, double maxBytes) {
    boolean met(double bytes) {
      return bytes <= maxBytes;
    }
  }

  static final List<Bar> BARS = List.of(
      Bar.atLeast("authenticate_valid_vs_floor", "authenticate_valid", "floor", 0.5),
      Bar.atLeast("forged_reject_vs_valid", "forged_reject_beside_valid",
          "authenticate_valid_beside_forged", 10.0),
      Bar.atLeast("jdbc_authenticate_vs_point_select", "jdbc_authenticate", "point_select", 0.8),
      new Bar("revoked_vs_unknown", "revoked_reject", "unknown_reject", REFUSAL_TIMING_MIN, REFUSAL_TIMING_MAX),
      new Bar("jdbc_revoked_vs_unknown", "jdbc_revoked_reject", "jdbc_unknown_reject",
          REFUSAL_TIMING_MIN, REFUSAL_TIMING_MAX),
      Bar.atLeast("h2_create_durable_vs_delayed", "h2_create_durable", "h2_create_delayed",
          DURABLE_CREATION_MIN),
      Bar.atLeast("authenticate_valid_2_threads_vs_1", "authenticate_valid_2_threads",
          "authenticate_valid_1_thread", 1.8),
      Bar.atLeast("filter_vs_authenticate", "filter_authenticate", "authenticate_alone", 0.7),
      Bar.atLeast("jdbc_authenticate_8_threads_vs_point_select_8_threads", "jdbc_authenticate_8_threads",
          "point_select_8_threads", 0.85));

  /**
   * A ratio printed for context beside the bars, with no threshold of its own: {@code meaning}
   * says what it tells.
   */
  record Reported(String name, String numerator, String denominator, String meaning) {}

  /**
   * What the machine itself gave a second thread in this run (the raw floor, nothing shared): the
   * two-thread bar cannot be met by any code on a run where this is below 1.8.
   */
  static final List<Reported> REPORTED = List.of(
      new Reported("floor_2_threads_vs_1", "floor_2_threads", "floor_1_thread",
          "what this machine gave a second thread of the raw floor, nothing shared, in this run"));

  /**
   * A forged token is refused without allocating (JMH reports a fraction of a byte for nothing);
   * a valid in-memory authentication allocates at most 128 bytes (see the benchmarks README for
   * what it allocates and why the result and the store's lookup key alone come to 144).
   */
  static final List<AllocationBar> ALLOCATION_BARS = List.of(
      new AllocationBar("forged_reject_allocates_nothing", "forged_reject", 1.0),
      new AllocationBar("authenticate_valid_allocation", "authenticate_valid", 128.0));

  private Bars() {}

  /**
   * Prints each bar, ratio for context and allocation of a run; a bar whose benchmarks did not
   * run is reported as skipped.
   *
   * @param byName throughputs by benchmark (or turn) name
   * @param allocations bytes per operation by benchmark name, when the GC profiler ran
   * @return whether every bar that ran was met
   */
  static boolean print(Map<String, Throughput> byName, Map<String, Result<?>> allocations) {
    boolean allMet = true;
    for (Bar bar : BARS) {
      Throughput num = byName.get(bar.numerator());
      Throughput den = byName.get(bar.denominator());
      if (num == null || den == null) {
        System.out.printf(Locale.ROOT, "BAR %s %s SKIPPED (%s or %s not run)%n", bar.name(),
            bar.range(), bar.numerator(), bar.denominator());
        continue;
      }
      // Judged on the medians: a few seconds in which the machine's other tenants took a core
      // move a mean, not a median, while a slower build moves every iteration and the median too.
      double ratio = num.median() / den.median();
      boolean met = bar.met(ratio);
      allMet &= met;
      System.out.printf(Locale.ROOT, "RATIO %s %.2f%n", bar.name(), ratio);
      System.out.printf(Locale.ROOT, "BAR %s %s %s (ratio of means %.2f, of best iterations %.2f)%n",
          bar.name(), bar.range(), met ? "MET" : "MISSED", num.mean() / den.mean(), num.best() / den.best());
    }
    for (Reported r : REPORTED) {
      Throughput num = byName.get(r.numerator());
      Throughput den = byName.get(r.denominator());
      if (num != null && den != null) {
        System.out.printf(Locale.ROOT, "RATIO %s %.2f (no bar: %s; ratio of means %.2f)%n", r.name(),
            num.median() / den.median(), r.meaning(), num.mean() / den.mean());
      }
    }
    for (Map.Entry<String, Result<?>> e : allocations.entrySet()) {
      if (ALLOCATION_BARS.stream().noneMatch(b -> b.benchmark().equals(e.getKey()))) {
        System.out.printf(Locale.ROOT, "ALLOC %s %.1f B/op (no bar)%n", e.getKey(), e.getValue().getScore());
      }
    }
    for (AllocationBar bar : ALLOCATION_BARS) {
      Result<?> bytes = allocations.get(bar.benchmark());
      if (bytes == null) {
        System.out.printf(Locale.ROOT, "BAR %s <= %.0f B/op SKIPPED (%s not run, or no -prof gc)%n",
            bar.name(), bar.maxBytes(), bar.benchmark());
        continue;
      }
      boolean met = bar.met(bytes.getScore());
      allMet &= met;
      System.out.printf(Locale.ROOT, "ALLOC %s %.1f B/op%n", bar.benchmark(), bytes.getScore());
      System.out.printf(Locale.ROOT, "BAR %s <= %.0f B/op %s%n", bar.name(), bar.maxBytes(),
          met ? "MET" : "MISSED");
    }
    return allMet;
  }
}
