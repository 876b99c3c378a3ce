package io.wvs.auth.demo;

/** How many bytes a key may have: the pepper at least 32, the CI key exactly 32. */
enum KeyLength {
  PEPPER(32, Integer.MAX_VALUE, "at least 32 bytes"),
  CI_KEY(32, 32, "exactly 32 bytes");

  private final int min;
  private final int max;
  private final String text;

  KeyLength(int min, int max, String text) {
    this.min = min;
    this.max = max;
    this.text = text;
  }

  /** Whether a key of {@code bytes} bytes is allowed. */
  boolean allows(int bytes) {
    return bytes >= min && bytes <= max;
  }

  /** The rule, e.g. "at least 32 bytes". */
  String rule() {
    return text;
  }
}
