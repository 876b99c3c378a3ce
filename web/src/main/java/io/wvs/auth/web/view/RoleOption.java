package io.wvs.auth.web.view;

/**
 * One role a project or group access token's bot may get.
 *
 * @param level the access level, the option's value
 * @param label the role's name
 * @param selected whether it is preselected
 */
public record RoleOption(int level, String label, boolean selected) {}
