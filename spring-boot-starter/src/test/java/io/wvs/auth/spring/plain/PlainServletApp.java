package io.wvs.auth.spring.plain;

import io.wvs.auth.WvsAuth;
import io.wvs.auth.inmemory.InMemoryUserDirectory;
import io.wvs.auth.servlet.RouteRules;
import io.wvs.auth.spi.User;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A host without Spring Security: the library's filter in the servlet chain guards its routes. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PlainServletApp.HelloController.class)
public class PlainServletApp {
  @Bean
  InMemoryUserDirectory directory() {
    InMemoryUserDirectory d = new InMemoryUserDirectory();
    d.put(User.regular(1, "alice"));
    return d;
  }

  /** The platform's routes, then the application's under /app (read_api for GET). */
  @Bean
  RouteRules routeRules(WvsAuth auth) {
    return RouteRules.standard(auth).orElse(RouteRules.apiRoutesUnder("/app"));
  }

  @RestController
  static class HelloController {
    @GetMapping("/app/hello")
    Map<String, String> hello(HttpServletRequest request) {
      return Map.of("user", request.getRemoteUser() == null ? "anonymous" : request.getRemoteUser());
    }
  }
}
