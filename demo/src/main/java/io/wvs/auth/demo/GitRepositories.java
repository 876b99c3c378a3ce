package io.wvs.auth.demo;

import io.wvs.auth.ResourceRef;
import io.wvs.auth.spi.Resource;
import io.wvs.auth.spi.ResourceDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The bare git repositories of the projects, one per project under
 * {@code <data-dir>/repos/<full path>.git}. A missing repository is created at start with one
 * commit on {@code main} adding a {@code README.md}; an existing one is left as it is (pushes
 * survive restarts). Folders are {@code 0700} and files {@code 0600} ({@link PrivateFiles}).
 */
final class GitRepositories {
  /** The default branch of the created repositories. */
  static final String BRANCH = "main";

  private final Path root;

  GitRepositories(Path root) {
    this.root = root;
  }

  /** The folder of the bare repository of the project with {@code fullPath}. */
  Path folderOf(String fullPath) {
    return root.resolve(fullPath + ".git");
  }

  /**
   * Creates the repository of every project in {@code fixture} that does not exist yet.
   *
   * @return how many were created
   */
  int createMissing(Fixture fixture, Clock clock) {
    int created = 0;
    for (Fixture.FixtureProject p : fixture.projects()) {
      Path dir = folderOf(p.path());
      if (Files.isDirectory(dir.resolve("objects"))) {
        continue;
      }
      create(dir, p.path(), clock);
      created++;
    }
    return created;
  }

  private static void create(Path dir, String fullPath, Clock clock) {
    try {
      PrivateFiles.createDirectories(dir);
      try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch(BRANCH).call();
          ObjectInserter inserter = git.getRepository().newObjectInserter()) {
        Repository repo = git.getRepository();
        StoredConfig config = repo.getConfig();
        // Pushes are authorized by the wvs-auth filter; JGit's own check only needs a user.
        config.setBoolean("http", null, "receivepack", true);
        config.save();
        String readme = "# " + fullPath + "\n\nA repository of the wvs-auth demo server. Clone it with\n"
            + "a personal access token as the password (the username is ignored).\n";
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, readme.getBytes(StandardCharsets.UTF_8));
        TreeFormatter tree = new TreeFormatter();
        tree.append("README.md", FileMode.REGULAR_FILE, blob);
        ObjectId treeId = inserter.insert(tree);
        PersonIdent ident = new PersonIdent("WVS demo", "demo@wvs.invalid", clock.instant(), ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(treeId);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage("Initial commit\n");
        ObjectId commitId = inserter.insert(commit);
        inserter.flush();
        RefUpdate update = repo.updateRef(Constants.R_HEADS + BRANCH);
        update.setNewObjectId(commitId);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        update.setRefLogMessage("initial commit", false);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW) {
          throw new IOException("could not create branch " + BRANCH + ": " + result);
        }
      }
      // JGit writes with the process umask.
      PrivateFiles.tighten(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the repository " + dir, e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("could not create the repository " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the repository named {@code name} as git over HTTP names it ({@code <full path>.git}),
   * if it is a project of {@code directory} whose repository exists. Only the directory's project
   * paths are mapped to folders, so no request can reach another path of the file system.
   */
  Optional<Repository> open(String name, ResourceDirectory directory) throws IOException {
    if (name == null || !name.endsWith(".git")) {
      return Optional.empty();
    }
    String fullPath = name.substring(0, name.length() - ".git".length());
    Optional<Resource> project = directory.findResourceByPath(fullPath)
        .filter(r -> r.ref().kind() == ResourceRef.Kind.PROJECT);
    return project.isEmpty() ? Optional.empty() : open(project.get());
  }

  /**
   * Opens the repository of {@code project}, a project the directory returned, if it exists.
   *
   * @throws IOException if the repository cannot be opened
   */
  Optional<Repository> open(Resource project) throws IOException {
    if (project.ref().kind() != ResourceRef.Kind.PROJECT) {
      return Optional.empty();
    }
    Path dir = folderOf(project.fullPath());
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    return Optional.of(new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build());
  }
}
