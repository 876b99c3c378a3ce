package io.wvs.auth.web.view;

/**
 * A refusal or an error, as a page of its own.
 *
 * @param chrome the frame
 * @param status the HTTP status
 * @param title the heading, e.g. "Not found"
 * @param message what happened, e.g. the service's refusal
 */
public record ErrorPage(Chrome chrome, int status, String title, String message) {}
