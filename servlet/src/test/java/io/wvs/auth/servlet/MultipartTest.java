package io.wvs.auth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The multipart reading the filter uses to find {@code sudo} when the container has none. */
class MultipartTest {
  private static final String TYPE = "multipart/form-data; boundary=\"b-1\"";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fieldsOfOneNameAreFoundInOrderWhateverTheirHeaders() {
    String body = "--b-1\r\nContent-Disposition: form-data; name=\"sudo\"\r\n\r\nbob\r\n"
        + "--b-1\r\ncontent-disposition: form-data; filename=\"sudo\"; name=file\r\nContent-Type: text/plain\r\n\r\n"
        + "sudo\r\n--b-1\r\n"
        + "Content-Disposition: form-data; name=sudo\r\n\r\nzoë\r\n--b-1--\r\n";
    assertThat(Multipart.fields(TYPE, bytes(body), "sudo")).containsExactly("bob", "zoë");
    assertThat(Multipart.fields("multipart/form-data; boundary=b-1", bytes(body), "file")).containsExactly("sudo");
    assertThat(Multipart.fields(TYPE, bytes("--b-1\r\nContent-Disposition: form-data; name=\"sudo\"\r\n\r\n\r\n--b-1--"),
        "sudo")).containsExactly("");
  }

  @Test
  void aBodyThatIsNotMultipartIsMalformed() {
    assertThat(Multipart.fields("multipart/form-data", bytes("--b-1\r\n\r\nx\r\n--b-1--"), "sudo")).isNull();
    assertThat(Multipart.fields(TYPE, bytes("sudo=bob"), "sudo")).isNull();
    assertThat(Multipart.fields(TYPE, bytes("--b-1\r\nContent-Disposition: form-data; name=sudo\r\n\r\nbob"), "sudo"))
        .isNull();
    byte[] notUtf8 = bytes("--b-1\r\nContent-Disposition: form-data; name=sudo\r\n\r\n?\r\n--b-1--");
    notUtf8[notUtf8.length - 10] = (byte) 0xff;
    assertThat(Multipart.fields(TYPE, notUtf8, "sudo")).isNull();
  }
}
