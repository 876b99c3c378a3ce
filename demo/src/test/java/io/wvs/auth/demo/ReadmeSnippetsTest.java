package io.wvs.auth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's snippets are code: the Quick start is a source file the README includes verbatim,
 * compiled and run here; the dependency block names real modules at the project's version.
 */
class ReadmeSnippetsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern INCLUDE = Pattern.compile(
      "<!-- include: (\\S+) -->\\n```(\\w+)\\n(.*?)```\\n<!-- end include -->", Pattern.DOTALL);

  @Test
  void readmeQuickStartIsTheCompiledExampleFile() throws IOException {
    String included = include("docs/examples/QuickStart.java");

    assertThat(included)
        .isEqualTo(Files.readString(ROOT.resolve("docs/examples/QuickStart.java")));
  }

  @Test
  void quickStartCompilesAndAuthenticatesAlice(@TempDir Path classes) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(),
        "-cp", System.getProperty("java.class.path"), "-Xlint:all", "-Werror",
        ROOT.resolve("docs/examples/QuickStart.java").toString());
    assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    Process run = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"),
        "QuickStart")
        .redirectErrorStream(true)
        .start();
    String output;
    try (InputStream in = run.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(run.exitValue()).as(output).isZero();
    assertThat(output).contains("authenticated as alice with [read_api]");
  }

  @Test
  void readmeDependencyBlockNamesReactorModulesAtTheProjectVersion() throws Exception {
    Document snippet = xml("<snippet>" + include("dependencies") + "</snippet>");
    Document parent = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(ROOT.resolve("pom.xml").toFile());
    String version = child(parent.getDocumentElement(), "version");
    List<String> modules = reactorArtifactIds();

    NodeList dependencies = snippet.getElementsByTagName("dependency");
    assertThat(dependencies.getLength()).isGreaterThanOrEqualTo(3);
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      assertThat(child(dependency, "groupId")).isEqualTo("io.wvs");
      assertThat(modules).contains(child(dependency, "artifactId"));
      String declared = child(dependency, "version");
      if (declared != null) {
        assertThat(declared).isEqualTo(version);
      }
    }
    assertThat(child((Element) dependencies.item(0), "artifactId")).isEqualTo("wvs-auth-bom");
  }

  private static String include(String name) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m = INCLUDE.matcher(readme);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return m.group(3);
      }
    }
    throw new AssertionError("README.md has no include block for " + name);
  }

  private static List<String> reactorArtifactIds() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path pom : dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        ids.add(child(d.getDocumentElement(), "artifactId"));
      }
    }
    return ids;
  }

  private static Document xml(String text) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The text of {@code parent}'s direct child element {@code name}, or null. */
  private static String child(Element parent, String name) {
    for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }
}
