// The log the pure modules write to; main.ts backs it with @actions/core, tests with an array.

export interface Log {
  info(line: string): void;
  /** A one-line notice annotation: worth seeing, not a problem (e.g. no new snapshot within the wait). */
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
