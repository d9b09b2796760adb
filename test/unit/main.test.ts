// main.ts over a fake shell: what the step writes to the runner (outputs, annotations, summary, exit code, the
// console) for a given RunResult, with secrets scrubbed and commands neutralised, and how it takes a cancel.
import { describe, expect, it } from 'vitest';
import { run, type Shell } from '../../src/main.js';
import type { ActionDeps } from '../../src/run-action.js';
import type { RunResult } from '../../src/result.js';
import { secretsInEnvironment } from '../../src/common/secrets.js';
import { EXIT_AFTER_CANCEL_MS, EXIT_AFTER_REPORT_MS } from '../../src/common/tunables.js';
import { A, failedJob, ok } from './github/fixtures.js';
import { leakedRun, longTermCredentials, stsSessionToken } from '../fixtures/real-secrets.mjs';

const KEYS = longTermCredentials('main.test');
const SECRET = KEYS.secretAccessKey;

interface Annotation {
  level: 'notice' | 'warning' | 'error';
  message: string;
  title?: string;
}

/** A shell that records what the step wrote; runAction answers with `act`. */
function fakeShell(act: (deps: ActionDeps) => Promise<RunResult>, env: NodeJS.ProcessEnv = {}) {
  const seen = {
    outputs: {} as Record<string, string>,
    annotations: [] as Annotation[],
    info: [] as string[],
    debug: [] as string[],
    summaries: [] as string[],
    stdout: [] as string[],
    stderr: [] as string[],
    exitCode: undefined as number | undefined,
    exits: [] as (number | undefined)[],
    timers: [] as { ms: number; fn: () => void }[],
    signals: new Map<string, (signal: NodeJS.Signals) => void>(),
    rejections: [] as ((reason: unknown) => void)[],
    deps: undefined as ActionDeps | undefined,
  };
  const note =
    (level: Annotation['level']) =>
    (message: string, { title }: { title?: string }) =>
      seen.annotations.push({ level, message, ...(title === undefined ? {} : { title }) });
  const unset = (): never => {
    throw new Error('the console was not routed through the gate');
  };
  const console: Shell['console'] = {
    log: unset,
    info: unset,
    debug: unset,
    warn: unset,
    error: unset,
  };
  const shell: Shell = {
    getInput: () => '',
    setOutput: (name, value) => {
      seen.outputs[name] = value;
    },
    setSecret: () => {},
    info: (m) => seen.info.push(m),
    debug: (m) => seen.debug.push(m),
    notice: note('notice'),
    warning: note('warning'),
    error: note('error'),
    writeSummary: (markdown) => {
      seen.summaries.push(markdown);
      return Promise.resolve();
    },
    env: { GITHUB_STEP_SUMMARY: '/runner/summary', GITHUB_OUTPUT: '/runner/output', ...env },
    setExitCode: (code) => {
      seen.exitCode = code;
    },
    exit: (code) => seen.exits.push(code),
    onSignal: (signal, listener) => seen.signals.set(signal, listener),
    onUnhandledRejection: (listener) => seen.rejections.push(listener),
    console,
    stdout: (text) => seen.stdout.push(text),
    stderr: (text) => seen.stderr.push(text),
    later: (ms, fn) => seen.timers.push({ ms, fn }),
    runAction: (deps) => {
      seen.deps = deps;
      return act(deps);
    },
  };
  return { shell, seen, console };
}

const returns = (result: RunResult) => () => Promise.resolve(result);

/** One job failed with this message, title and text (the service's words, quoted in all three). */
function failedWith(words: string): RunResult {
  const job = failedJob(A, 'AccessDeniedException');
  return {
    ...ok,
    jobs: [
      {
        ...job,
        failure: {
          code: 'AccessDeniedException',
          message: words,
          title: `AccessDeniedException: ${words}`,
          text: `The service said: ${words}`,
        },
      },
    ],
  };
}

/** Everything the step wrote where the runner or a later step reads it. */
const written = (seen: ReturnType<typeof fakeShell>['seen']) =>
  [
    ...Object.values(seen.outputs),
    ...seen.annotations.flatMap((a) => [a.message, a.title ?? '']),
    ...seen.summaries,
    ...seen.info,
    ...seen.debug,
  ].join('\n');

