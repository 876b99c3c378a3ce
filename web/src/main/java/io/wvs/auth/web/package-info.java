/**
 * The token pages as one servlet: {@link io.wvs.auth.web.TokenPages} builds it from a
 * {@link io.wvs.auth.WvsAuth}, the host's {@link io.wvs.auth.web.SignedInUser} and optionally its
 * {@link io.wvs.auth.web.Navigation}. Every action goes through the core services, as the REST API's
 * do; everything else in this package is package-private.
 */
package io.wvs.auth.web;
