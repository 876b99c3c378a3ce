package io.wvs.auth.demo;

import static io.wvs.auth.demo.DemoHarness.git;
import static io.wvs.auth.demo.DemoHarness.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.demo.DemoHarness.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder (token digests, sealed CI tokens, pepper, CI key, repositories) is readable by
 * the server's user only: every folder {@code 0700}, every file {@code 0600}, also the files H2
 * and JGit create, also after a push, also when the folder existed before with looser
 * permissions.
 */
class DemoDataFolderPermissionsTest {
  private static final String ADMIN_TOKEN = "permissions-admin-token-0001";

  @TempDir
  Path tmp;

  @Test
  void everyFileOfTheDataFolderIsReadableByItsOwnerOnly() throws Exception {
    Path data = tmp.resolve("data");
    DemoConfig config = DemoConfig.builder().port(0).dataDir(data).adminToken(ADMIN_TOKEN).build();
    String log = capturingOutput(() -> {
      try (DemoServer server = DemoServer.start(config)) {
        assertPrivate(data);
        pushAsRoot(server);
        assertPrivate(data);
      }
    });
    assertThat(log).as("a fresh folder is no finding").doesNotContain("could be read by other users");
  }

  @Test
  void anExistingDataFolderOthersCanReadIsMadePrivateAtStart() throws Exception {
    Path data = tmp.resolve("data");
    DemoConfig config = DemoConfig.builder().port(0).dataDir(data).adminToken(ADMIN_TOKEN).build();
    DemoServer.start(config).close();
    // As an older version, or a copy with the umask's permissions, left it.
    try (Stream<Path> all = Files.walk(data)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    assertThat(modeOf(data.resolve("wvs-auth.mv.db"))).isEqualTo("rw-r--r--");

    String log = capturingOutput(() -> {
      try (DemoServer server = DemoServer.start(config)) {
        assertPrivate(data);
        Answer created = postJson(server.baseUrl() + "/api/v4/users/2/personal_access_tokens",
            ADMIN_TOKEN, "{\"name\":\"after\",\"scopes\":[\"read_user\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertPrivate(data);
      }
    });
    assertThat(log).contains("the data folder " + data.toAbsolutePath() + " could be read by other users");
  }

  @Test
  void aDataFolderPathThatIsNotAFolderRefusesToStartWithTheReason() throws Exception {
    Path notAFolder = Files.writeString(tmp.resolve("data"), "a file");
    assertThatThrownBy(() -> DemoServer.start(DemoConfig.builder().port(0).dataDir(notAFolder).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a folder");
  }

  interface Work {
    void run() throws Exception;
  }

  /** What the server logs (to standard output) while {@code work} runs. */
  private static String capturingOutput(Work work) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.setOut(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }

  /** Clones, commits and pushes to acme/platform/api with the admin token. */
  private void pushAsRoot(DemoServer server) {
    DemoHarness.requireGit();
    Path home = DemoHarness.newDir(tmp, "home");
    Path work = DemoHarness.newDir(tmp, "work-" + System.nanoTime());
    git(home, work, "clone", DemoHarness.cloneUrl(server, "root", ADMIN_TOKEN, "acme/platform/api"), "api").ok();
    Path clone = work.resolve("api");
    try {
      Files.writeString(clone.resolve("notes-" + System.nanoTime() + ".txt"), "pushed\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    git(home, clone, "add", "-A").ok();
    git(home, clone, "commit", "-m", "a push").ok();
    git(home, clone, "push", "origin", "main").ok();
  }

  private static void assertPrivate(Path data) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(data)) {
      all = walk.filter(p -> !Files.isSymbolicLink(p)).toList();
    }
    assertThat(all).as("the data folder's entries").anyMatch(p -> p.endsWith("wvs-auth.mv.db"))
        .anyMatch(p -> p.endsWith("pepper.key")).anyMatch(p -> p.toString().contains(".git/objects/"));
    for (Path p : all) {
      assertThat(modeOf(p)).as("permissions of %s", data.relativize(p))
          .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
    }
  }

  private static String modeOf(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}
