package io.wvs.auth.smtp;

import static io.wvs.auth.smtp.ExpiryMailContent.clean;
import static io.wvs.auth.smtp.ExpiryMailContent.html;

import io.wvs.auth.TokenView;
import io.wvs.auth.spi.LeakRevocation;
import io.wvs.auth.spi.User;
import java.net.URI;

/**
 * Subject, plain-text and HTML body of the e-mail telling one recipient that a token was revoked
 * because its value was reported leaked: which token (name, id, what it is and belongs to), why,
 * and what to do. User-supplied text goes through {@link ExpiryMailContent#clean} and, in HTML,
 * {@link ExpiryMailContent#html}, as in the expiry mails. A revocation holds no token value, so
 * none can appear.
 */
final class LeakMailContent {
  static final String SUBJECT = "Your access token was revoked because it was reported leaked";

  private static final String ADVICE = "Anything that still uses this token is now refused."
      + " Create a new token and replace the old one wherever it was used. Then find where the"
      + " value was exposed (a commit, a log, a public paste) and remove it, and check the recent"
      + " activity of everything the token could reach.";

  private static final String FOOTER = "You receive this e-mail because you own this token or"
      + " maintain the project or group it belongs to. Token values are never sent by e-mail.";

  private final LeakRevocation revocation;
  private final User recipient;
  private final URI renewUrl;

  LeakMailContent(LeakRevocation revocation, User recipient, URI renewUrl) {
    this.revocation = revocation;
    this.recipient = recipient;
    this.renewUrl = renewUrl;
  }

  String subject() {
    return SUBJECT;
  }

  private String intro() {
    TokenView t = revocation.token();
    return "The " + clean(revocation.description()) + " \"" + clean(t.name()) + "\" (id " + t.id()
        + ") was revoked because its value was reported as leaked: someone who found it where it"
        + " should not be asked for it to be revoked. It no longer works.";
  }

  String plainText() {
    TokenView t = revocation.token();
    StringBuilder b = new StringBuilder(768);
    b.append("Hello ").append(clean(recipient.username())).append(",\n\n");
    b.append(intro()).append("\n\n");
    b.append("- Token: \"").append(clean(t.name())).append("\"\n")
        .append("  Id: ").append(t.id()).append('\n')
        .append("  What it is: ").append(clean(revocation.description())).append('\n');
    b.append('\n').append(ADVICE).append("\n\n");
    b.append("Create a new token: ").append(renewUrl.toASCIIString()).append("\n\n");
    b.append("-- \n").append(FOOTER).append('\n');
    return b.toString();
  }

  String htmlText() {
    TokenView t = revocation.token();
    String url = html(renewUrl.toASCIIString());
    StringBuilder b = new StringBuilder(1280);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>")
        .append(html(SUBJECT)).append("</title>\n</head>\n")
        .append("<body style=\"font-family: sans-serif; line-height: 1.4;\">\n");
    b.append("<p>Hello ").append(html(clean(recipient.username()))).append(",</p>\n");
    b.append("<p>").append(html(intro())).append("</p>\n");
    b.append("<table style=\"border-collapse: collapse;\" cellpadding=\"6\">\n<tbody>\n")
        .append("<tr><th align=\"left\">Token</th><td><strong>").append(html(clean(t.name())))
        .append("</strong></td></tr>\n")
        .append("<tr><th align=\"left\">Id</th><td>").append(t.id()).append("</td></tr>\n")
        .append("<tr><th align=\"left\">What it is</th><td>")
        .append(html(clean(revocation.description()))).append("</td></tr>\n")
        .append("</tbody>\n</table>\n");
    b.append("<p>").append(html(ADVICE)).append("</p>\n");
    b.append("<p><a href=\"").append(url).append("\">Create a new token</a><br>\n")
        .append(url).append("</p>\n");
    b.append("<p style=\"color: #666666; font-size: smaller;\">").append(html(FOOTER))
        .append("</p>\n</body>\n</html>\n");
    return b.toString();
  }
}
