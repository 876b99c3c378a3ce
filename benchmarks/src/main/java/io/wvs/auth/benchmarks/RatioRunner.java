package io.wvs.auth.benchmarks;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the benchmark suites in one JMH run (throughput, ops/s, each benchmark's own forks and
 * thread count) and prints the performance bars of DESIGN.md as ratios measured in that same run:
 *
 * <pre>
 * THROUGHPUT &lt;benchmark&gt; &lt;ops/s&gt; ops/s +- &lt;error&gt;
 * RATIO &lt;bar&gt; &lt;numerator / denominator, 2 decimals&gt;
 * BAR &lt;bar&gt; &gt;= &lt;min&gt; | in [&lt;min&gt;, &lt;max&gt;] MET|MISSED (ratio of means ..., of best iterations ...)
 * ALLOC &lt;benchmark&gt; &lt;bytes&gt; B/op
 * BAR &lt;bar&gt; &lt;= &lt;max&gt; B/op MET|MISSED
 * </pre>
 *
 * <p>The allocation bars need JMH's GC profiler ({@code -prof gc}); without it they are reported as
 * skipped.
 *
 * <p>The RATIO and the verdict divide the medians of the measurement iterations: on a shared
 * machine another tenant taking a core for a few seconds lowers the throughput of those
 * iterations only, which moves a mean but not a median, while a slower build lowers every
 * iteration. The ratios of the means (JMH's scores) and of the best iterations are printed beside
 * it as a cross-check. The pairs nearest their bars run in {@link #PAIR_FORKS} forks. The JDBC pairs,
 * the one- and two-thread authentications, a valid authentication against a forged token's
 * refusal, and the filter pass against its authentication alone run
 * {@linkplain Interleaved interleaved}: both operations in one benchmark, in turns of one
 * iteration, split into their two throughputs here.
 *
 * <p>Before any timing, every suite's self-check proves that its benchmarks measure what they
 * claim (a valid token succeeds without a write, a forged one never reaches the store, ...).
 *
 * <p>Arguments naming a suite ({@code inmemory}, {@code filter}, {@code jdbc}, {@code durability}) run only that suite (its self-check
 * and its benchmarks). Other arguments are JMH's own command-line options and override the defaults here (for instance
 * {@code -wi 2 -i 3} for a quick run, {@code -prof gc} for allocation per operation, or a regex to
 * run only some benchmarks; bars whose benchmarks did not run are reported as skipped). Without
 * them, each suite runs the iterations its class declares ({@code @Warmup}, {@code @Measurement}). Mode and
 * time unit are always throughput in ops/s, since the ratios divide throughputs. With
 * {@code -Dwvs.bench.strict=true} the exit status is 1 when a bar is missed.
 *
 * <p>To add a bar: add its benchmark class and self-check to {@link #SUITES} and a
 * {@link Bars.Bar} to {@link Bars#BARS}. Benchmark method names must be unique across suites:
 * bars refer to them by that short name.
 */
public final class RatioRunner {
  static final int WARMUP_ITERATIONS = 5;
  static final int MEASUREMENT_ITERATIONS = 10;
  /**
   * The JDBC suite's, where each benchmark interleaves two operations (one iteration each): a long
   * warm-up, as the throughputs kept rising for many seconds (the JIT compiling the driver's and
   * the store's paths while the server shares the two cores; on eight client threads, the
   * authentication climbed through its first 22 s), and an even number of measurements, six of
   * each operation.
   */
  static final int JDBC_WARMUP_ITERATIONS = 32;
  static final int JDBC_MEASUREMENT_ITERATIONS = 12;
  /**
   * Forks of the in-memory pairs whose bar sits nearest its threshold (the filter pass, and one
   * thread against two): the JIT compiles each fork differently (which calls it inlines, where the
   * code lands), and on the 2-core machine the ratio of one fork moved by as much as 0.09 with
   * nothing else changed. Three forks, each in turns, measure the code rather than one compilation.
   */
  static final int PAIR_FORKS = 3;
  /** The durability suite's warm-up and measurements: each fork writes to a fresh H2 file. */
  static final int H2_WARMUP_ITERATIONS = 3;
  static final int H2_MEASUREMENT_ITERATIONS = 8;
  /**
   * A benchmark class, the name that selects it on the command line, and its untimed self-check,
   * which throws when a benchmark would mislead and returns lines to repeat in the summary.
   */
  record Suite(String name, Class<?> benchmarks, Supplier<List<String>> selfCheck) {
    /** Full names of its benchmarks, as JMH matches include patterns against them. */
    List<String> benchmarkNames() {
      List<String> names = new ArrayList<>();
      for (Method m : benchmarks.getMethods()) {
        if (m.isAnnotationPresent(Benchmark.class)) {
          names.add(benchmarks.getName() + "." + m.getName());
        }
      }
      return names;
    }
  }

  /**
   * A benchmark that runs two operations in turn, one iteration each, starting with
   * {@code first} in its first warm-up iteration: its iterations are split into the throughput of
   * {@code first} and that of {@code second}, measured in alternating windows of the same fork.
   */
  record Interleaved(String benchmark, String first, String second) {}

  /** Every interleaved benchmark of every suite. */
  static final List<Interleaved> INTERLEAVED = Stream.of(JdbcAuthBenchmark.PAIRS,
      InMemoryAuthBenchmark.PAIRS, FilterBenchmark.PAIRS).flatMap(List::stream).toList();

  /**
   * A benchmark's throughput, from its measurement iterations: the mean, its error (99.9 %), the
   * median and the best iteration.
   */
  record Throughput(double mean, double error, double median, double best) {
    static Throughput of(Statistics s) {
      double error = s.getN() > 2 ? s.getMeanErrorAt(0.999) : Double.NaN;
      return new Throughput(s.getMean(), error, s.getPercentile(50), s.getMax());
    }
  }

  static final List<Suite> SUITES = List.of(
      new Suite("inmemory", InMemoryAuthBenchmark.class, () -> {
        InMemoryFixture.selfCheck();
        return List.of();
      }),
      new Suite("filter", FilterBenchmark.class, () -> {
        FilterBenchmark.selfCheck();
        return List.of();
      }),
      new Suite("jdbc", JdbcAuthBenchmark.class, JdbcFixture::selfCheck),
      new Suite("durability", H2DurabilityBenchmark.class, H2DurabilityBenchmark::selfCheck));

  private RatioRunner() {}

  public static void main(String[] args) throws Exception {
    List<Suite> named = new ArrayList<>();
    List<String> jmhArgs = new ArrayList<>();
    for (String arg : args) {
      Suite suite = SUITES.stream().filter(x -> x.name().equals(arg)).findFirst().orElse(null);
      if (suite == null) {
        jmhArgs.add(arg);
      } else if (!named.contains(suite)) {
        named.add(suite);
      }
    }
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    } catch (CommandLineOptionException e) {
      System.err.println("bad option: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cli.shouldHelp()) {
      cli.showHelp();
      return;
    }

    List<Suite> suites = selected(named, cli.getIncludes());
    List<String> checked = new ArrayList<>();
    for (Suite suite : suites) {
      checked.addAll(suite.selfCheck().get());
      System.out.println("SELFCHECK " + suite.benchmarks().getSimpleName() + " ok");
    }

    Collection<RunResult> results = new Runner(options(cli, named).build()).run();
    Map<String, Throughput> byName = byShortName(results);
    Map<String, Result<?>> allocations = allocationByShortName(results);

    System.out.println();
    System.out.println("# wvs-auth performance bars: ratios of median throughputs from this one run"
        + " (a shared machine makes them noisy, so compare several runs)");
    for (Map.Entry<String, Throughput> e : byName.entrySet()) {
      Throughput t = e.getValue();
      System.out.printf(Locale.ROOT, "THROUGHPUT %s %.1f ops/s +- %.1f (median %.1f, best %.1f)%n",
          e.getKey(), t.mean(), t.error(), t.median(), t.best());
    }
    checked.forEach(System.out::println);
    boolean allMet = Bars.print(byName, allocations);
    if (!allMet && Boolean.getBoolean("wvs.bench.strict")) {
      System.exit(1);
    }
  }

  /**
   * The suites that will run, whose self-checks therefore run first: those named on the command
   * line and those with a benchmark an include pattern finds; all of them when neither is given.
   */
  static List<Suite> selected(List<Suite> named, List<String> includes) {
    if (named.isEmpty() && includes.isEmpty()) {
      return SUITES;
    }
    List<Suite> out = new ArrayList<>();
    for (Suite suite : SUITES) {
      boolean included = named.contains(suite) || suite.benchmarkNames().stream()
          .anyMatch(name -> includes.stream().anyMatch(regex -> Pattern.compile(regex).matcher(name).find()));
      if (included) {
        out.add(suite);
      }
    }
    return out;
  }

  /**
   * The defaults of this runner under the command line's options, which win where given; the
   * suites {@code named} on the command line are included besides any include pattern.
   */
  static ChainedOptionsBuilder options(CommandLineOptions cli, List<Suite> named) {
    ChainedOptionsBuilder b = new OptionsBuilder().parent(cli)
        .mode(Mode.Throughput)
        .timeUnit(TimeUnit.SECONDS);
    for (Suite suite : named) {
      b.include(includePattern(suite));
    }
    if (cli.getIncludes().isEmpty() && named.isEmpty()) {
      for (Suite suite : SUITES) {
        b.include(includePattern(suite));
      }
    }
    // Forks: each benchmark's own @Fork (one, or PAIR_FORKS for the pairs nearest their bars)
    // unless the command line says.
    // Threads: each benchmark's own @Threads (1, or 2 and 8 for the concurrent bars) unless the
    // command line says.
    // Iteration counts and times: each class's own annotations unless the command line says.
    if (!cli.shouldFailOnError().hasValue()) {
      b.shouldFailOnError(true);
    }
    return b;
  }

  private static String includePattern(Suite suite) {
    return "^" + Pattern.quote(suite.benchmarks().getName() + ".") + ".*";
  }

  /** Bytes allocated per operation, keyed by benchmark method name, when the GC profiler ran. */
  static Map<String, Result<?>> allocationByShortName(Collection<RunResult> results) {
    Map<String, Result<?>> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
      if (norm != null) {
        String full = r.getParams().getBenchmark();
        out.put(full.substring(full.lastIndexOf('.') + 1), norm);
      }
    }
    return out;
  }

  /**
   * Throughputs keyed by benchmark method name, an interleaved benchmark's split into its two
   * operations' ({@link #INTERLEAVED}); a name given twice (two suites) is an error.
   */
  static Map<String, Throughput> byShortName(Collection<RunResult> results) {
    Map<String, Throughput> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      String name = full.substring(full.lastIndexOf('.') + 1);
      Interleaved pair = INTERLEAVED.stream().filter(p -> p.benchmark().equals(name)).findFirst()
          .orElse(null);
      if (pair == null) {
        put(out, name, Throughput.of(r.getPrimaryResult().getStatistics()));
        continue;
      }
      ListStatistics first = new ListStatistics();
      ListStatistics second = new ListStatistics();
      int warmups = r.getParams().getWarmup().getCount();
      for (BenchmarkResult fork : r.getBenchmarkResults()) {
        int i = warmups; // each fork starts over with the first operation, in its first warm-up
        for (IterationResult iteration : fork.getIterationResults()) {
          (i++ % 2 == 0 ? first : second).addValue(iteration.getPrimaryResult().getScore());
        }
      }
      // With fewer than two measurement iterations an operation had no turn: its bars are skipped.
      if (first.getN() > 0) {
        put(out, pair.first(), Throughput.of(first));
      }
      if (second.getN() > 0) {
        put(out, pair.second(), Throughput.of(second));
      }
    }
    return out;
  }

  private static void put(Map<String, Throughput> out, String name, Throughput throughput) {
    if (out.put(name, throughput) != null) {
      throw new IllegalStateException("benchmark name '" + name + "' is used twice");
    }
  }
}
