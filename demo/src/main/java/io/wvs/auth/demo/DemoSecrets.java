package io.wvs.auth.demo;

import io.wvs.auth.PepperMismatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The server's two secrets: the pepper of the token digests and the AES key that seals CI deploy
 * tokens. By default each is generated once into the data folder ({@value #PEPPER_FILE},
 * {@value #CI_KEY_FILE}: 32 random bytes in base64, readable by its owner only where the file
 * system has POSIX permissions), so tokens keep working across restarts. Instances that share a
 * database take both from a file ({@code --pepper-file}, {@code --ci-key-file}) or an environment
 * variable ({@value DemoConfig#PEPPER_ENV}, {@value DemoConfig#CI_KEY_ENV}) in the same base64
 * form instead. Losing the pepper makes every stored token unusable; keep it with the database.
 */
final class DemoSecrets {
  static final String PEPPER_FILE = "pepper.key";
  static final String CI_KEY_FILE = "ci-secret.key";
  static final int KEY_BYTES = 32;

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final byte[] pepper;
  private final byte[] ciKey;
  private final String pepperSource;

  private DemoSecrets(byte[] pepper, byte[] ciKey, String pepperSource) {
    this.pepper = pepper;
    this.ciKey = ciKey;
    this.pepperSource = pepperSource;
  }

  /**
   * Reads the secrets from where {@code keys} says: a file, the environment's value, or the data
   * folder (generating a missing file there).
   *
   * @throws IllegalArgumentException if a given file is missing or does not hold a valid key in
   *     base64 (the message names the flag and the file, never the content)
   */
  static DemoSecrets load(DemoConfig.Keys keys, Path dataDir, SecureRandom random) {
    return new DemoSecrets(
        read(keys.pepper(), "--pepper-file", KeyLength.PEPPER, dataDir.resolve(PEPPER_FILE), random),
        read(keys.ciKey(), "--ci-key-file", KeyLength.CI_KEY, dataDir.resolve(CI_KEY_FILE), random),
        describe(keys.pepper(), "--pepper-file", dataDir.resolve(PEPPER_FILE)));
  }

  /** Where the pepper came from, for messages: a flag and file, a variable, or the data folder's file. */
  String pepperSource() {
    return pepperSource;
  }

  /**
   * The start-up failure when the database registered another pepper under the demo's key id:
   * what it means and how to start every instance with the same pepper. Never shows a key.
   */
  IllegalStateException pepperMismatch(PepperMismatchException e) {
    IllegalStateException refused = new IllegalStateException("the pepper of this instance ("
        + pepperSource + ") does not match the one registered in this database"
        + " under key id '" + DemoServer.KEY_ID + "' by the instance that started first: tokens"
        + " made here would be refused by the other instances and theirs here. Start every instance that"
        + " shares the database with the same pepper: --pepper-file <file> or the environment"
        + " variable " + DemoConfig.PEPPER_ENV + " (base64), e.g. the pepper.key in the data"
        + " folder of the instance that started first");
    refused.addSuppressed(e);
    return refused;
  }

  private static String describe(DemoConfig.KeySource source, String flag, Path generated) {
    if (source instanceof DemoConfig.KeySource.File file) {
      return flag + " " + file.path();
    }
    if (source instanceof DemoConfig.KeySource.Environment env) {
      return "the environment variable " + env.variable();
    }
    return generated.toString();
  }

  private static byte[] read(DemoConfig.KeySource source, String flag, KeyLength length,
      Path generated, SecureRandom random) {
    if (source instanceof DemoConfig.KeySource.Environment env) {
      // Checked when the command line was parsed.
      return Base64.getDecoder().decode(env.base64());
    }
    if (!(source instanceof DemoConfig.KeySource.File file)) {
      return readOrCreate(generated, random);
    }
    Path path = file.path();
    String text;
    try {
      // Without whitespace: base64(1) wraps its output at 76 characters, e.g. for a 64-byte pepper.
      text = Files.readString(path, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(flag + " " + path + ": no such file");
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException(flag + " " + path + ": cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " " + path + " must hold the key in base64 ("
          + length.rule() + "), as the generated key files do; it is not base64");
    }
    if (!length.allows(key.length)) {
      int bytes = key.length;
      Arrays.fill(key, (byte) 0);
      throw new IllegalArgumentException(flag + " " + path + " must hold " + length.rule()
          + " in base64, holds " + bytes + " bytes");
    }
    return key;
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