describe('main: reporting a RunResult', () => {
  it('sets the outputs from a started job, no annotation, and leaves the exit code alone', async () => {
    const { shell, seen } = fakeShell(returns(ok));
    await run(shell);
    expect(seen.outputs).toMatchObject({
      'job-identifier': A,
      'started-count': '1',
      'failed-count': '0',
      'request-id': 'rid',
      attempts: '2',
      'error-code': '',
    });
    expect(seen.annotations).toEqual([]);
    expect(seen.exitCode).toBeUndefined();
    expect(seen.summaries).toHaveLength(1);
    expect(seen.summaries[0]).toContain('Started resource snapshot job');
  });

  it('a failed job: outputs name it, an error annotation with its title, the summary, exit code 1', async () => {
    const { shell, seen } = fakeShell(returns({ ...ok, jobs: [failedJob(A)] }));
    await run(shell);
    expect(seen.outputs).toMatchObject({
      'started-count': '0',
      'failed-count': '1',
      'error-code': 'ResourceNotFoundException',
    });
    expect(seen.annotations.map((a) => [a.level, a.title])).toEqual([
      ['error', 'ResourceNotFoundException'],
    ]);
    expect(seen.summaries).toHaveLength(1);
    expect(seen.summaries[0]).toContain(
      `<tr><td>${A}</td><td>AWS</td><td>failed: ResourceNotFoundException`,
    );
    expect(seen.exitCode).toBe(1);
  });

  it('a warning annotation keeps its level and title (the snapshot directory warned, the job started)', async () => {
    const { shell, seen } = fakeShell(async (deps) => {
      deps.log.warning('the directory is world-readable', 'snapshot-directory');
      return ok;
    });
    await run(shell);
    expect(seen.annotations).toEqual([
      { level: 'warning', message: 'the directory is world-readable', title: 'snapshot-directory' },
    ]);
    expect(seen.exitCode).toBeUndefined();
  });

  it('a warning annotation from the result: a cancel after every job started', async () => {
    const { shell, seen } = fakeShell(returns({ ...ok, cancelled: true }));
    await run(shell);
    expect(seen.annotations.map((a) => [a.level, a.title])).toEqual([
      ['warning', 'Cancelled after every job started (1 of 1)'],
    ]);
    expect(seen.annotations[0]!.message).toContain('not before every job had started: ' + A);
    expect(seen.outputs['error-code']).toBe('Cancelled');
  });

  it('no summary when GITHUB_STEP_SUMMARY is not set', async () => {
    const { shell, seen } = fakeShell(returns(ok), { GITHUB_STEP_SUMMARY: '' });
    await run(shell);
    expect(seen.summaries).toEqual([]);
    expect(seen.annotations).toEqual([]);
  });

  it('a secret from the environment, quoted in a failure, is scrubbed from outputs, annotations and summary', async () => {
    const { shell, seen } = fakeShell(
      async (deps) => {
        // As runAction does first: the environment's secrets join the step's gate.
        for (const s of secretsInEnvironment(deps.sources.env)) deps.secrets.remember(s);
        return failedWith(`signature of ${SECRET} does not match`);
      },
      { AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: SECRET },
    );
    await run(shell);
    expect(seen.outputs['error-message']).toBe('signature of *** does not match');
    expect(seen.annotations).toHaveLength(1);
    expect(seen.annotations[0]!.title).toContain('signature of *** does not match');
    expect(seen.annotations[0]!.message).toContain('signature of *** does not match');
    expect(seen.summaries[0]).toContain('signature of *** does not match');
    expect(written(seen)).not.toContain(SECRET);
    // A run of 12 characters of it is the secret too.
    expect(leakedRun(written(seen), [SECRET])).toBeUndefined();
  });

  it('workflow commands in a service message are neutralised in outputs, annotations and summary lines', async () => {
    const { shell, seen } = fakeShell(returns(failedWith('::error::owned ##[group]x')));
    await run(shell);
    expect(seen.outputs['error-message']).toBe(': :error::owned # #[group]x');
    for (const a of seen.annotations) {
      expect(a.message).not.toContain('##[');
      expect(a.title).not.toMatch(/^\s*::/);
      for (const line of a.message.split('\n')) expect(line).not.toMatch(/^\s*::/);
    }
    expect(seen.annotations[0]!.title).toContain('# #[group]x');
    for (const value of Object.values(seen.outputs)) {
      expect(value).not.toContain('##[');
      for (const line of value.split('\n')) expect(line).not.toMatch(/^\s*::/);
    }
  });

  it('an unwritable GITHUB_OUTPUT: one "Step outputs not written" warning naming it, the annotations still out', async () => {
    const { shell, seen } = fakeShell(returns({ ...ok, jobs: [failedJob(A)] }));
    shell.setOutput = () => {
      throw new Error('ENOSPC: no space left on device');
    };
    await run(shell);
    expect(seen.annotations.map((a) => [a.level, a.title])).toEqual([
      ['error', 'ResourceNotFoundException'],
      ['warning', 'Step outputs not written'],
    ]);
    expect(seen.annotations[1]!.message).toContain(
      'GITHUB_OUTPUT (/runner/output) could not be written: ENOSPC: no space left on device',
    );
    expect(seen.annotations[1]!.message).toContain('The log and the job summary still say');
    expect(seen.summaries).toHaveLength(1);
    expect(seen.exitCode).toBe(1);
  });

  it('an unwritable summary: a "Job summary not written" warning; outputs set, exit code from the jobs', async () => {
    const { shell, seen } = fakeShell(returns(ok));
    shell.writeSummary = () =>
      Promise.reject(new Error('EISDIR: illegal operation on a directory'));
    await run(shell);
    expect(seen.annotations.map((a) => [a.level, a.title])).toEqual([
      ['warning', 'Job summary not written'],
    ]);
    expect(seen.annotations[0]!.message).toBe(
      'GITHUB_STEP_SUMMARY (/runner/summary) could not be written: EISDIR: illegal operation on a directory',
    );
    expect(seen.outputs['started-count']).toBe('1');
    expect(seen.exitCode).toBeUndefined();
  });
});

