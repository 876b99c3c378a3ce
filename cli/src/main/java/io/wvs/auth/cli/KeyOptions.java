package io.wvs.auth.cli;

import io.wvs.auth.DigestKeyring;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The deployment's peppers and CI key, from files or the environment as the demo takes them. */
final class KeyOptions {
  @Option(names = "--pepper-file", paramLabel = "<file>",
      description = "the current pepper: at least 32 bytes in base64 (whitespace ignored); else the"
          + " environment variable " + KeyFiles.PEPPER_ENV + " (the base64 text itself)")
  Path pepperFile;

  @Option(names = "--key-id", paramLabel = "<id>", defaultValue = "k1",
      description = "the key id of the current pepper (default: ${DEFAULT-VALUE}, the demo's)")
  String keyId;

  @Option(names = "--retired-pepper-file", paramLabel = "<id>=<file>",
      description = "a former pepper still accepted, under its key id (repeatable)")
  Map<String, Path> retired = new LinkedHashMap<>();

  @Option(names = "--ci-key-file", paramLabel = "<file>",
      description = "the CI deploy tokens' AES key: exactly 32 bytes in base64; else the"
          + " environment variable " + KeyFiles.CI_KEY_ENV + "; optional")
  Path ciKeyFile;

  /** The keyring: the current pepper and every retired one. */
  DigestKeyring keyring(Map<String, String> env) {
    DigestKeyring.Builder builder = DigestKeyring.builder();
    byte[] pepper = KeyFiles.pepper(pepperFile, env);
    try {
      builder.current(keyId, pepper);
      for (Map.Entry<String, Path> e : retired.entrySet()) {
        byte[] old = KeyFiles.retired(e.getValue());
        try {
          builder.retired(e.getKey(), old);
        } finally {
          Arrays.fill(old, (byte) 0);
        }
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage()); // names key ids and lengths, never a key
    } finally {
      Arrays.fill(pepper, (byte) 0);
    }
  }

  /** The CI key, or null when none is given. */
  byte[] ciKey(Map<String, String> env) {
    return KeyFiles.ciKey(ciKeyFile, env);
  }
}
