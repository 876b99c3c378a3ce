package io.wvs.auth.spring;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches an application that embeds wvs-auth: one that does not introspect against another
 * service ({@code wvs.auth.introspection.uri} unset). A service that introspects has no pepper,
 * store or directory of its own.
 */
final class EmbeddedCondition implements Condition {
  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String uri = context.getEnvironment().getProperty("wvs.auth.introspection.uri");
    return uri == null || uri.isBlank();
  }
}
