package io.wvs.auth.web.view;

/**
 * One scope checkbox.
 *
 * @param id the scope's wire name, the checkbox's value
 * @param description what the scope grants
 * @param checked whether it starts checked
 */
public record ScopeOption(String id, String description, boolean checked) {}
