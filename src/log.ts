// The log the pure modules write to; main.ts backs it with @actions/core, tests with an array.

export interface Log {
  info(line: string): void;
  warning(line: string, title?: string): void;
  debug(line: string): void;
}

export const silentLog: Log = { info: () => {}, warning: () => {}, debug: () => {} };