describe('main: the unexpected', () => {
  it('a throw from runAction: error-code InternalError, an "Unexpected error" annotation, exit code 1', async () => {
    const { shell, seen } = fakeShell(
      () => Promise.reject(new TypeError(`x is undefined near ${SECRET}`)),
      { AWS_SECRET_ACCESS_KEY: SECRET },
    );
    const act = shell.runAction;
    shell.runAction = (deps) => {
      for (const s of secretsInEnvironment(deps.sources.env)) deps.secrets.remember(s);
      return act(deps);
    };
    await run(shell);
    expect(seen.outputs['error-code']).toBe('InternalError');
    expect(seen.outputs['error-message']).toBe('TypeError: x is undefined near ***');
    expect(seen.annotations).toHaveLength(1);
    expect(seen.annotations[0]).toMatchObject({ level: 'error', title: 'Unexpected error' });
    expect(seen.annotations[0]!.message).toContain(
      'The action failed unexpectedly: TypeError: x is undefined near ***.',
    );
    expect(seen.debug.some((d) => d.startsWith('Unexpected error: TypeError'))).toBe(true);
    expect(written(seen)).not.toContain(SECRET);
    expect(seen.exitCode).toBe(1);
  });

  it('an unhandled rejection after the run is reported the same way', async () => {
    const { shell, seen } = fakeShell(returns(ok));
    await run(shell);
    expect(seen.exitCode).toBeUndefined();
    expect(seen.rejections).toHaveLength(1);
    seen.rejections[0]!(new Error('socket hang up'));
    expect(seen.outputs['error-code']).toBe('InternalError');
    expect(seen.annotations.map((a) => a.title)).toEqual(['Unexpected error']);
    expect(seen.exitCode).toBe(1);
  });

  it('after the report, an unref-ed timer ends the process with its exit code', async () => {
    const { shell, seen } = fakeShell(returns(ok));
    await run(shell);
    expect(seen.timers.map((t) => t.ms)).toEqual([EXIT_AFTER_REPORT_MS]);
    expect(seen.exits).toEqual([]);
    seen.timers[0]!.fn();
    expect(seen.exits).toEqual([undefined]);
  });

  it('the console goes through the gate: scrubbed, neutralised, one line, on the stream it chose', async () => {
    const { shell, seen, console } = fakeShell(
      async (deps) => {
        for (const s of secretsInEnvironment(deps.sources.env)) deps.secrets.remember(s);
        console.log('::warning::profile %s\nsecond line', SECRET);
        console.warn('##[error]y');
        return ok;
      },
      { AWS_SECRET_ACCESS_KEY: SECRET },
    );
    await run(shell);
    expect(seen.stdout).toEqual([': :warning::profile *** second line\n']);
    expect(seen.stderr).toEqual(['# #[error]y\n']);
  });
});

