// The log the pure modules write to; main.ts backs it with @actions/core, tests with an array.

export interface Log {
  info(line: string): void;
  /** A notice annotation: something the user should see that is not a problem (e.g. no new snapshot). */
  notice(line: string, title?: string): void;
  warning(line: string, title?: string): void;
  debug(line: string): void;
}

export const silentLog: Log = {
  info: () => {},
  notice: () => {},
  warning: () => {},
  debug: () => {},
};
