import { describe, expect, it } from 'vitest';
import { defaultSessionName, readInputs } from '../../../src/config/inputs.js';
import { pacedSpanMs } from '../../../src/config/step-budget.js';

const valid = { catalog: 'AWS', 'job-identifier': 'job-0123456789abc' };
const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('readInputs', () => {
  it('applies the action.yml defaults when optional inputs are empty', () => {
    const r = readInputs(reader(valid));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      catalog: 'AWS',
      jobIdentifiers: ['job-0123456789abc'],
      region: 'us-east-1',
      partition: 'aws',
      maxAttempts: 'auto',
      timeoutMs: 300_000,
      endpointOverridden: false,
      requestsPerSecond: 1,
      describeJob: false,
      dryRun: false,
    });
    expect(r.config.endpoint.href).toBe('https://partnercentral-selling.us-east-1.api.aws/');
    expect(r.config.role).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });

  it('picks the partition endpoint from the region and warns outside us-east-1', () => {
    const cn = readInputs(reader({ ...valid, region: 'cn-north-1' }));
    expect(cn.ok && cn.config.endpoint.href).toBe(
      'https://partnercentral-selling.cn-north-1.api.amazonwebservices.com.cn/',
    );
    expect(cn.ok && cn.config.partition).toBe('aws-cn');
    expect(cn.ok && cn.warnings[0]).toMatch(/documented in us-east-1 only/);
    const gov = readInputs(reader({ ...valid, region: 'us-gov-west-1' }));
    expect(gov.ok && gov.config.endpoint.href).toBe(
      'https://partnercentral-selling.us-gov-west-1.api.aws/',
    );
    expect(gov.ok && gov.config.partition).toBe('aws-us-gov');
  });

  it('rejects isolated partitions', () => {
    const r = readInputs(reader({ ...valid, region: 'us-isob-east-1' }));
    expect(!r.ok && r.problems[0]?.message).toMatch(/isolated partition/);
  });

  it('rejects eu-isoe-west-1 as an isolated partition too', () => {
    const r = readInputs(reader({ ...valid, region: 'eu-isoe-west-1' }));
    expect(!r.ok && r.problems[0]?.message).toMatch(/isolated partition/);
  });

  it('accepts an https endpoint anywhere and http only on loopback', () => {
    for (const endpoint of [
      'https://vpce-1.example.com',
      'http://127.0.0.1:8080',
      'http://[::1]:1/',
      'http://localhost:9',
    ]) {
      const r = readInputs(reader({ ...valid, endpoint }));
      expect(r.ok, endpoint).toBe(true);
      if (r.ok) expect(r.config.endpointOverridden).toBe(true);
    }
    for (const endpoint of [
      'http://10.0.0.1',
      'ftp://x',
      'https://user:pw@x.example',
      'https://x.example/?a=1',
      'nope',
    ]) {
      const r = readInputs(reader({ ...valid, endpoint }));
      expect(r.ok, endpoint).toBe(false);
      if (!r.ok) expect(r.problems[0]?.input).toBe('endpoint');
    }
  });

  it('takes max-attempts as auto or 1-50 and timeout-seconds as 5-21600', () => {
    const r = readInputs(reader({ ...valid, 'max-attempts': '7', 'timeout-seconds': '60' }));
    expect(r.ok && r.config.maxAttempts).toBe(7);
    expect(r.ok && r.config.timeoutMs).toBe(60_000);
    expect(readInputs(reader({ ...valid, 'max-attempts': 'AUTO' })).ok).toBe(true);
    for (const bad of ['0', '51', '2.5', '-1', 'many'])
      expect(readInputs(reader({ ...valid, 'max-attempts': bad })).ok, bad).toBe(false);
    for (const bad of ['4', '21601', '1e3'])
      expect(readInputs(reader({ ...valid, 'timeout-seconds': bad })).ok, bad).toBe(false);
  });

  it('keeps the valid parts when others are invalid, for the outputs', () => {
    const r = readInputs(reader({ catalog: 'Sandbox', 'job-identifier': 'bad' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.partial).toEqual({ catalog: 'Sandbox', jobIdentifiers: [] });
  });

  it('reports every problem at once, in the order of the inputs, the timeout check last', () => {
    const r = readInputs(
      reader({
        catalog: 'aws',
        'job-identifier': 'nope',
        region: 'US-EAST-1',
        endpoint: 'http://example.com',
        'max-attempts': '0',
        'timeout-seconds': '4',
        'role-to-assume': 'partner-release',
        'role-session-name': 'a b',
        audience: 'has space',
        'role-duration-seconds': '60',
        'requests-per-second': '0',
        'describe-job': 'yes',
        'dry-run': 'no',
        'wait-for-snapshot': 'soon',
        'snapshot-directory': 'a\u0001b',
      }),
    );
    expect(!r.ok && r.problems.map((p) => p.input)).toEqual([
      'catalog',
      'job-identifier',
      'region',
      'endpoint',
      'max-attempts',
      'timeout-seconds',
      'role-to-assume',
      'role-session-name',
      'audience',
      'role-duration-seconds',
      'requests-per-second',
      'describe-job',
      'dry-run',
      'wait-for-snapshot',
      'snapshot-directory',
    ]);
    expect(!r.ok && r.partial).toEqual({ catalog: undefined, jobIdentifiers: [] });
    const ids = Array.from({ length: 20 }, (_, i) => `job-${String(i).padStart(13, '0')}`);
    const late = readInputs(
      reader({
        ...valid,
        'job-identifier': ids.join(','),
        'timeout-seconds': '10',
        'describe-job': 'yes',
      }),
    );
    expect(!late.ok && late.problems.map((p) => p.input)).toEqual([
      'describe-job',
      'timeout-seconds',
    ]);
    expect(!late.ok && late.partial.jobIdentifiers).toEqual(ids);
  });

  it('quotes hostile input safely in its message', () => {
    const r = readInputs(reader({ ...valid, catalog: '::add-mask::x\n::error::pwned' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]?.message).not.toMatch(/\n/);
      expect(r.problems[0]?.message).not.toMatch(/^::/);
    }
  });

  describe('role inputs', () => {
    const arn = 'arn:aws:iam::111122223333:role/partner-release';
    it('builds the role config with defaults', () => {
      const r = readInputs(reader({ ...valid, 'role-to-assume': arn }), {
        repository: 'octo/repo',
        runId: 99,
      });
      expect(r.ok && r.config.role).toEqual({
        roleArn: arn,
        sessionName: 'GitHubActions-repo-99',
        audience: 'sts.amazonaws.com',
        durationSeconds: 900,
      });
    });
    it('rejects a malformed ARN, session name, audience and duration at once', () => {
      const r = readInputs(
        reader({
          ...valid,
          'role-to-assume': 'partner-release',
          'role-session-name': 'a b',
          audience: 'has space',
          'role-duration-seconds': '60',
        }),
      );
      expect(!r.ok && r.problems.map((p) => p.input)).toEqual([
        'role-to-assume',
        'role-session-name',
        'audience',
        'role-duration-seconds',
      ]);
    });
    it('rejects role options without role-to-assume', () => {
      const r = readInputs(reader({ ...valid, 'role-duration-seconds': '3600' }));
      expect(!r.ok && r.problems[0]?.message).toMatch(/role-to-assume is not/);
    });
    it('cuts default session names to the STS limits', () => {
      const name = defaultSessionName({ repository: `o/${'r'.repeat(100)}`, runId: 1 });
      expect(name).toHaveLength(64);
      expect(name).toMatch(/^[\w+=,.@-]+$/);
      expect(defaultSessionName({ repository: 'o/my repo!' })).toBe('GitHubActions-my-repo-');
      expect(defaultSessionName({})).toBe('GitHubActions');
    });
  });
});

