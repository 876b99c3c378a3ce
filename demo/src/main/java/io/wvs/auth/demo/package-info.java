/**
 * The demo server: the library running as the platform's token system would, for a newcomer to
 * start with one command and drive with curl, git or any client of the v4 REST API.
 *
 * <ul>
 *   <li>{@link io.wvs.auth.demo.Main} parses the command line into a
 *       {@link io.wvs.auth.demo.DemoConfig} ({@code DemoCommandLine}, {@code SmtpFlags}; the help
 *       text is {@code DemoUsage}) and prints where to start ({@code DemoTexts});
 *   <li>{@link io.wvs.auth.demo.DemoServer} wires it: the JDBC token store (H2 file database in the
 *       data folder, or PostgreSQL; {@code DemoDatabase}), the
 *       {@link io.wvs.auth.demo.Fixture fixture}'s directory with bot users kept beside the tokens
 *       ({@code DemoDirectory}), peppers generated once ({@code DemoSecrets}), the root token
 *       ({@code RootTokenIssuer}), the expiry e-mails ({@code ExpiryMails}), and Jetty
 *       ({@code DemoJetty}) with the wvs-auth filter, the REST API servlet, JGit's git over HTTP
 *       and a small Git LFS server ({@code GitHttpServlet}, {@code LfsServlet}), and a Maven
 *       repository per project ({@code MavenRepositoryFilter}, {@code MavenStore},
 *       {@code MavenPath}; membership by {@code PackageAccess}), read through a group or the
 *       whole instance too ({@code MavenSharedReads}, {@code MavenMetadata} merging an
 *       artifact's {@code maven-metadata.xml});
 *   <li>{@code ProjectAccess} is the host's part of a git decision (membership, a token's reach);
 *       {@code DecisionLog} writes one line per authentication decision, never a token.
 * </ul>
 */
package io.wvs.auth.demo;
