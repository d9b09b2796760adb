// The action's name and version as it announces them in the User-Agent (kept equal to package.json by a test).
export const ACTION_NAME = 'start-resource-snapshot-job-action';
export const ACTION_VERSION = '1.0.0';
