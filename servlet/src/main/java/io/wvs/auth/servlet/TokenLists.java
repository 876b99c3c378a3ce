package io.wvs.auth.servlet;

import io.wvs.auth.TokenView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * List filters, sorting and offset pagination as the platform's token lists offer them. Filters:
 * {@code state} ({@code active}/{@code inactive}), {@code revoked}, {@code search} (case-insensitive
 * substring of the name or the description), {@code created_before}/{@code created_after} and
 * {@code last_used_before}/{@code last_used_after} (inclusive, ISO-8601 date-times or dates),
 * {@code expires_before} (exclusive) / {@code expires_after} (inclusive) dates; {@code sort}
 * {@code created_asc|created_desc|expires_asc|expires_desc|last_used_asc|last_used_desc|name_asc|name_desc}
 * (default: id ascending). Pagination: {@code page} and {@code per_page} (default 20, at most
 * 100) with the platform's {@code X-Total}, {@code X-Total-Pages}, {@code X-Page},
 * {@code X-Per-Page}, {@code X-Next-Page}, {@code X-Prev-Page} and {@code Link} headers.
 */
final class TokenLists {
  static final int DEFAULT_PER_PAGE = 20;
  static final int MAX_PER_PAGE = 100;

  private TokenLists() {}

  /** Applies the full set of token-list filters and {@code sort}. */
  static List<TokenView> filterAndSort(List<TokenView> views, ApiParams p) throws ApiException {
    List<Predicate<TokenView>> filters = new ArrayList<>();
    String state = p.string("state");
    if (state != null && !state.isEmpty()) {
      if (!state.equals("active") && !state.equals("inactive")) {
        throw ApiException.invalidParameter("state does not have a valid value");
      }
      boolean active = state.equals("active");
      filters.add(v -> v.active() == active);
    }
    Boolean revoked = p.bool("revoked");
    if (revoked != null) {
      filters.add(v -> v.revoked() == revoked);
    }
    String search = p.string("search");
    if (search != null && !search.isEmpty()) {
      String needle = search.toLowerCase(Locale.ROOT);
      filters.add(v -> v.name().toLowerCase(Locale.ROOT).contains(needle)
          || (v.description() != null && v.description().toLowerCase(Locale.ROOT).contains(needle)));
    }
    Instant createdBefore = p.instant("created_before");
    if (createdBefore != null) {
      filters.add(v -> !v.createdAt().isAfter(createdBefore));
    }
    Instant createdAfter = p.instant("created_after");
    if (createdAfter != null) {
      filters.add(v -> !v.createdAt().isBefore(createdAfter));
    }
    Instant usedBefore = p.instant("last_used_before");
    if (usedBefore != null) {
      filters.add(v -> v.lastUsedAt() != null && !v.lastUsedAt().isAfter(usedBefore));
    }
    Instant usedAfter = p.instant("last_used_after");
    if (usedAfter != null) {
      filters.add(v -> v.lastUsedAt() != null && !v.lastUsedAt().isBefore(usedAfter));
    }
    LocalDate expiresBefore = p.date("expires_before");
    if (expiresBefore != null) {
      filters.add(v -> v.expiresOn() != null && v.expiresOn().isBefore(expiresBefore));
    }
    LocalDate expiresAfter = p.date("expires_after");
    if (expiresAfter != null) {
      filters.add(v -> v.expiresOn() == null || !v.expiresOn().isBefore(expiresAfter));
    }
    List<TokenView> out = new ArrayList<>();
    for (TokenView v : views) {
      if (filters.stream().allMatch(f -> f.test(v))) {
        out.add(v);
      }
    }
    out.sort(order(p.string("sort")));
    return out;
  }

  /** {@code state=all|active|inactive}, as the impersonation token list offers it. */
  static List<TokenView> filterState(List<TokenView> views, ApiParams p) throws ApiException {
    String state = p.string("state");
    if (state == null || state.isEmpty() || state.equals("all")) {
      return views;
    }
    if (!state.equals("active") && !state.equals("inactive")) {
      throw ApiException.invalidParameter("state does not have a valid value");
    }
    boolean active = state.equals("active");
    return views.stream().filter(v -> v.active() == active).toList();
  }

  /** {@code active=true|false}, as the deploy token lists offer it ({@code active}: usable now). */
  static List<TokenView> filterActive(List<TokenView> views, ApiParams p) throws ApiException {
    Boolean active = p.bool("active");
    if (active == null) {
      return views;
    }
    return views.stream().filter(v -> v.active() == active).toList();
  }

