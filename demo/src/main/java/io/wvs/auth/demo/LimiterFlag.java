package io.wvs.auth.demo;

import io.wvs.auth.FailureLimits;
import io.wvs.auth.demo.DemoConfig.UsageException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The value of {@code --failure-limiter}: {@code on} (the library's defaults), {@code off}, or
 * the limits to change, e.g. {@code passwords=5/1m/1h,tokens=100/1m/5m,usernames=20/10m/10m,keys=50000}
 * (each limit is failures/within/block, times in {@code s}, {@code m}, {@code h} or {@code d}; what
 * is not named keeps its default).
 */
final class LimiterFlag {
  static final String FLAG = "--failure-limiter";
  private static final String FORM = FLAG + " must be on, off, or comma-separated"
      + " passwords=N/WITHIN/BLOCK, tokens=N/WITHIN/BLOCK, usernames=N/WITHIN/BLOCK, keys=N"
      + " (times such as 30s, 1m, 1h, 1d), e.g. passwords=5/1m/1h";

  private LimiterFlag() {}

  /** {@return the limits, or null for off} */
  static FailureLimits parse(String value) throws UsageException {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("off")) {
      return null;
    }
    if (v.equals("on")) {
      return FailureLimits.defaults();
    }
    FailureLimits.Builder b = FailureLimits.builder();
    Set<String> seen = new HashSet<>();
    for (String part : v.split(",", -1)) {
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq).strip();
      if (eq < 0 || !seen.add(name)) {
        throw new UsageException(FORM + "; was '" + value + "'");
      }
      String spec = part.substring(eq + 1).strip();
      try {
        switch (name) {
          case "keys" -> b.maxTrackedKeys(number(spec));
          case "passwords" -> {
            String[] l = limit(spec, value);
            b.passwordsPerAddress(number(l[0]), duration(l[1]), duration(l[2]));
          }
          case "tokens" -> {
            String[] l = limit(spec, value);
            b.tokensPerAddress(number(l[0]), duration(l[1]), duration(l[2]));
          }
          case "usernames" -> {
            String[] l = limit(spec, value);
            b.passwordsPerUsername(number(l[0]), duration(l[1]), duration(l[2]));
          }
          default -> throw new UsageException(FORM + "; was '" + value + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new UsageException(FLAG + ": " + name + ": " + e.getMessage());
      }
    }
    return b.build();
  }

  private static String[] limit(String spec, String value) throws UsageException {
    String[] l = spec.split("/", -1);
    if (l.length != 3) {
      throw new UsageException(FORM + "; was '" + value + "'");
    }
    return l;
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
  }

  private static Duration duration(String text) {
    String t = text.strip();
    if (t.length() < 2) {
      throw new IllegalArgumentException("'" + text + "' is not a time such as 30s, 1m, 1h or 1d");
    }
    long n = number(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException(
          "'" + text + "' is not a time such as 30s, 1m, 1h or 1d");
    };
  }
}
