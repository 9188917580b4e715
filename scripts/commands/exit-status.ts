/** Usage errors, settings errors and confirmation refusals are the user's to fix: exit 2. */
export const USAGE_EXIT = 2;

/** `status` with something missing or drifted, `outputs` of a stack that is not deployed: exit 3. */
export const NOT_AS_UP_LEAVES_IT_EXIT = 3;
