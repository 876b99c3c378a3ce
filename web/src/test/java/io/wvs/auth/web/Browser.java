package io.wvs.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** One browser: its own cookies, no redirects followed, pages parsed with jsoup. */
final class Browser {
  private final URI base;
  private final HttpClient client;

  Browser(URI base) {
    this.base = base;
    this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A browser in which {@code userId} is signed in. */
  static Browser signedIn(WebWorld world, long userId) {
    Browser b = new Browser(world.base);
    assertThat(b.get("/users/sign_in?as=" + userId).response.statusCode()).isEqualTo(204);
    return b;
  }

  record Page(HttpResponse<String> response, Document doc) {
    int status() {
      return response.statusCode();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    /** The CSRF token of the page's first form. */
    String csrf() {
      return doc.selectFirst("input[name=authenticity_token]").val();
    }
  }

  Page get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** Posts {@code fields} (name, value, name, value, ...) as a form. */
  Page post(String path, String... fields) {
    List<String> pairs = new ArrayList<>(List.of(fields));
    StringJoiner body = new StringJoiner("&");
    for (int i = 0; i < pairs.size(); i += 2) {
      body.add(URLEncoder.encode(pairs.get(i), StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(pairs.get(i + 1), StandardCharsets.UTF_8));
    }
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  Page send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Page(response, Jsoup.parse(response.body(), base.toString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
