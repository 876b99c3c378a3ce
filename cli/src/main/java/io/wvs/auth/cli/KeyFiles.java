package io.wvs.auth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The deployment's keys, read as the demo server reads them: a file holding the key in base64
 * (whitespace and line breaks ignored), or the base64 text itself in an environment variable; a
 * file given on the command line wins over the variable. A bad value is a usage error naming the
 * flag and file or the variable, never the content.
 */
final class KeyFiles {
  /** The environment variable holding the pepper (base64) unless {@code --pepper-file} is given. */
  static final String PEPPER_ENV = "WVS_PEPPER";
  /** The environment variable holding the CI key (base64) unless {@code --ci-key-file} is given. */
  static final String CI_KEY_ENV = "WVS_CI_KEY";
  static final int MIN_PEPPER_BYTES = 32;
  static final int CI_KEY_BYTES = 32;

  private KeyFiles() {}

  /** The pepper from {@code file}, else from {@value #PEPPER_ENV}; one of them is required. */
  static byte[] pepper(Path file, Map<String, String> env) {
    byte[] key = read(file, "--pepper-file", PEPPER_ENV, env, MIN_PEPPER_BYTES, Integer.MAX_VALUE,
        "at least 32 bytes");
    if (key == null) {
      throw new UsageException("the pepper is required: --pepper-file <file> or the environment"
          + " variable " + PEPPER_ENV + " (base64), the same as the application's");
    }
    return key;
  }

  /** The CI key from {@code file}, else from {@value #CI_KEY_ENV}; null when neither is given. */
  static byte[] ciKey(Path file, Map<String, String> env) {
    return read(file, "--ci-key-file", CI_KEY_ENV, env, CI_KEY_BYTES, CI_KEY_BYTES,
        "exactly 32 bytes");
  }

  /** A retired pepper from {@code file} (no environment variable). */
  static byte[] retired(Path file) {
    return read(file, "--retired-pepper-file", null, Map.of(), MIN_PEPPER_BYTES, Integer.MAX_VALUE,
        "at least 32 bytes");
  }

  private static byte[] read(Path file, String flag, String variable, Map<String, String> env,
      int min, int max, String rule) {
    String text;
    String where;
    if (file != null) {
      where = flag + " " + file;
      try {
        text = Files.readString(file, StandardCharsets.US_ASCII);
      } catch (NoSuchFileException e) {
        throw new UsageException(where + ": no such file");
      } catch (IOException | RuntimeException e) {
        throw new UsageException(where + ": cannot be read (" + e.getClass().getSimpleName() + ")");
      }
    } else if (variable != null && env.get(variable) != null) {
      where = "the environment variable " + variable;
      text = env.get(variable);
    } else {
      return null;
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new UsageException(where + " must hold the key in base64 (" + rule + "); it is not"
          + " base64");
    }
    if (key.length < min || key.length > max) {
      int bytes = key.length;
      Arrays.fill(key, (byte) 0);
      throw new UsageException(where + " must hold " + rule + " in base64, holds " + bytes
          + " bytes");
    }
    return key;
  }
}
