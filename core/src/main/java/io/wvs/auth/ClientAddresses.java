package io.wvs.auth;

import io.wvs.auth.spi.TokenRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The client addresses a token keeps: which text counts as one, and the list with a new one first.
 * Text that is no IP literal (a host that passed a header through unchecked, say) is never kept.
 */
final class ClientAddresses {
  private ClientAddresses() {}

  /**
   * Whether {@code address} has the shape of an IPv4 or IPv6 literal: 2 to 45 characters of hex
   * digits, dots and colons, with a dot or a colon. No name lookup ever happens.
   */
  static boolean recordable(String address) {
    if (address == null || address.length() < 2 || address.length() > TokenRecord.MAX_IP_LENGTH) {
      return false;
    }
    boolean separator = false;
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c == '.' || c == ':') {
        separator = true;
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return separator;
  }

  /** {@code ips} with {@code address} first and no second copy of it, at most the limit. */
  static List<String> withFirst(List<String> ips, String address) {
    List<String> next = new ArrayList<>(TokenRecord.MAX_LAST_USED_IPS);
    next.add(address);
    for (String ip : ips) {
      if (next.size() == TokenRecord.MAX_LAST_USED_IPS) {
        break;
      }
      if (!ip.equals(address)) {
        next.add(ip);
      }
    }
    return next;
  }
}
