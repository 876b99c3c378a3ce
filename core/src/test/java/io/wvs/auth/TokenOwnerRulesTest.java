package io.wvs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wvs.auth.spi.NewToken;
import io.wvs.auth.spi.TokenDigest;
import io.wvs.auth.spi.TokenOwner;
import io.wvs.auth.spi.TokenRecord;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A token's owner is one sealed kind that fits its type: no invalid combination can be built. */
class TokenOwnerRulesTest {
  private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");
  private static final TokenDigest DIGEST = TokenDigest.of("k1", new byte[32]);
  private static final ResourceRef PROJECT = ResourceRef.project(2);

  private static NewToken.Builder token(TokenType type, TokenOwner owner) {
    return NewToken.builder().type(type).owner(owner).name("t")
        .scopes(EnumSet.of(Scope.READ_REPOSITORY)).digest(DIGEST).createdAt(AT);
  }

  private static TokenRecord.Builder record(TokenType type, TokenOwner owner) {
    return TokenRecord.builder().id(1).familyId(1).token(token(type, owner).build());
  }

  @Test
  void aDeployTokenCannotBeOwnedByAUser() {
    assertThatThrownBy(() -> token(TokenType.DEPLOY, TokenOwner.user(3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a DEPLOY token needs a DEPLOY owner, not a USER owner");
    assertThatThrownBy(() -> record(TokenType.DEPLOY, TokenOwner.bot(3, PROJECT)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPersonalTokenCannotBeOwnedByABotOrAResource() {
    assertThatThrownBy(() -> token(TokenType.PERSONAL, TokenOwner.bot(3, PROJECT)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> token(TokenType.IMPERSONATION, TokenOwner.deploy(PROJECT, null)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPersonalTokenRecordHasNoResource() {
    TokenRecord personal = record(TokenType.PERSONAL, TokenOwner.user(3)).build();

    assertThat(personal.resource()).isNull();
    assertThat(personal.username()).isNull();
    assertThat(personal.userId()).isEqualTo(3L);
  }

  @Test
  void aProjectAccessTokenBelongsToAProjectsBotAndAGroupAccessTokenToAGroups() {
    assertThatThrownBy(() -> token(TokenType.PROJECT_ACCESS, TokenOwner.bot(3, ResourceRef.group(2)))
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a PROJECT_ACCESS token belongs to the bot of a project, not of group:2");
    assertThatThrownBy(() -> token(TokenType.GROUP_ACCESS, TokenOwner.bot(3, PROJECT)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> token(TokenType.PROJECT_ACCESS, TokenOwner.user(3)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(token(TokenType.GROUP_ACCESS, TokenOwner.bot(3, ResourceRef.group(2))).build()
        .resource()).isEqualTo(ResourceRef.group(2));
  }

  @Test
  void aBotAndADeployTokenAlwaysHaveTheirResource() {
    assertThatThrownBy(() -> TokenOwner.bot(3, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TokenOwner.deploy(null, "ci")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TokenOwner.user(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStoredDeployTokenAlwaysHasItsUsername() {
    assertThatThrownBy(() -> record(TokenType.DEPLOY, TokenOwner.deploy(PROJECT, null)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a stored deploy token has a username");
    NewToken unnamed = token(TokenType.DEPLOY, TokenOwner.deploy(PROJECT, null)).build();

    assertThat(unnamed.toRecord(7, 7).username()).isEqualTo("wvs+deploy-token-7");
    assertThat(token(TokenType.DEPLOY, TokenOwner.deploy(PROJECT, "ci")).build().toRecord(7, 7)
        .username()).isEqualTo("ci");
  }

  @Test
  void onlyADeployTokenCarriesASealedSecret() {
    assertThatThrownBy(() -> token(TokenType.PERSONAL, TokenOwner.user(3)).sealedSecret(new byte[] {1})
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only a deploy token carries a sealed secret, not a PERSONAL token");
  }

  @Test
  void aTokenBuilderNamesEveryMissingValueAtOnce() {
    assertThatThrownBy(() -> NewToken.builder().name("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("NewToken needs type, owner, scopes, digest, createdAt to be set");
    assertThatThrownBy(() -> TokenRecord.builder().id(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("TokenRecord needs familyId, token to be set");
  }

  @Test
  void aTokenBuilderRefusesAValueSetTwiceNamingTheFirst() {
    assertThatThrownBy(() -> NewToken.builder().name("laptop").name("desk"))
        .isInstanceOf(IllegalStateException.class).hasMessage("name was already set to laptop");
    assertThatThrownBy(() -> NewToken.builder().owner(TokenOwner.user(3)).owner(TokenOwner.user(4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("owner was already set to User[userId=3]");
    assertThatThrownBy(() -> TokenRecord.builder().familyId(3).familyId(4))
        .isInstanceOf(IllegalStateException.class).hasMessage("familyId was already set to 3");
    assertThatThrownBy(() -> NewToken.builder().digest(DIGEST).digest(DIGEST))
        .isInstanceOf(IllegalStateException.class).hasMessage("digest was already set to [masked]");
  }

  @Test
  void aTokenNeedsAtLeastOneScope() {
    assertThatThrownBy(() -> NewToken.builder().type(TokenType.PERSONAL).owner(TokenOwner.user(3))
        .name("t").scopes(Set.of()).digest(DIGEST).createdAt(AT).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("scopes must not be empty");
  }

  @ParameterizedTest
  @EnumSource(TokenType.class)
  void everyTokenTypeDeclaresTheOneOwnerKindItTakes(TokenType type) {
    TokenOwner[] owners = {TokenOwner.user(3), TokenOwner.bot(3, PROJECT),
        TokenOwner.bot(3, ResourceRef.group(2)), TokenOwner.deploy(PROJECT, "ci")};
    for (TokenOwner owner : owners) {
      boolean fits = owner.kind() == type.ownerKind()
          && !(owner.kind() == TokenOwner.Kind.BOT
              && (type == TokenType.PROJECT_ACCESS) != (owner.resourceOrNull().kind() == ResourceRef.Kind.PROJECT));
      if (fits) {
        assertThat(token(type, owner).build().owner()).isEqualTo(owner);
      } else {
        assertThatThrownBy(() -> token(type, owner).build()).as("%s owned by %s", type, owner)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
    assertThat(type.belongsToUser()).isEqualTo(type.ownerKind() == TokenOwner.Kind.USER);
  }
}
