/** The names of preflight's answer formats, apart from their renderers (the CLI's options need only these). */
export const PREFLIGHT_FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type PreflightFormat = (typeof PREFLIGHT_FORMATS)[number];
