package io.wvs.auth.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suites in one JMH run (throughput, ops/s, one fork) and prints the
 * performance bars of DESIGN.md as ratios measured in that same run:
 *
 * <pre>
 * THROUGHPUT &lt;benchmark&gt; &lt;ops/s&gt; ops/s +- &lt;error&gt;
 * RATIO &lt;bar&gt; &lt;numerator / denominator, 2 decimals&gt;
 * BAR &lt;bar&gt; &gt;= &lt;min&gt; MET|MISSED (ratio of medians ..., of best iterations ...)
 * </pre>
 *
 * <p>The RATIO and the verdict use JMH's score (the mean over the measurement iterations). The
 * ratios of median and of best iterations are printed beside it as a cross-check for a noisy,
 * shared machine, where other processes only ever lower a benchmark's throughput.
 *
 * <p>Before any timing, every suite's self-check proves that its benchmarks measure what they
 * claim (a valid token succeeds without a write, a forged one never reaches the store, ...).
 *
 * <p>Arguments are JMH's own command-line options and override the defaults here (for instance
 * {@code -wi 2 -i 3} for a quick run, {@code -prof gc} for allocation per operation, or a regex to
 * run only some benchmarks; bars whose benchmarks did not run are reported as skipped). Mode and
 * time unit are always throughput in ops/s, since the ratios divide throughputs. With
 * {@code -Dwvs.bench.strict=true} the exit status is 1 when a bar is missed.
 *
 * <p>To add a bar: add its benchmark class and self-check to {@link #SUITES} and a {@link Bar} to
 * {@link #BARS}. Benchmark method names must be unique across suites: bars refer to them by that
 * short name.
 */
public final class RatioRunner {
  static final int WARMUP_ITERATIONS = 5;
  static final int MEASUREMENT_ITERATIONS = 10;

  /** A benchmark class and its untimed self-check (which throws when a benchmark would mislead). */
  record Suite(Class<?> benchmarks, Runnable selfCheck) {}

  /** Throughput of {@code numerator} divided by that of {@code denominator} must be at least {@code min}. */
  record Bar(String name, String numerator, String denominator, double min) {}

  static final List<Suite> SUITES = List.of(
      new Suite(InMemoryAuthBenchmark.class, InMemoryFixture::selfCheck));

  static final List<Bar> BARS = List.of(
      new Bar("authenticate_valid_vs_floor", "authenticate_valid", "floor", 0.5),
      new Bar("forged_reject_vs_valid", "forged_reject", "authenticate_valid", 10.0));

  private RatioRunner() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("bad option: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cli.shouldHelp()) {
      cli.showHelp();
      return;
    }

    for (Suite suite : SUITES) {
      suite.selfCheck().run();
      System.out.println("SELFCHECK " + suite.benchmarks().getSimpleName() + " ok");
    }

    Collection<RunResult> results = new Runner(options(cli).build()).run();
    Map<String, Result<?>> byName = byShortName(results);

    System.out.println();
    System.out.println("# wvs-auth performance bars: throughput ratios from this one run (single fork;"
        + " a shared machine makes them noisy, so compare several runs)");
    for (Map.Entry<String, Result<?>> e : byName.entrySet()) {
      Result<?> r = e.getValue();
      System.out.printf(Locale.ROOT, "THROUGHPUT %s %.1f ops/s +- %.1f (median %.1f, best %.1f)%n",
          e.getKey(), r.getScore(), r.getScoreError(), median(r), best(r));
    }
    boolean allMet = true;
    for (Bar bar : BARS) {
      Result<?> num = byName.get(bar.numerator());
      Result<?> den = byName.get(bar.denominator());
      if (num == null || den == null) {
        System.out.printf(Locale.ROOT, "BAR %s >= %.2f SKIPPED (%s or %s not run)%n", bar.name(),
            bar.min(), bar.numerator(), bar.denominator());
        continue;
      }
      double ratio = num.getScore() / den.getScore();
      boolean met = ratio >= bar.min();
      allMet &= met;
      System.out.printf(Locale.ROOT, "RATIO %s %.2f%n", bar.name(), ratio);
      System.out.printf(Locale.ROOT, "BAR %s >= %.2f %s (ratio of medians %.2f, of best iterations %.2f)%n",
          bar.name(), bar.min(), met ? "MET" : "MISSED", median(num) / median(den), best(num) / best(den));
    }
    if (!allMet && Boolean.getBoolean("wvs.bench.strict")) {
      System.exit(1);
    }
  }

  /** The defaults of this runner under the command line's options, which win where given. */
  static ChainedOptionsBuilder options(CommandLineOptions cli) {
    ChainedOptionsBuilder b = new OptionsBuilder().parent(cli)
        .mode(Mode.Throughput)
        .timeUnit(TimeUnit.SECONDS);
    if (cli.getIncludes().isEmpty()) {
      for (Suite suite : SUITES) {
        b.include("^" + Pattern.quote(suite.benchmarks().getName() + ".") + ".*");
      }
    }
    if (!cli.getForkCount().hasValue()) {
      b.forks(1);
    }
    if (!cli.getThreads().hasValue()) {
      b.threads(1);
    }
    if (!cli.getWarmupIterations().hasValue()) {
      b.warmupIterations(WARMUP_ITERATIONS);
    }
    if (!cli.getWarmupTime().hasValue()) {
      b.warmupTime(TimeValue.seconds(1));
    }
    if (!cli.getMeasurementIterations().hasValue()) {
      b.measurementIterations(MEASUREMENT_ITERATIONS);
    }
    if (!cli.getMeasurementTime().hasValue()) {
      b.measurementTime(TimeValue.seconds(1));
    }
    if (!cli.shouldFailOnError().hasValue()) {
      b.shouldFailOnError(true);
    }
    return b;
  }

  /** Median iteration throughput: less sensitive than the mean to a burst of load from elsewhere. */
  private static double median(Result<?> r) {
    return r.getStatistics().getPercentile(50);
  }

  /** Best iteration throughput: on a shared machine, interference only ever lowers throughput. */
  private static double best(Result<?> r) {
    return r.getStatistics().getMax();
  }

  /** Primary results keyed by benchmark method name; a name run twice (two suites) is an error. */
  static Map<String, Result<?>> byShortName(Collection<RunResult> results) {
    Map<String, Result<?>> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      String name = full.substring(full.lastIndexOf('.') + 1);
      if (out.put(name, r.getPrimaryResult()) != null) {
        throw new IllegalStateException("benchmark name '" + name + "' is used by two suites");
      }
    }
    return out;
  }
}
