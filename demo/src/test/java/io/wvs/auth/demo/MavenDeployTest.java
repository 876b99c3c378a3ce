package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wvs.auth.demo.DemoHarness.Answer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code mvn} (the one running this build) against the demo's Maven repository: it
 * deploys a small generated project with a {@code write_package_registry} deploy token given as
 * the {@code Deploy-Token} header in {@code settings.xml}, then resolves the artifact into an empty
 * local repository with a {@code read_package_registry} one, also through the instance-level URL,
 * and is refused with a revoked one.
 * Plugins come from the outer build's local repository, read as a {@code file:} repository (so
 * nothing is downloaded where the outer build ran, and the shared local repository is never
 * written); the pinned versions are the ones the build itself uses. Skipped only when no
 * {@code mvn} is found ({@code maven.home}, {@code MAVEN_HOME}, {@code PATH}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MavenDeployTest {
  private static final String GROUP = "io.wvs.sample";
  private static final String ARTIFACT = "hello";
  private static final String VERSION = "1.0.0";
  /** The plugins of a jar build and of the resolution, at versions the outer build has resolved. */
  private static final String[][] PLUGINS = {
      {"maven-resources-plugin", "3.3.1"}, {"maven-compiler-plugin", "3.13.0"},
      {"maven-surefire-plugin", "3.5.2"}, {"maven-jar-plugin", "3.4.2"},
      {"maven-install-plugin", "3.1.3"}, {"maven-deploy-plugin", "3.1.4"}};
  private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1";

  @TempDir
  static Path tmp;

  @RegisterExtension
  static final SharedMavenRegistry REGISTRY = new SharedMavenRegistry();

  private Path mvn;
  private Path outerRepository;
  private String api;
  private String root;

  @BeforeAll
  void start() {
    mvn = findMvn();
    assumeTrue(mvn != null, "the Maven deploy test drives the real 'mvn', which was not found"
        + " (maven.home, MAVEN_HOME or PATH): install Maven to run it");
    outerRepository = outerRepository();
    api = REGISTRY.server().baseUrl() + "/api/v4";
    root = REGISTRY.server().rootToken().value();
  }

  @Test
  void mvnDeploysWithAWritePackageRegistryDeployTokenAndResolvesIntoACleanRepositoryWithAReadOne()
      throws IOException {
    Path project = generateProject(tmp.resolve("project"));
    String writer = REGISTRY.deployToken("projects", 1, "maven-writer", "write_package_registry").path("token").asText();
    Path writeSettings = settings(tmp.resolve("write-settings.xml"), writer, false);
    Run deploy = run(project, "-s", writeSettings.toString(), "-Dmaven.repo.local=" + tmp.resolve("deploy-repo"),
        "-Dmaven.test.skip=true", "-Dmaven.install.skip=true", "deploy");
    assertThat(deploy.exitCode()).as("mvn deploy:\n%s", deploy.output()).isZero();
    Path stored = REGISTRY.dataDir().resolve("packages/maven/1/io/wvs/sample/hello");
    assertThat(stored.resolve("1.0.0/hello-1.0.0.jar")).hasSameBinaryContentAs(
        project.resolve("target/hello-1.0.0.jar"));
    assertThat(stored.resolve("1.0.0/hello-1.0.0.pom")).exists();
    assertThat(stored.resolve("1.0.0/hello-1.0.0.jar.sha1")).exists();
    assertThat(stored.resolve("maven-metadata.xml")).content().contains("<version>1.0.0</version>");
    assertThat(stored.resolve("maven-metadata.xml.sha1")).exists();

    String reader = REGISTRY.deployToken("projects", 1, "maven-reader", "read_package_registry").path("token").asText();
    Path cleanRepo = tmp.resolve("clean-repo");
    Run get = dependencyGet(reader, cleanRepo);
    assertThat(get.exitCode()).as("mvn dependency:get:\n%s", get.output()).isZero();
    assertThat(cleanRepo.resolve("io/wvs/sample/hello/1.0.0/hello-1.0.0.jar"))
        .hasSameBinaryContentAs(project.resolve("target/hello-1.0.0.jar"));
  }

  @Test
  void mvnIsRefusedWithARevokedDeployToken() throws IOException {
    JsonNode token = REGISTRY.deployToken("projects", 1, "maven-revoked", "read_package_registry");
    Answer revoke = send("DELETE", api + "/projects/1/deploy_tokens/" + token.path("id").asLong(), null,
        "PRIVATE-TOKEN", root);
    assertThat(revoke.status()).as(revoke.body()).isEqualTo(204);
    Run get = dependencyGet(token.path("token").asText(), tmp.resolve("revoked-repo"));
    assertThat(get.exitCode()).as(get.output()).isNotZero();
    // Maven 3.8 says "status: 401 Unauthorized", 3.9 "status code: 401, reason phrase: Unauthorized (401)".
    assertThat(get.output()).contains("401").contains("Unauthorized").doesNotContain(token.path("token").asText());
    assertThat(tmp.resolve("revoked-repo/io/wvs/sample/hello/1.0.0/hello-1.0.0.jar")).doesNotExist();
  }

  @Test
  void mvnResolvesThroughTheInstanceLevelUrlWithAReadPackageRegistryDeployToken() throws IOException {
    // Uploaded over HTTP into acme/website (project 2), with checksums as mvn deploy leaves them.
    String writer = REGISTRY.deployToken("projects", 2, "maven-instance-writer", "write_package_registry").path("token").asText();
    String folder = api + "/projects/2/packages/maven/io/wvs/sample/everywhere/2.0.0/everywhere-2.0.0";
    String pom = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<groupId>" + GROUP + "</groupId><artifactId>everywhere</artifactId><version>2.0.0</version></project>";
    String jar = "the bytes of everywhere-2.0.0.jar";
    for (String[] file : new String[][] {{".pom", pom}, {".jar", jar}}) {
      for (String[] f : new String[][] {{file[0], file[1]}, {file[0] + ".sha1", sha1(file[1])}}) {
        Answer up = send("PUT", folder + f[0], f[1], "Deploy-Token", writer);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
      }
    }
    String reader = REGISTRY.deployToken("projects", 2, "maven-instance-reader", "read_package_registry").path("token").asText();
    Path cleanRepo = tmp.resolve("instance-repo");
    Run get = dependencyGet(reader, cleanRepo, api + "/packages/maven", "everywhere", "2.0.0");
    assertThat(get.exitCode()).as("mvn dependency:get:\n%s", get.output()).isZero();
    assertThat(cleanRepo.resolve("io/wvs/sample/everywhere/2.0.0/everywhere-2.0.0.jar")).hasContent(jar);
    assertThat(get.output()).doesNotContain(reader);
  }

  private static String sha1(String content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
          .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private Run dependencyGet(String token, Path localRepository) throws IOException {
    return dependencyGet(token, localRepository, repositoryUrl(), ARTIFACT, VERSION);
  }

  private Run dependencyGet(String token, Path localRepository, String url, String artifact, String version)
      throws IOException {
    Path settings = settings(tmp.resolve("read-settings-" + localRepository.getFileName() + ".xml"), token, url);
    Path empty = Files.createDirectories(tmp.resolve("empty-" + localRepository.getFileName()));
    return run(empty, "-s", settings.toString(), "-Dmaven.repo.local=" + localRepository,
        DEPENDENCY_PLUGIN + ":get", "-Dartifact=" + GROUP + ":" + artifact + ":" + version, "-Dtransitive=false");
  }

  private String repositoryUrl() {
    return api + "/projects/1/packages/maven";
  }

  /** A pom (jar packaging, plugins pinned, the demo as distribution repository) and one class. */
  private Path generateProject(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("src/main/java/io/wvs/sample"));
    Files.writeString(dir.resolve("src/main/java/io/wvs/sample/Hello.java"),
        "package io.wvs.sample;\n\npublic final class Hello {\n  public static String greet() {\n"
            + "    return \"hello\";\n  }\n}\n");
    StringBuilder plugins = new StringBuilder();
    for (String[] p : PLUGINS) {
      plugins.append("      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>").append(p[0])
          .append("</artifactId><version>").append(p[1]).append("</version></plugin>\n");
    }
    Files.writeString(dir.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <version>%s</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <distributionManagement>
            <repository><id>wvs</id><url>%s</url></repository>
          </distributionManagement>
          <build>
            <plugins>
        %s    </plugins>
          </build>
        </project>
        """.formatted(GROUP, ARTIFACT, VERSION, repositoryUrl(), plugins));
    return dir;
  }

  /**
   * A settings file: the token as the {@code Deploy-Token} header of server {@code wvs}, the
   * outer build's local repository as the plugin (and dependency) repository, and, to resolve,
   * the demo's repository as {@code wvs}.
   */
  private Path settings(Path file, String token, boolean resolveFromDemo) throws IOException {
    return settings(file, token, resolveFromDemo ? repositoryUrl() : null);
  }

  /** A settings file resolving from the demo at {@code resolveUrl} (none when null). */
  private Path settings(Path file, String token, String resolveUrl) throws IOException {
    String outer = outerRepository.toUri().toString();
    String local = """
              <repository><id>outer</id><url>%s</url>
                <releases><checksumPolicy>ignore</checksumPolicy></releases>
                <snapshots><enabled>false</enabled></snapshots></repository>
        """.formatted(outer);
    String demo = resolveUrl != null ? """
              <repository><id>wvs</id><url>%s</url>
                <snapshots><enabled>false</enabled></snapshots></repository>
        """.formatted(resolveUrl) : "";
    Files.writeString(file, """
        <settings>
          <servers>
            <server>
              <id>wvs</id>
              <configuration>
                <httpHeaders>
                  <property><name>Deploy-Token</name><value>%s</value></property>
                </httpHeaders>
              </configuration>
            </server>
          </servers>
          <profiles>
            <profile>
              <id>outer-build</id>
              <repositories>
        %s%s      </repositories>
              <pluginRepositories>
        %s      </pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles><activeProfile>outer-build</activeProfile></activeProfiles>
        </settings>
        """.formatted(token, local, demo, local.replace("repository>", "pluginRepository>")));
    return file;
  }

  /** What an mvn run did. */
  private record Run(int exitCode, String output) {}

  private Run run(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-ntp"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("MAVEN_ARGS");
    pb.environment().put("MAVEN_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("mvn " + String.join(" ", args) + " timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** The mvn of this build: {@code maven.home}, then {@code MAVEN_HOME}, then the PATH; or null. */
  private static Path findMvn() {
    for (String home : new String[] {System.getProperty("maven.home"), System.getenv("MAVEN_HOME")}) {
      if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
        return Path.of(home, "bin", "mvn");
      }
    }
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mvn"))) {
        return Path.of(dir, "mvn");
      }
    }
    return null;
  }

  /** The outer build's local repository: {@code maven.repo.local}, or {@code ~/.m2/repository}. */
  private static Path outerRepository() {
    for (String p : new String[] {System.getProperty("maven.repo.local"), System.getProperty("localRepository")}) {
      if (p != null && Files.isDirectory(Path.of(p))) {
        return Path.of(p).toAbsolutePath();
      }
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }
}
