package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The README's first screen cannot rot: its Quick start is the text of
 * {@code docs/examples/QuickStart.java}, which compiles and runs against the library, and its
 * dependency block names only modules of this build at this build's version.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path QUICK_START = ROOT.resolve("docs/examples/QuickStart.java");
  private static final Pattern INCLUDE = Pattern.compile(
      "<!-- include: docs/examples/QuickStart\\.java -->\\n```java\\n(.*?)```\\n<!-- end include -->",
      Pattern.DOTALL);
  private static final Pattern DEPENDENCIES = Pattern.compile(
      "<!-- dependencies: checked by ReadmeSnippetsTest -->\\n```xml\\n(.*?)```", Pattern.DOTALL);

  private static final Pattern CORE_TYPES = Pattern.compile(
      "<!-- core types: checked by ReadmeSnippetsTest -->\\n(.*?)<!-- end core types -->", Pattern.DOTALL);
  private static final Pattern TICKED = Pattern.compile("`([A-Za-z]+)`");

  @TempDir
  Path tmp;

  @Test
  void readmeQuickStartIsTheExampleFileWordForWord() throws Exception {
    Matcher m = INCLUDE.matcher(readme());
    assertThat(m.find()).as("the README includes docs/examples/QuickStart.java between markers").isTrue();
    assertThat(m.group(1)).isEqualTo(Files.readString(QUICK_START, StandardCharsets.UTF_8));
    assertThat(m.find()).as("one include of the Quick start").isFalse();
  }

  @Test
  void quickStartCompilesAndAuthenticatesAlice() throws Exception {
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all", "-Werror", "--release", "17",
        "-classpath", testClassPath(), "-d", classes.toString(), QUICK_START.toString());
    assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Method main = loader.loadClass("QuickStart").getMethod("main", String[].class);
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("authenticated as alice with scopes [read_api]; the token expires on ");
  }

  @Test
  void readmeDependencyBlockNamesModulesOfThisBuildAtItsVersion() throws Exception {
    Matcher m = DEPENDENCIES.matcher(readme());
    assertThat(m.find()).as("the README's dependency block").isTrue();
    Document block = parse("<snippet>" + m.group(1) + "</snippet>");
    Document parent = parse(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
    String version = childText(parent.getDocumentElement(), "version");
    String groupId = childText(parent.getDocumentElement(), "groupId");
    Set<String> modules = reactorArtifactIds(parent);

    NodeList deps = block.getElementsByTagName("dependency");
    assertThat(deps.getLength()).isGreaterThanOrEqualTo(3);
    List<String> named = new ArrayList<>();
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      String artifactId = childText(dep, "artifactId");
      named.add(artifactId);
      assertThat(childText(dep, "groupId")).as(artifactId).isEqualTo(groupId);
      String depVersion = childText(dep, "version");
      if (depVersion != null) {
        assertThat(depVersion).as(artifactId).isEqualTo(version);
      }
      assertThat(modules).as("modules of the build").contains(artifactId);
    }
    assertThat(named).startsWith("wvs-auth-bom").contains("wvs-auth-core");
    Element bom = (Element) deps.item(0);
    assertThat(childText(bom, "version")).isEqualTo(version);
    assertThat(childText(bom, "type")).isEqualTo("pom");
    assertThat(childText(bom, "scope")).isEqualTo("import");
    assertThat(readme()).contains("Version `" + version + "` is not published");
  }

  @Test
  void readmeModuleMapNamesEveryPublicTypeOfTheCoreAndNoOther() throws Exception {
    Matcher section = CORE_TYPES.matcher(readme());
    assertThat(section.find()).as("the README has the map of the core's public types").isTrue();
    Set<String> listed = new TreeSet<>();
    for (String row : section.group(1).split("\n")) {
      String[] cells = row.split("\\|");
      for (int i = 2; i < cells.length && !row.startsWith("| for") && !row.startsWith("| ---"); i++) {
        Matcher name = TICKED.matcher(cells[i]);
        while (name.find()) {
          assertThat(listed.add(name.group(1))).as("listed once: " + name.group(1)).isTrue();
        }
      }
    }

    Set<String> declared = new TreeSet<>();
    for (String pkg : List.of("io/wvs/auth", "io/wvs/auth/spi")) {
      try (var files = Files.list(ROOT.resolve("core/src/main/java").resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String name = file.getFileName().toString().replace(".java", "");
          if (Pattern.compile("^public (?:final |abstract |sealed |non-sealed )*(?:class|interface|enum|record) "
              + name + "\\b", Pattern.MULTILINE).matcher(Files.readString(file)).find()) {
            declared.add(name);
          }
        }
      }
    }
    assertThat(listed).as("the README's map of the core's public types").isEqualTo(declared);
  }

  private static String readme() throws Exception {
    return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
  }

  /** The artifactIds of every module of the reactor, nested aggregators included. */
  private static Set<String> reactorArtifactIds(Document parent) throws Exception {
    Set<String> ids = new TreeSet<>();
    collect(ROOT, parent, ids);
    return ids;
  }

  private static void collect(Path dir, Document pom, Set<String> ids) throws Exception {
    NodeList modules = pom.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      Path moduleDir = dir.resolve(modules.item(i).getTextContent().trim());
      Document modulePom = parse(Files.readString(moduleDir.resolve("pom.xml"), StandardCharsets.UTF_8));
      ids.add(childText(modulePom.getDocumentElement(), "artifactId"));
      collect(moduleDir, modulePom, ids);
    }
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  /** The text of {@code parent}'s direct child {@code name}, or null. */
  private static String childText(Element parent, String name) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }

  /** The test classpath (Surefire may hide it behind a manifest-only jar). */
  private static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path", "");
  }
}
