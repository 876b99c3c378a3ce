/**
 * The servlet adapter: {@link io.wvs.auth.servlet.WvsAuthFilter} authenticates the platform's
 * credentials on every request ({@link io.wvs.auth.servlet.RouteRules} says what each route needs,
 * as an {@link io.wvs.auth.servlet.AccessRule}), and {@link io.wvs.auth.servlet.TokenApiServlet}
 * serves the platform's v4 token REST API. Everything else in this package is package-private:
 * credential resolution ({@code CredentialResolver}), refusals ({@code FailureResponder}), path
 * parsing ({@code RequestPath}), request parameters ({@code ApiParams}), JSON views
 * ({@code TokenJson}) and list filters ({@code TokenLists}).
 */
package io.wvs.auth.servlet;
