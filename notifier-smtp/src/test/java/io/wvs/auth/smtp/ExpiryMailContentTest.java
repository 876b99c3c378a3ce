package io.wvs.auth.smtp;

import static io.wvs.auth.smtp.Fixtures.ALICE;
import static io.wvs.auth.smtp.Fixtures.soon;
import static io.wvs.auth.smtp.Fixtures.today;
import static io.wvs.auth.smtp.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.spi.ExpiryNotice;
import java.net.URI;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ExpiryMailContentTest {
  private static final URI RENEW = URI.create(Fixtures.RENEW_URL);

  @Test
  void subjectsNameTheKindAndCount() {
    assertThat(new ExpiryMailContent(soon(ALICE, token(1, "a", "2027-01-30", "d")), RENEW)
        .subject()).isEqualTo("Your access token expires soon");
    assertThat(new ExpiryMailContent(soon(ALICE, token(1, "a", "2027-01-30", "d"),
        token(2, "b", "2027-01-31", "d"), token(3, "c", "2027-01-25", "d")), RENEW).subject())
        .isEqualTo("Your access tokens expire soon (3 tokens)");
    assertThat(new ExpiryMailContent(today(ALICE, token(1, "a", "2027-01-24", "d")), RENEW)
        .subject()).isEqualTo("Your access token expired today");
    assertThat(new ExpiryMailContent(today(ALICE, token(1, "a", "2027-01-24", "d"),
        token(2, "b", "2027-01-24", "d")), RENEW).subject())
        .isEqualTo("Your access tokens expired today (2 tokens)");
  }

  @Test
  void htmlEscapesEveryMarkupCharacter() {
    assertThat(ExpiryMailContent.html("<a href=\"x\" onclick='y'>&amp;</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  }

  @Test
  void cleanReplacesControlsAndBidiOverridesAndCapsLength() {
    assertThat(ExpiryMailContent.clean(null)).isEmpty();
    assertThat(ExpiryMailContent.clean("ok name ✓ 名前")).isEqualTo("ok name ✓ 名前");
    assertThat(ExpiryMailContent.clean("a\r\nb\tc\u0000d\u007f")).isEqualTo("a\uFFFD\uFFFDb\uFFFDc\uFFFDd\uFFFD");
    assertThat(ExpiryMailContent.clean("txt.\u202Eexe")).isEqualTo("txt.\uFFFDexe");
    String exact = "x".repeat(ExpiryMailContent.MAX_TEXT);
    assertThat(ExpiryMailContent.clean(exact)).isEqualTo(exact);
    assertThat(ExpiryMailContent.clean(exact + "yz")).isEqualTo(exact + "\u2026");
    String emoji = "😀".repeat(ExpiryMailContent.MAX_TEXT + 1);
    assertThat(ExpiryMailContent.clean(emoji).codePointCount(0, ExpiryMailContent.clean(emoji)
        .length())).isEqualTo(ExpiryMailContent.MAX_TEXT + 1);
  }

  @Test
  void bodiesCarryNamesDatesAndTheRenewUrlButNoMarkupFromUsers() {
    ExpiryMailContent content = new ExpiryMailContent(soon(User2.EVIL,
        token(1, "<b>bold</b>", "2027-01-30", "project <i>acme</i>")), RENEW);
    assertThat(content.plainText())
        .contains("Hello <img src=x>,", "\"<b>bold</b>\" (project <i>acme</i>)",
            "expires on 2027-01-30 at 00:00 UTC", Fixtures.RENEW_URL);
    assertThat(content.html())
        .contains("Hello &lt;img src=x&gt;,", "&lt;b&gt;bold&lt;/b&gt;",
            "project &lt;i&gt;acme&lt;/i&gt;", "expires on 2027-01-30 at 00:00 UTC",
            "href=\"" + Fixtures.RENEW_URL + "\"")
        .doesNotContain("<b>", "<i>", "<img");
  }

  private static final class User2 {
    static final io.wvs.auth.spi.User EVIL = io.wvs.auth.spi.User.regular(9, "<img src=x>");
  }

  @Test
  void thirtyAndSixtyDayNoticesSayWithinHowManyDays() {
    ExpiryMailContent thirty = new ExpiryMailContent(new ExpiryNotice(ALICE,
        ExpiryNotice.Kind.EXPIRES_IN_30, LocalDate.parse("2027-01-01"),
        java.util.List.of(token(1, "a", "2027-01-25", "d"))), RENEW);
    assertThat(thirty.subject()).isEqualTo("Your access token expires within 30 days");
    assertThat(thirty.plainText()).contains("One of your access tokens expires within the next 30 days:",
        "expires on 2027-01-25 at 00:00 UTC");
    ExpiryMailContent sixty = new ExpiryMailContent(new ExpiryNotice(ALICE,
        ExpiryNotice.Kind.EXPIRES_IN_60, LocalDate.parse("2027-01-01"),
        java.util.List.of(token(1, "a", "2027-02-20", "d"), token(2, "b", "2027-02-21", "d"))), RENEW);
    assertThat(sixty.subject()).isEqualTo("Your access tokens expire within 60 days (2 tokens)");
    assertThat(sixty.html()).contains("2 of your access tokens expire within the next 60 days:",
        ">Expires<");
  }
}
