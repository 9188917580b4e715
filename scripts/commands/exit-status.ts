/** Usage errors, settings errors and confirmation refusals are the user's to fix: exit 2. */
export const USAGE_EXIT = 2;
