package io.wvs.auth.web;

import io.wvs.auth.web.view.Shown;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;

/**
 * A token just created, kept in the session only from the post that created it until the next
 * GET of a token page, which takes it out (and shows it if it is that token's page): a reload or
 * the back button cannot show it again.
 */
record Flash(String page, String name, String value, String username) implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  private static final String ATTRIBUTE = Flash.class.getName();

  static void keep(HttpSession session, Flash flash) {
    session.setAttribute(ATTRIBUTE, flash);
  }

  /** The token created for {@code page}, removed from the session either way. */
  static Shown take(HttpSession session, String page) {
    if (session == null) {
      return null;
    }
    Object kept;
    synchronized (session) {
      kept = session.getAttribute(ATTRIBUTE);
      session.removeAttribute(ATTRIBUTE);
    }
    if (kept instanceof Flash f && f.page.equals(page)) {
      return new Shown(f.name, f.value, f.username == null ? "" : f.username);
    }
    return null;
  }

  @Override
  public String toString() {
    return "Flash{page=" + page + ", name=" + name + ", value=[masked]}";
  }
}