describe('main: cancel signals', () => {
  it('the first SIGINT aborts the cancel signal and logs one line; a second one exits at once', async () => {
    let finish!: (result: RunResult) => void;
    const { shell, seen } = fakeShell(() => new Promise((resolve) => (finish = resolve)));
    const running = run(shell);
    await Promise.resolve();
    const cancel = seen.deps!.cancel!;
    expect(cancel.aborted).toBe(false);
    expect([...seen.signals.keys()].sort()).toEqual(['SIGINT', 'SIGTERM']);

    seen.signals.get('SIGINT')!('SIGINT');
    expect(cancel.aborted).toBe(true);
    expect(seen.info.filter((l) => l.startsWith('Received'))).toEqual([
      'Received SIGINT: starting no more jobs; reporting what was started.',
    ]);
    expect(seen.exits).toEqual([]);
    // What still holds the event loop may hold it EXIT_AFTER_CANCEL_MS at most.
    expect(seen.timers.map((t) => t.ms)).toEqual([EXIT_AFTER_CANCEL_MS]);
    // ... which ends the process before actions/runner kills a cancelled step (7.5 s after the signal).
    expect(seen.timers[0]!.ms).toBeLessThan(7500);
    seen.timers[0]!.fn();
    expect(seen.exits).toEqual([1]);

    seen.exits.length = 0;
    seen.signals.get('SIGTERM')!('SIGTERM');
    expect(seen.exits).toEqual([1]);
    expect(seen.info.filter((l) => l.startsWith('Received'))).toHaveLength(1);

    finish({ ...ok, cancelled: true });
    await running;
    expect(seen.outputs['error-code']).toBe('Cancelled');
    expect(seen.exitCode).toBe(1);
  });
});

describe('main: the gate at the sinks', () => {
  const token = stsSessionToken('main.test.sinks');

  it('a secret learned after the text was gathered still scrubs it, in every sink', async () => {
    const { shell, seen } = fakeShell(async (deps) => {
      const result = failedWith(`quoted ${token} back`);
      // The text exists before the secret is known (a reply read first, the credentials masked later).
      deps.secrets.mask(token);
      return Promise.resolve(result);
    });
    await run(shell);
    expect(leakedRun(written(seen), [token])).toBeUndefined();
    expect(seen.outputs['error-message']).toBe('quoted *** back');
  });

  it('finds a secret spelled with invisible characters between its letters, and cuts only after the scrub', async () => {
    const spaced = [...token].join('\u200b');
    const { shell, seen } = fakeShell(async (deps) => {
      deps.secrets.mask(token);
      deps.log.info(`a reply said ${spaced}`);
      return Promise.resolve(failedWith(`${'word '.repeat(190)}${token}`));
    });
    await run(shell);
    expect(leakedRun(written(seen), [token])).toBeUndefined();
    expect(seen.info).toContain('a reply said ***');
    // The 1,000-character cut of error-message falls inside the token: scrubbed first, nothing of it is left.
    expect(seen.outputs['error-message']).toMatch(/^(word )+\*\*\*$/);
  });

  it('every line break the runner reads ends a neutralised line (NEL, U+2028, CR)', async () => {
    const words = 'a\u0085::error::one\u2028::warning::two\r::add-mask::x';
    const { shell, seen } = fakeShell(returns(failedWith(words)));
    await run(shell);
    const error = seen.annotations.find((a) => a.level === 'error');
    expect(error?.message.split('\n').slice(1)).toEqual([
      ': :error::one',
      ': :warning::two',
      ': :add-mask::x',
    ]);
    expect(error?.title).not.toMatch(/[\r\n\u0085\u2028]/);
  });
});
