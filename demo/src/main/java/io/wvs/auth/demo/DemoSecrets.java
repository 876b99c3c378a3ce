package io.wvs.auth.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The server's two secrets, generated once into the data folder so tokens keep working across
 * restarts: the pepper of the token digests ({@value #PEPPER_FILE}) and the AES key that seals CI
 * deploy tokens ({@value #CI_KEY_FILE}). Each file holds 32 random bytes in base64 and is readable
 * by its owner only (0600 where the file system has POSIX permissions). Losing the pepper makes
 * every stored token unusable; keep it with the database.
 */
final class DemoSecrets {
  static final String PEPPER_FILE = "pepper.key";
  static final String CI_KEY_FILE = "ci-secret.key";
  static final int KEY_BYTES = 32;

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final byte[] pepper;
  private final byte[] ciKey;

  private DemoSecrets(byte[] pepper, byte[] ciKey) {
    this.pepper = pepper;
    this.ciKey = ciKey;
  }

  /** Reads the secrets from {@code dataDir}, generating any that is missing. */
  static DemoSecrets loadOrCreate(Path dataDir, SecureRandom random) {
    return new DemoSecrets(readOrCreate(dataDir.resolve(PEPPER_FILE), random),
        readOrCreate(dataDir.resolve(CI_KEY_FILE), random));
  }

  /** A copy of the digest pepper. */
  byte[] pepper() {
    return pepper.clone();
  }

  /** A copy of the CI deploy token sealing key. */
  byte[] ciKey() {
    return ciKey.clone();
  }

  @Override
  public String toString() {
    return "DemoSecrets{[masked]}";
  }

  private static byte[] readOrCreate(Path file, SecureRandom random) {
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        write(file, Base64.getEncoder().encodeToString(key) + "\n");
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      byte[] key;
      try {
        key = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(file + " is not base64; restore it from a backup, or delete"
            + " it together with the database to start afresh", e);
      }
      if (key.length != KEY_BYTES) {
        throw new IllegalStateException(file + " must hold " + KEY_BYTES + " bytes in base64, holds "
            + key.length);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create " + file, e);
    }
  }

  /** Writes {@code content} to a private temporary file, then moves it into place atomically. */
  private static void write(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", attrs);
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      try {
        // No REPLACE_EXISTING: if another process created it meanwhile, keep theirs.
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        // keep the existing file
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
