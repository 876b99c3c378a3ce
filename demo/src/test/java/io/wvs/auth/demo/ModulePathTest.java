package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library modules are real JPMS modules: each declares its name and exports only its API
 * packages, and the README's Quick start compiles and runs on the module path with nothing but
 * the modules it requires.
 */
class ModulePathTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path QUICK_START = ROOT.resolve("docs/examples/QuickStart.java");

  /** Every module on the test class path by name, each from the first entry that holds it. */
  private static final Map<String, ModuleReference> MODULES = new LinkedHashMap<>();

  @TempDir
  Path tmp;

  @BeforeAll
  static void findModules() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path", "");
    }
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.isBlank() || !Files.exists(Path.of(entry))) {
        continue;
      }
      try {
        for (ModuleReference ref : ModuleFinder.of(Path.of(entry)).findAll()) {
          MODULES.putIfAbsent(ref.descriptor().name(), ref);
        }
      } catch (RuntimeException notAModule) {
        // A jar whose automatic name cannot be derived is no module any wvs-auth module needs.
      }
    }
  }

  @Test
  void eachLibraryModuleExportsOnlyItsApiPackages() {
    assertThat(exports("io.wvs.auth")).containsExactlyInAnyOrder("io.wvs.auth", "io.wvs.auth.spi");
    assertThat(exports("io.wvs.auth.inmemory")).containsExactly("io.wvs.auth.inmemory");
    assertThat(exports("io.wvs.auth.jdbc")).containsExactly("io.wvs.auth.jdbc");
    assertThat(exports("io.wvs.auth.servlet")).containsExactly("io.wvs.auth.servlet");
    assertThat(exports("io.wvs.auth.smtp")).containsExactly("io.wvs.auth.smtp");
    for (String name : List.of("io.wvs.auth", "io.wvs.auth.inmemory", "io.wvs.auth.jdbc",
        "io.wvs.auth.servlet", "io.wvs.auth.smtp")) {
      assertThat(module(name).descriptor().isAutomatic()).as(name + " has a module-info").isFalse();
      assertThat(module(name).descriptor().opens()).as(name + " opens nothing").isEmpty();
    }
  }

  @Test
  void theRegistryModuleExportsOnlyItsApiPackageAndRequiresTheCoreTransitively() {
    assertThat(exports("io.wvs.auth.registry")).containsExactly("io.wvs.auth.registry");
    assertThat(module("io.wvs.auth.registry").descriptor().isAutomatic()).isFalse();
    assertThat(module("io.wvs.auth.registry").descriptor().opens()).isEmpty();
    assertThat(module("io.wvs.auth.registry").descriptor().requires())
        .anyMatch(r -> r.name().equals("io.wvs.auth")
            && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
  }

  @Test
  void storesRequireTheCoreTransitively() {
    for (String store : List.of("io.wvs.auth.inmemory", "io.wvs.auth.jdbc", "io.wvs.auth.servlet")) {
      assertThat(module(store).descriptor().requires())
          .as(store)
          .anyMatch(r -> r.name().equals("io.wvs.auth")
              && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    }
  }

  @Test
  void quickStartRunsOnTheModulePath() throws Exception {
    // The Quick start as an application module: the same code, in a package (a module has no
    // unnamed package), requiring only the in-memory store (which brings the core with it).
    Path src = Files.createDirectories(tmp.resolve("src/quickstart/quickstart"));
    Files.writeString(src.resolve("QuickStart.java"),
        "package quickstart;\n\n" + Files.readString(QUICK_START, StandardCharsets.UTF_8));
    Files.writeString(src.getParent().resolve("module-info.java"),
        "module quickstart {\n  requires io.wvs.auth.inmemory;\n}\n");
    String modulePath = closureOf("io.wvs.auth.inmemory").stream()
        .map(ref -> Path.of(ref.location().orElseThrow()).toString())
        .collect(Collectors.joining(File.pathSeparator));

    Path classes = tmp.resolve("classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all", "-Werror", "--release", "17",
        "--module-path", modulePath, "--module-source-path", tmp.resolve("src").toString(),
        "--module", "quickstart", "-d", classes.toString());
    assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(),
        "--module-path", classes.resolve("quickstart") + File.pathSeparator + modulePath,
        "--module", "quickstart/quickstart.QuickStart")
        .redirectErrorStream(true)
        .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the Quick start ends").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("authenticated as alice with scopes [read_api]; the token expires on ");
  }

  private static ModuleReference module(String name) {
    return Optional.ofNullable(MODULES.get(name))
        .orElseThrow(() -> new AssertionError("module " + name + " is not on the test class path; found "
            + MODULES.keySet()));
  }

  private static Set<String> exports(String name) {
    return module(name).descriptor().exports().stream()
        .peek(e -> assertThat(e.isQualified()).as(name + " exports " + e.source() + " to everyone").isFalse())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
  }

  /** {@code root} and every non-JDK module it requires at run time, directly or not. */
  private static List<ModuleReference> closureOf(String root) {
    Map<String, ModuleReference> found = new LinkedHashMap<>();
    Deque<String> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (found.containsKey(name) || ModuleFinder.ofSystem().find(name).isPresent()) {
        continue;
      }
      ModuleReference ref = module(name);
      found.put(name, ref);
      ref.descriptor().requires().stream()
          .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
          .map(ModuleDescriptor.Requires::name)
          .forEach(todo::push);
    }
    return List.copyOf(found.values());
  }
}