describe('endpoint from the environment, as the SDKs read it', () => {
  const valid = { catalog: 'AWS', 'job-identifier': 'job-0123456789abc' };
  const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
  const endpointOf = (env: Record<string, string>, inputs: Record<string, string> = valid) => {
    const r = readInputs(get(inputs), {}, env);
    return r.ok ? r.config.endpoint.href : r.problems.map((p) => `${p.input}: ${p.message}`);
  };
  it('takes AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, then AWS_ENDPOINT_URL; the endpoint input wins', () => {
    const env = {
      AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: 'http://127.0.0.1:1/',
      AWS_ENDPOINT_URL: 'https://gw.example/',
    };
    expect(endpointOf(env)).toBe('http://127.0.0.1:1/');
    expect(endpointOf({ AWS_ENDPOINT_URL: 'https://gw.example/' })).toBe('https://gw.example/');
    expect(endpointOf(env, { ...valid, endpoint: 'https://vpce.example/' })).toBe(
      'https://vpce.example/',
    );
  });
  it('ignores both with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true', () => {
    expect(
      endpointOf({
        AWS_ENDPOINT_URL: 'https://gw.example/',
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      }),
    ).toBe('https://partnercentral-selling.us-east-1.api.aws/');
  });
  it('names the variable when its URL cannot be used', () => {
    expect(endpointOf({ AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: 'http://10.0.0.1/' })).toEqual([
      expect.stringMatching(
        /^AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING "http:\/\/10\.0\.0\.1" uses plain http/,
      ),
    ]);
  });
  it('never echoes what a refused URL may carry: user name, password, path, query, fragment', () => {
    const secret = 'Zq8vT2mLx9Rw4KpSecret';
    for (const url of [
      `https://svc:${secret}@pc.example`,
      `https://pc.example/?X-Api-Key=${secret}`,
      `http://pc.example/${secret}/x`,
      `https://pc.example/#${secret}`,
    ]) {
      const [problem] = endpointOf({ AWS_ENDPOINT_URL: url });
      expect(problem, url).toMatch(/^AWS_ENDPOINT_URL: AWS_ENDPOINT_URL "http/);
      expect(problem, url).not.toContain(secret.slice(0, 8));
    }
    for (const unparsable of [
      `https://svc:${secret}@pc.internal.example:99999`,
      `https://pc.example:99999/${secret}`,
      `${secret}`,
    ]) {
      const [problem] = endpointOf({ AWS_ENDPOINT_URL: unparsable });
      expect(problem, unparsable).toMatch(
        /^AWS_ENDPOINT_URL: AWS_ENDPOINT_URL "(https:\/\/)?…" is not an absolute URL/,
      );
      expect(problem, unparsable).not.toContain(secret.slice(0, 8));
    }
    expect(endpointOf({ AWS_ENDPOINT_URL: `https://svc:${secret}@pc.example` })[0]).toContain(
      '"https://***@pc.example" must not carry a user name or password',
    );
  });
});

describe('several jobs, pace, describe-job and dry-run', () => {
  const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
  const read = (inputs: Record<string, string>) => readInputs(get({ catalog: 'AWS', ...inputs }));
  const a = 'job-0123456789abc';
  const b = 'job-bbbbbbbbbbbbb';
  const c = 'job-ccccccccccccc';
  it('splits on newlines, commas and whitespace, keeps order, starts duplicates once', () => {
    const r = read({ 'job-identifier': `${b}\n${a}, ${c}\t${b}\r\n\n${a}` });
    expect(r.ok && r.config.jobIdentifiers).toEqual([b, a, c]);
  });
  it('names every bad identifier at once', () => {
    const r = read({ 'job-identifier': `${a}\njob-ABCDEFGHIJKLM, nope` });
    expect(!r.ok && r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/"job-ABCDEFGHIJKLM" has capital letters.*job-abcdefghijklm$/),
      expect.stringMatching(/"nope" is not a job identifier/),
    ]);
    expect(!r.ok && r.partial.jobIdentifiers).toEqual([a]);
  });
  it('takes requests-per-second as a positive number, fractions allowed', () => {
    expect(read({ 'job-identifier': a, 'requests-per-second': '0.5' })).toMatchObject({
      ok: true,
      config: { requestsPerSecond: 0.5 },
    });
    for (const bad of ['0', '-1', 'fast', '11', '1e1', ''])
      if (bad)
        expect(read({ 'job-identifier': a, 'requests-per-second': bad }).ok, bad).toBe(false);
  });
  it('takes describe-job and dry-run as YAML booleans', () => {
    const r = read({ 'job-identifier': a, 'describe-job': 'True', 'dry-run': 'TRUE' });
    expect(r.ok && [r.config.describeJob, r.config.dryRun]).toEqual([true, true]);
    const bad = read({ 'job-identifier': a, 'describe-job': 'yes', 'dry-run': '1' });
    expect(!bad.ok && bad.problems.map((p) => p.input)).toEqual(['describe-job', 'dry-run']);
  });
  it('says before sending anything when K jobs at R cannot fit in timeout-seconds', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `job-${String(i).padStart(13, '0')}`).join(
      ',',
    );
    const r = read({ 'job-identifier': ids, 'timeout-seconds': '10' });
    expect(!r.ok && r.problems[0]).toMatchObject({
      input: 'timeout-seconds',
      message: expect.stringMatching(
        /too short for 20 jobs at requests-per-second 1: they need at least 20 s/,
      ),
    });
    expect(
      read({ 'job-identifier': ids, 'timeout-seconds': '10', 'requests-per-second': '5' }).ok,
    ).toBe(true);
    expect(read({ 'job-identifier': ids, 'timeout-seconds': '10', 'dry-run': 'true' }).ok).toBe(
      true,
    );
  });

  it('refuses starts that need exactly timeout-seconds, and takes one second more', () => {
    // 501 jobs at 1 a second: 500 intervals of 1.002 s (the pace keeps a margin) are 501 s.
    expect(pacedSpanMs(501, 1)).toBe(501_000);
    const ids = Array.from({ length: 501 }, (_, i) => `job-${String(i).padStart(13, '0')}`);
    const r = read({ 'job-identifier': ids.join('\n'), 'timeout-seconds': '501' });
    expect(!r.ok && r.problems).toEqual([
      {
        input: 'timeout-seconds',
        message:
          'timeout-seconds (501) is too short for 501 jobs at requests-per-second 1: they need at least 501 s. ' +
          'Raise timeout-seconds to 561 or more, or split the jobs over several steps',
      },
    ]);
    expect(read({ 'job-identifier': ids.join('\n'), 'timeout-seconds': '502' }).ok).toBe(true);
  });

  describe('wait-for-snapshot and snapshot-directory', () => {
    it('reads the wait in seconds and resolves a relative directory against GITHUB_WORKSPACE', () => {
      const r = readInputs(
        reader({ ...valid, 'wait-for-snapshot': '120', 'snapshot-directory': 'out/snapshots' }),
        {},
        { GITHUB_WORKSPACE: '/home/runner/work/r/r' },
      );
      expect(r.ok && r.config).toMatchObject({
        waitForSnapshotMs: 120_000,
        snapshotDirectory: '/home/runner/work/r/r/out/snapshots',
      });
      const absolute = readInputs(
        reader({ ...valid, 'wait-for-snapshot': '5', 'snapshot-directory': '/tmp/s' }),
      );
      expect(absolute.ok && absolute.config.snapshotDirectory).toBe('/tmp/s');
      const none = readInputs(reader(valid));
      expect(none.ok && none.config.waitForSnapshotMs).toBe(0);
      expect(none.ok && 'snapshotDirectory' in none.config).toBe(false);
    });

    it.each(['abc', '-1', '1.5', '21601', '2m'])(
      'refuses wait-for-snapshot %s, naming it',
      (raw) => {
        const r = readInputs(reader({ ...valid, 'wait-for-snapshot': raw }));
        expect(!r.ok && r.problems).toEqual([
          {
            input: 'wait-for-snapshot',
            message: `wait-for-snapshot must be a whole number from 0 to 21600, got ${JSON.stringify(raw)}`,
          },
        ]);
      },
    );

    it('refuses snapshot-directory without wait-for-snapshot', () => {
      const r = readInputs(reader({ ...valid, 'snapshot-directory': 'snaps' }));
      expect(!r.ok && r.problems[0]).toMatchObject({
        input: 'snapshot-directory',
        message: expect.stringMatching(/but wait-for-snapshot is 0.*set wait-for-snapshot/),
      });
    });

    it('tells one job waited for to wait less, not to split', () => {
      const r = readInputs(
        reader({ ...valid, 'wait-for-snapshot': '280', 'timeout-seconds': '290' }),
      );
      expect(!r.ok && r.problems).toEqual([
        {
          input: 'timeout-seconds',
          message:
            'timeout-seconds (290) is too short for wait-for-snapshot 280: 1 job needs at least 291 s ' +
            '(280 s of wait, 10.3 s for credentials and reads). ' +
            'Raise timeout-seconds to 291 or more, or lower wait-for-snapshot.',
        },
      ]);
      const fits = readInputs(
        reader({ ...valid, 'wait-for-snapshot': '280', 'timeout-seconds': '291' }),
      );
      expect(fits.ok).toBe(true);
    });

    it('counts the wait and the starts against timeout-seconds, but not in a dry run', () => {
      const ids = Array.from({ length: 11 }, (_, i) => `job-${String(i).padStart(13, '0')}`).join(
        ',',
      );
      const read = (extra: Record<string, string>) =>
        readInputs(reader({ ...valid, 'job-identifier': ids, ...extra }));
      const r = read({ 'wait-for-snapshot': '280', 'timeout-seconds': '300' });
      expect(!r.ok && r.problems[0]?.message).toMatch(
        /^timeout-seconds \(300\) is too short for wait-for-snapshot 280: 11 jobs at requests-per-second 1 need at least 304 s \(10.0 s of starts, 280 s of wait, 13.3 s for credentials and reads\)\. Raise timeout-seconds to 304/,
      );
      expect(read({ 'wait-for-snapshot': '280', 'timeout-seconds': '304' }).ok).toBe(true);
      expect(
        read({ 'wait-for-snapshot': '280', 'timeout-seconds': '300', 'dry-run': 'true' }).ok,
      ).toBe(true);
    });
  });
});
