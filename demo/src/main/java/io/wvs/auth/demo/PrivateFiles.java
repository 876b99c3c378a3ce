package io.wvs.auth.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data folder readable by the user running the server only: every folder {@code 0700}
 * and every file {@code 0600}, where the file system has POSIX permissions (elsewhere nothing is
 * changed). The data folder holds the token digests and the sealed CI deploy tokens (the H2
 * database), the pepper and the CI key, and the repositories.
 *
 * <p>Java cannot set the process umask, and H2 and JGit create their files with it (often
 * {@code 0644} and {@code 0755}). So the data folder itself is made {@code 0700} before anything
 * is written into it, which keeps everything inside out of other users' reach from the first
 * moment, and the files those libraries create are tightened right after they are created: at
 * start (database, repositories) and after every push; H2's trace file is created here, private,
 * before H2 appends to it, and LFS objects and their folders are created private. What JGit's
 * automatic garbage collection writes after many pushes (in the background) keeps the umask until
 * the next push or start, inside the private folder. An existing data folder that others could
 * read is tightened at start, and the start fails if it cannot be (a folder of another user, say).
 */
final class PrivateFiles {
  private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /**
   * Creates the data folder {@code dir} ({@code 0700}) if missing; otherwise makes it and the
   * server's own entries in it ({@link #isOwnEntry}) private, saying so in the log when others
   * could read any of them. Entries the server does not know are left as they are: the private
   * folder already keeps other users out of them.
   *
   * @throws IllegalStateException if {@code dir} is not a folder or cannot be made private
   */
  static void secureDataDir(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          throw new IllegalStateException("the data folder " + dir + " is not a folder; choose"
              + " another with --data-dir");
        }
        createDirectories(dir);
        return;
      }
      int loosened = tightenOwnEntries(dir);
      if (loosened > 0) {
        LOG.warn("the data folder {} could be read by other users ({} files or folders); made it"
            + " private: folders rwx------, files rw-------", dir, loosened);
      }
    } catch (IOException e) {
      throw unusable(dir, e);
    }
  }

  /**
   * Makes the data folder {@code dir} and the server's own entries in it private again, quietly:
   * for right after the libraries created their files there with the umask.
   *
   * @throws IllegalStateException if they cannot be made private
   */
  static void tightenDataDir(Path dir) {
    try {
      tightenOwnEntries(dir);
    } catch (IOException e) {
      throw unusable(dir, e);
    }
  }

  /** The folder {@code dir} and its own entries made private; how many others could reach. */
  private static int tightenOwnEntries(Path dir) throws IOException {
    if (!posix(dir)) {
      return 0;
    }
    // A data folder given as a symbolic link: its target is the folder to make private.
    Path folder = dir.toRealPath();
    int loosened = tighten(folder, false);
    try (var entries = Files.list(folder)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (isOwnEntry(entry)) {
          loosened += tighten(entry, true);
        }
      }
    }
    return loosened;
  }

  private static IllegalStateException unusable(Path dir, IOException e) {
    return new IllegalStateException("could not make the data folder " + dir + " private ("
        + describe(e) + "); use a folder of your own with --data-dir", e);
  }

  /** Whether {@code entry} (in the data folder) is one the server writes. */
  static boolean isOwnEntry(Path entry) {
    String name = entry.getFileName().toString();
    return name.equals("repos") || name.equals("lfs") || name.equals("registry")
        || name.startsWith(DemoDatabase.H2_NAME + ".")
        || name.startsWith(DemoSecrets.PEPPER_FILE) || name.startsWith(DemoSecrets.CI_KEY_FILE);
  }

  /**
   * Makes {@code path} private: a folder {@code 0700} (with {@code recursive}, everything below
   * too: folders {@code 0700}, files {@code 0600}), a file {@code 0600}. Symbolic links are
   * neither followed nor changed. Does nothing without POSIX permissions.
   *
   * @return how many entries others could reach before
   * @throws IOException if a permission cannot be set
   */
  static int tighten(Path path, boolean recursive) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || !posix(path)) {
      return 0;
    }
    AtomicInteger loosened = new AtomicInteger();
    if (!recursive) {
      set(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE, loosened);
      return loosened.get();
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        set(d, FOLDER, loosened);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          set(f, FILE, loosened);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
        // Gone meanwhile (a temporary file of H2 or JGit): nothing left to protect.
        if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return loosened.get();
  }

  /** {@link #tighten} for the tree under {@code path}, failures logged (for after a write). */
  static void tightenQuietly(Path path) {
    try {
      tighten(path, true);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not make {} private: {}", path, e.toString());
    }
  }

  /**
   * Creates the empty file {@code file} {@code 0600} if it is missing, for a library that later
   * appends to it (H2's trace file) and would otherwise create it with the umask.
   */
  static void createEmptyFile(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.createFile(file, posix(file.toAbsolutePath().getParent())
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
          : new FileAttribute<?>[0]);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // someone else's creation: tightened with the rest
    }
  }

  /** Creates {@code dir} and its missing parents, each new folder {@code 0700}. */
  static Path createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return absolute;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    boolean posix = posix(parent == null ? absolute : parent);
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER)}
        : new FileAttribute<?>[0];
    try {
      Files.createDirectory(absolute, attrs);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      if (!Files.isDirectory(absolute)) {
        throw raced;
      }
      return absolute;
    }
    if (posix) {
      // The umask may have taken bits away, never added any: set exactly 0700.
      Files.setPosixFilePermissions(absolute, FOLDER);
    }
    return absolute;
  }

  private static void set(Path path, Set<PosixFilePermission> wanted, AtomicInteger loosened)
      throws IOException {
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (now.equals(wanted)) {
      return;
    }
    if (now.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
      loosened.incrementAndGet();
    }
    Files.setPosixFilePermissions(path, wanted);
  }

  private static boolean posix(Path path) throws IOException {
    return Files.getFileStore(path).supportsFileAttributeView("posix");
  }

  private static String describe(IOException e) {
    return e instanceof FileSystemException fse && fse.getReason() != null
        ? fse.getFile() + ": " + fse.getReason() : e.toString();
  }
}
