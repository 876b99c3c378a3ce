package io.wvs.auth.spring.resource;

import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Another service of the fleet, as its team would write it with Spring Security's resource server
 * support: no store, no pepper, only the introspection properties; its routes guarded by scopes.
 */
@SpringBootApplication
public class ResourceServerApp {

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(a -> a
            .requestMatchers("/orders/**").hasAuthority("SCOPE_read_api")
            .anyRequest().authenticated())
        .oauth2ResourceServer(o -> o.opaqueToken(Customizer.withDefaults()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  @RestController
  static class Orders {
    @GetMapping("/orders/mine")
    Map<String, Object> mine(BearerTokenAuthentication authentication) {
      List<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
      return Map.of("username", authentication.getName(), "authorities", authorities,
          "token_type", String.valueOf(authentication.getTokenAttributes().get("token_type")));
    }
  }
}
