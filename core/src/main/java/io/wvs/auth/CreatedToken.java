package io.wvs.auth;

/**
 * A freshly created token and its value. The value is shown exactly once: it is not stored and
 * cannot be retrieved again. {@link #toString()} masks it.
 *
 * @param token what may be seen of the token later
 * @param value the raw token, to hand to the user once
 * @since 0.1
 */
public record CreatedToken(TokenView token, String value) {
  @Override
  public String toString() {
    return "CreatedToken{token=" + token + ", value=[masked]}";
  }
}
