package io.wvs.auth.cli;

/** A usage error found after parsing (a key file, an environment variable): exit code 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