  private static Comparator<TokenView> order(String sort) throws ApiException {
    Comparator<TokenView> byId = Comparator.comparingLong(TokenView::id);
    if (sort == null || sort.isEmpty()) {
      return byId;
    }
    Comparator<TokenView> c;
    switch (sort) {
      case "created_asc":
        return Comparator.comparing(TokenView::createdAt).thenComparing(byId);
      case "created_desc":
        return Comparator.comparing(TokenView::createdAt).thenComparing(byId).reversed();
      case "expires_asc":
        c = Comparator.comparing(TokenView::expiresOn, Comparator.nullsLast(Comparator.naturalOrder()));
        return c.thenComparing(byId);
      case "expires_desc":
        c = Comparator.comparing(TokenView::expiresOn, Comparator.nullsFirst(Comparator.naturalOrder()));
        return c.thenComparing(byId).reversed();
      case "last_used_asc":
        c = Comparator.comparing(TokenView::lastUsedAt, Comparator.nullsFirst(Comparator.naturalOrder()));
        return c.thenComparing(byId);
      case "last_used_desc":
        c = Comparator.comparing(TokenView::lastUsedAt, Comparator.nullsFirst(Comparator.naturalOrder()));
        return c.thenComparing(byId).reversed();
      case "name_asc":
        return Comparator.comparing(TokenView::name).thenComparing(byId);
      case "name_desc":
        return Comparator.comparing(TokenView::name).thenComparing(byId).reversed();
      default:
        throw ApiException.invalidParameter("sort does not have a valid value");
    }
  }

  /** One page of {@code views} as the JSON answer, each view written by {@code json}. */
  static Reply pageOf(List<TokenView> views, ApiParams p, ApiCall call,
      Function<TokenView, Object> json) throws ApiException {
    List<Object> out = new ArrayList<>();
    for (TokenView v : page(views, p, call.request, call.response)) {
      out.add(json.apply(v));
    }
    return Reply.ok(out);
  }

  /**
   * The requested page of {@code items}, with the pagination headers set on {@code response}.
   * The {@code Link} header repeats the query string without {@code private_token}, so a token
   * given as a parameter is never echoed.
   */
  static <T> List<T> page(List<T> items, ApiParams p, HttpServletRequest request,
      HttpServletResponse response) throws ApiException {
    int perPage = p.integer("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
    int page = p.integer("page", 1, Integer.MAX_VALUE);
    int total = items.size();
    int totalPages = Math.max(1, (total + perPage - 1) / perPage);
    long from = (long) (page - 1) * perPage;
    List<T> slice = from >= total ? List.of()
        : items.subList((int) from, (int) Math.min(total, from + perPage));
    response.setHeader("X-Total", Integer.toString(total));
    response.setHeader("X-Total-Pages", Integer.toString(totalPages));
    response.setHeader("X-Per-Page", Integer.toString(perPage));
    response.setHeader("X-Page", Integer.toString(page));
    response.setHeader("X-Next-Page", page < totalPages ? Integer.toString(page + 1) : "");
    response.setHeader("X-Prev-Page", page > 1 && page <= totalPages ? Integer.toString(page - 1) : "");
    List<String> links = new ArrayList<>();
    String base = linkBase(request);
    if (page > 1 && page <= totalPages) {
      links.add("<" + base + "page=" + (page - 1) + "&per_page=" + perPage + ">; rel=\"prev\"");
    }
    if (page < totalPages) {
      links.add("<" + base + "page=" + (page + 1) + "&per_page=" + perPage + ">; rel=\"next\"");
    }
    links.add("<" + base + "page=1&per_page=" + perPage + ">; rel=\"first\"");
    links.add("<" + base + "page=" + totalPages + "&per_page=" + perPage + ">; rel=\"last\"");
    response.setHeader("Link", String.join(", ", links));
    return slice;
  }

  /** The request attribute through which the servlet hands its external URL to {@link #page}. */
  static final String EXTERNAL_URL_ATTRIBUTE = TokenLists.class.getName() + ".externalUrl";

  /**
   * {@code url} without a trailing slash; null for null.
   *
   * @throws IllegalArgumentException unless it is an absolute http(s) URL with a host and no user
   *     info, query or fragment
   */
  static String externalUrl(String url) {
    if (url == null) {
      return null;
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("the external URL must be an http or https URL such as"
          + " https://git.example.com, without user, query or fragment");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Where absolute links start: the servlet's external URL, else the address the request arrived
   * at (scheme, local address, local port). Never the {@code Host} header.
   */
  private static String origin(HttpServletRequest request) {
    Object configured = request.getAttribute(EXTERNAL_URL_ATTRIBUTE);
    if (configured instanceof String url) {
      return url;
    }
    String address = request.getLocalAddr();
    if (address != null && address.contains(":") && !address.startsWith("[")) {
      address = "[" + address + "]";
    }
    return request.getScheme() + "://" + address + ":" + request.getLocalPort();
  }

  private static String linkBase(HttpServletRequest request) {
    StringBuilder b = new StringBuilder(origin(request)).append(request.getRequestURI()).append('?');
    String query = request.getQueryString();
    if (query != null && query.length() <= RequestPath.MAX_QUERY_LENGTH) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = RequestPath.decode(eq < 0 ? pair : pair.substring(0, eq), true);
        if (pair.isEmpty() || key == null || key.equals("page") || key.equals("per_page")
            || key.equals(CredentialResolver.PRIVATE_TOKEN_PARAMETER)) {
          continue;
        }
        b.append(pair).append('&');
      }
    }
    return b.toString();
  }
}
