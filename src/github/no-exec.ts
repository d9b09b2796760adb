// Stands in for @actions/exec in the bundle (tsconfig.json "paths"): @actions/core imports it for platform.getDetails(), which this action never calls.
// Its static import would load child_process and @actions/io at every start for nothing.

export function getExecOutput(): never {
  // The action itself runs no command. The AWS credential chain may: a profile's credential_process (SECURITY.md).
  throw new Error('@actions/exec is not bundled: the action itself runs no command');
}
