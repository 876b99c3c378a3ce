/**
 * The public API: {@link io.wvs.auth.WvsAuth} wires everything; {@link io.wvs.auth.TokenAuthenticator}
 * authenticates presented tokens into an {@link io.wvs.auth.AuthResult}; the management services
 * create, list, revoke and rotate tokens; {@link io.wvs.auth.Scope} and
 * {@link io.wvs.auth.ScopeRequirement} are the scope algebra; {@link io.wvs.auth.TokenPolicy} and
 * {@link io.wvs.auth.DigestKeyring} are the host's configuration. Implementation classes in this
 * package are package-private.
 */
package io.wvs.auth;
