package io.wvs.auth.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of the demo's Maven repositories: {@code <root>/<project id>/<path>}. A write is
 * durable before it returns: the body goes to a temporary file beside the target (created
 * {@code 0600}, its name starting with a dot so no request can name it), which is forced to disk,
 * moved over the target atomically, and the folders up to the project's are forced too; a reader
 * sees the old file or the new one, never a part. Thread-safe (concurrent writes of one file: the
 * last move wins).
 */
final class MavenStore {
  /** The largest file the demo keeps: 100 MiB. */
  static final long MAX_FILE_BYTES = 100L << 20;

  /** A body larger than {@link #MAX_FILE_BYTES}. */
  static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("larger than " + (MAX_FILE_BYTES >> 20) + " MiB", null, false, false);
    }
  }

  private final Path root;

  MavenStore(Path root) {
    this.root = root;
  }

  /** {@return the folder of {@code projectId}'s repository} */
  private Path projectRoot(long projectId) {
    return root.resolve(Long.toString(projectId));
  }

  private Path fileOf(long projectId, MavenPath path) {
    Path file = projectRoot(projectId);
    for (String s : path.segments()) {
      file = file.resolve(s);
    }
    return file;
  }

  /** The stored file at {@code path} of {@code projectId}'s repository, if there is one. */
  Optional<Path> find(long projectId, MavenPath path) {
    Path file = fileOf(projectId, path);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * Stores {@code body} at {@code path} of {@code projectId}'s repository, replacing what was
   * there, durably (see the class comment).
   *
   * @throws TooLargeException if the body is larger than {@link #MAX_FILE_BYTES} (nothing changes)
   * @throws java.nio.file.FileAlreadyExistsException if a folder of the path is a file
   * @throws IOException if the file could not be written (nothing changes)
   */
  void write(long projectId, MavenPath path, InputStream body) throws IOException, TooLargeException {
    Path file = fileOf(projectId, path);
    Path parent = file.getParent();
    if (Files.isDirectory(file)) {
      throw new java.nio.file.FileAlreadyExistsException(path.fileName());
    }
    PrivateFiles.createDirectories(parent);
    // createTempFile makes the file 0600 on POSIX; the move keeps that.
    Path tmp = Files.createTempFile(parent, ".upload-", ".part");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buf)) > 0; ) {
          total += n;
          if (total > MAX_FILE_BYTES) {
            throw new TooLargeException();
          }
          ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
          while (bb.hasRemaining()) {
            out.write(bb);
          }
        }
        out.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    // The new name, and any folder created for it, survive a crash once their folders are forced.
    // (The repository root's parent too: the first upload creates the root.)
    Path top = root.getParent() == null ? root : root.getParent();
    for (Path dir = parent; dir != null && dir.startsWith(top); dir = dir.getParent()) {
      forceFolder(dir);
    }
  }

  /** The ids of the projects that have stored files, in ascending order. */
  List<Long> projects() throws IOException {
    List<Long> ids = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return ids;
    }
    try (Stream<Path> entries = Files.list(root)) {
      entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("[1-9][0-9]{0,17}"))
          .map(Long::valueOf).sorted().forEach(ids::add);
    }
    return ids;
  }

  private static void forceFolder(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
