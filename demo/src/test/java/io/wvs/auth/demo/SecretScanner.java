package io.wvs.auth.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw tokens a test issued, and where any of them turns up. Each token is looked for in every
 * form a leak could take: as issued, without its prefix, its random body alone (what a forged
 * token with another checksum still carries), in base64 at each of the three byte alignments (a
 * {@code Basic} header, {@code user:token} encoded) and in hex (a byte dump, H2's trace of a
 * binary parameter).
 */
final class SecretScanner {
  /** The generated tokens' prefixes ({@code TokenPolicy} defaults). */
  private static final List<String> PREFIXES = List.of("wvspat-", "wvsdt-");
  private static final int BODY_LENGTH = 32;

  /** A form of a token to look for: where it came from and the text. */
  private record Needle(String token, String form, String text) {}

  private final Map<String, String> labels = new LinkedHashMap<>();
  private final List<Needle> needles = new ArrayList<>();

  /** Adds {@code token}, issued as {@code label} (named in findings instead of the token). */
  String add(String label, String token) {
    if (labels.putIfAbsent(token, label) != null) {
      throw new IllegalArgumentException(label + ": token added twice");
    }
    needles.add(new Needle(token, "raw", token));
    String prefix = PREFIXES.stream().filter(token::startsWith).findFirst().orElse("");
    if (!prefix.isEmpty()) {
      needles.add(new Needle(token, "without prefix", token.substring(prefix.length())));
      needles.add(new Needle(token, "random body", token.substring(prefix.length(),
          prefix.length() + BODY_LENGTH)));
    }
    byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset < 3; offset++) {
      needles.add(new Needle(token, "base64 at offset " + offset, base64Fragment(bytes, offset)));
    }
    needles.add(new Needle(token, "hex", HexFormat.of().formatHex(bytes)));
    needles.add(new Needle(token, "HEX", HexFormat.of().withUpperCase().formatHex(bytes)));
    return token;
  }

  /** The tokens added, in order. */
  Set<String> tokens() {
    return labels.keySet();
  }

  /**
   * Where a token, other than those in {@code allowed}, occurs in {@code text}: one finding per
   * token and form, naming {@code where}.
   */
  List<String> scan(String where, String text, Set<String> allowed) {
    // A form an allowed token shares (a forged token keeps the random body of the real one) is allowed.
    Set<String> allowedTexts = new HashSet<>();
    needles.stream().filter(n -> allowed.contains(n.token())).forEach(n -> allowedTexts.add(n.text()));
    List<String> findings = new ArrayList<>();
    for (Needle n : needles) {
      int at = allowedTexts.contains(n.text()) ? -1 : text.indexOf(n.text());
      if (at >= 0) {
        findings.add(where + ": " + labels.get(n.token()) + " (" + n.form() + ") in \""
            + excerpt(text, at, n) + "\"");
      }
    }
    return findings;
  }

  /** {@link #scan(String, String, Set)} with no token allowed. */
  List<String> scan(String where, String text) {
    return scan(where, text, Set.of());
  }

  /** Scans bytes as they are (one char per byte), so text stored as bytes is found too. */
  List<String> scan(String where, byte[] bytes) {
    return scan(where, new String(bytes, StandardCharsets.ISO_8859_1));
  }

  /** Up to 100 characters before and 40 after the hit, the token itself masked. */
  private static String excerpt(String text, int at, Needle n) {
    int end = at + n.text().length();
    return (text.substring(Math.max(0, at - 100), at) + "<" + n.form() + ">"
        + text.substring(end, Math.min(text.length(), end + 40))).replaceAll("\\s+", " ");
  }

  /**
   * The base64 characters that depend only on {@code bytes} when they start {@code offset} bytes
   * into a 3-byte group: the groups that hold nothing else, whatever surrounds them.
   */
  private static String base64Fragment(byte[] bytes, int offset) {
    byte[] shifted = new byte[offset + bytes.length];
    System.arraycopy(bytes, 0, shifted, offset, bytes.length);
    String encoded = Base64.getEncoder().encodeToString(shifted);
    int fullGroups = shifted.length / 3;
    return encoded.substring(offset == 0 ? 0 : 4, 4 * fullGroups);
  }
}
