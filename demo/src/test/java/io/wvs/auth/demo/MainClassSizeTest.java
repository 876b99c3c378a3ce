package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main code stays readable: each class file of every module fits in 400 lines. Run from the demo module's folder, as the build
 * does; the other modules are its siblings.
 */
class MainClassSizeTest {
  /** The bar: a class that needs more has more than one responsibility and is split. */
  private static final int MAX_LINES = 400;
  private static final List<String> MODULES =
      List.of("core", "spi-inmemory", "tck", "spi-jdbc", "servlet", "registry", "web", "notifier-smtp",
          "notifier-webhook", "demo", "benchmarks", "spring-boot-starter", "examples/spring-boot",
          "cli");

  @Test
  void noMainClassIsLongerThanFourHundredLines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (String module : MODULES) {
      Path main = Path.of("..", module, "src", "main", "java");
      assertThat(main).as("main code of %s", module).isDirectory();
      try (Stream<Path> files = Files.walk(main)) {
        files.filter(f -> f.toString().endsWith(".java"))
            .filter(f -> lines(f) > MAX_LINES)
            .forEach(f -> tooLong.add(module + ": " + f.getFileName() + " (" + lines(f)
                + " lines)"));
      }
    }
    assertThat(tooLong).as("main classes over %d lines", MAX_LINES).isEmpty();
  }

  private static long lines(Path file) {
    try {
      return Files.readAllLines(file).size();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
