package io.wvs.auth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real shaded jar as a child process ({@code java -jar target/wvs-auth-cli.jar}). */
record CliRun(int exitCode, String out, String err) {
  static final Path JAR = Path.of("target", "wvs-auth-cli.jar");

  /** Runs the jar with {@code args} and {@code env} (on top of an environment without WVS_*). */
  static CliRun run(Map<String, String> env, String... args) {
    return launch(env, null, List.of("-jar", JAR.toString()), args);
  }

  /** Runs the jar with {@code input} on its standard input. */
  static CliRun runWithInput(String input, String... args) {
    return launch(new HashMap<>(), input, List.of("-jar", JAR.toString()), args);
  }

  /** Runs the jar's main class with {@code extra} after the jar on the class path. */
  static CliRun runWithClassPath(Path extra, String... args) {
    return launch(new HashMap<>(), null, List.of("-cp", JAR + java.io.File.pathSeparator + extra,
        "io.wvs.auth.cli.WvsAuthCli"), args);
  }

  private static CliRun launch(Map<String, String> env, String input, List<String> how,
      String... args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: the tests run after the package phase");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // A short-lived command: quick start-up matters more than peak speed (the jar is unchanged).
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.addAll(how);
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> environment = pb.environment();
    environment.keySet().removeIf(k -> k.startsWith("WVS_"));
    environment.putAll(env);
    try {
      Path out = Files.createTempFile("cli-out", ".txt");
      Path err = Files.createTempFile("cli-err", ".txt");
      Path in = Files.writeString(Files.createTempFile("cli-in", ".txt"),
          input == null ? "" : input);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(in.toFile()));
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("the command line did not finish: " + command);
      }
      CliRun run = new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      Files.delete(in);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static CliRun run(String... args) {
    return run(new HashMap<>(), args);
  }

  /** The lines written to stderr. */
  List<String> errLines() {
    return err.lines().toList();
  }
}
