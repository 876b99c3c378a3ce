package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wvs.auth.spi.TokenOwner;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What differs between token types is declared on the type, in one place. */
class TokenTypeKnowledgeTest {
  private static final TokenPolicy CUSTOM = TokenPolicy.builder().userTokenPrefix("acme_pat-")
      .deployTokenPrefix("acme_dt-").build();

  @ParameterizedTest
  @EnumSource(TokenType.class)
  void everyTokenTypeDeclaresItsPrefixAndChannels(TokenType type) {
    assertThat(type.prefixIn(TokenPolicy.defaults()))
        .isEqualTo(type == TokenType.DEPLOY ? "wvsdt-" : "wvspat-");
    assertThat(type.prefixIn(CUSTOM)).isEqualTo(type == TokenType.DEPLOY ? "acme_dt-" : "acme_pat-");
    assertThat(type.channels()).isNotEmpty().contains(Channel.GIT_HTTP);
    for (Channel channel : Channel.values()) {
      assertThat(type.usableOn(channel)).as("%s on %s", type, channel)
          .isEqualTo(type.channels().contains(channel));
    }
    assertThat(type.ownerKind()).isNotNull();
    assertThat(type.noticeName()).endsWith("token");
    assertThat(type.pluralName()).endsWith("tokens");
  }

  @Test
  void aDeployTokenIsUsableEverywhereButTheApiAndEveryOtherTokenEverywhere() {
    assertThat(TokenType.DEPLOY.channels()).containsExactlyInAnyOrder(Channel.GIT_HTTP,
        Channel.CONTAINER_REGISTRY, Channel.PACKAGE_REGISTRY);
    assertThat(EnumSet.complementOf(EnumSet.of(TokenType.DEPLOY)))
        .allSatisfy(t -> assertThat(t.channels()).containsExactlyInAnyOrder(Channel.values()));
  }

  @Test
  void aProjectsAccessTokensAreProjectAccessTokensAndAGroupsGroupAccessTokens() {
    assertThat(TokenType.accessTokenOf(ResourceRef.Kind.PROJECT)).isEqualTo(TokenType.PROJECT_ACCESS);
    assertThat(TokenType.accessTokenOf(ResourceRef.Kind.GROUP)).isEqualTo(TokenType.GROUP_ACCESS);
    for (ResourceRef.Kind kind : ResourceRef.Kind.values()) {
      assertThat(TokenType.accessTokenOf(kind).ownerKind()).isEqualTo(TokenOwner.Kind.BOT);
    }
  }

  @Test
  void anExpiryNoticeNamesATokenByItsTypeAndAnImpersonationTokenAsAPersonalOne() {
    assertThat(TokenType.PERSONAL.noticeName()).isEqualTo("personal access token");
    assertThat(TokenType.IMPERSONATION.noticeName()).isEqualTo("personal access token");
    assertThat(TokenType.PROJECT_ACCESS.noticeName()).isEqualTo("project access token");
    assertThat(TokenType.GROUP_ACCESS.noticeName()).isEqualTo("group access token");
    assertThat(TokenType.DEPLOY.noticeName()).isEqualTo("deploy token");
    assertThat(TokenType.PROJECT_ACCESS.pluralName()).isEqualTo("project access tokens");
  }

  @Test
  void theFormatRecognisesTheGeneratedTokensOfEveryTypeUnderEveryPrefix() {
    TokenFormat format = new TokenFormat(CUSTOM);
    java.security.SecureRandom random = new java.security.SecureRandom();
    for (TokenType type : TokenType.values()) {
      String value = format.generate(type, random);
      assertThat(value).startsWith(type.prefixIn(CUSTOM));
      assertThat(format.classify(value)).isEqualTo(TokenFormat.Shape.GENERATED);
      assertThat(format.hasGeneratedPrefix(value)).isTrue();
    }
  }
}
