package io.wvs.auth.cli;

/** A request the deployment refuses (unknown user, token not found, ...): exit code 1. */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Refusal(String message) {
    super(message);
  }
}
