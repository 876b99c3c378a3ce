/**
 * What the templates render: one immutable record per page part, built by the page handlers of
 * {@code io.wvs.auth.web}, and the templates compiled from {@code src/main/jte} at build time.
 * Not exported: the records change with the pages.
 */
package io.wvs.auth.web.view;
