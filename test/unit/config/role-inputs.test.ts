// role-inputs: the four role inputs into the role to assume, every problem at once; stray role options refused.
import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS } from '../../../src/config/action-contract.js';
import type { InputProblem, OptionalInput } from '../../../src/config/input-values.js';
import { defaultSessionName, parseRole } from '../../../src/config/role-inputs.js';

const arn = 'arn:aws:iam::111122223333:role/partner-release';
const run = { repository: 'octo/repo', runId: 99 };

/** The inputs as the runner gives them: every one not set at its action.yml default. */
function role(given: Partial<Record<OptionalInput, string>>, problems: InputProblem[] = []) {
  const value = (name: OptionalInput) => given[name] ?? INPUT_DEFAULTS[name];
  return { role: parseRole(value, run, problems), problems };
}

describe('parseRole', () => {
  it('is no role, and no problem, when role-to-assume and the others are at their defaults', () => {
    expect(role({})).toEqual({ role: undefined, problems: [] });
  });

  it('builds the role with the defaults and a session name from the run', () => {
    expect(role({ 'role-to-assume': arn })).toEqual({
      role: {
        roleArn: arn,
        sessionName: 'GitHubActions-repo-99',
        audience: 'sts.amazonaws.com',
        durationSeconds: 900,
      },
      problems: [],
    });
  });

  it('takes the session name, audience and duration given', () => {
    expect(
      role({
        'role-to-assume': arn,
        'role-session-name': 'release@octo.repo',
        audience: 'https://example.com/aud',
        'role-duration-seconds': '43200',
      }).role,
    ).toEqual({
      roleArn: arn,
      sessionName: 'release@octo.repo',
      audience: 'https://example.com/aud',
      durationSeconds: 43200,
    });
  });

  it.each([
    'arn:aws:iam::111122223333:role/path/to/role+=,.@-_',
    'arn:aws-cn:iam::111122223333:role/r',
    'arn:aws-us-gov:iam::111122223333:role/r',
    'arn:aws-eusc:iam::111122223333:role/r',
    `arn:aws:iam::111122223333:role/${'r'.repeat(512)}`,
  ])('takes the role ARN %s', (roleArn) => {
    expect(role({ 'role-to-assume': roleArn }).role?.roleArn).toBe(roleArn);
  });

  it.each([
    'partner-release',
    'arn:aws:iam::11112222333:role/r',
    'arn:aws:iam::111122223333:user/r',
    'arn:aws:iam::111122223333:role/',
    'arn:aws:sts::111122223333:role/r',
    'arn:aws-moon:iam::111122223333:role/r',
    'arn:aws:iam::111122223333:role/has space',
    `arn:aws:iam::111122223333:role/${'r'.repeat(513)}`,
    ` ${arn}`,
  ])('refuses the role ARN %j, with an example', (roleArn) => {
    expect(role({ 'role-to-assume': roleArn })).toEqual({
      role: undefined,
      problems: [
        {
          input: 'role-to-assume',
          // An over-long ARN is cut before its last run of token characters (no piece of a token is shown).
          message: `role-to-assume must be an IAM role ARN such as arn:aws:iam::111122223333:role/partner-release, got ${JSON.stringify(roleArn.trim().length > 80 ? 'arn:aws:iam::111122223333:…' : roleArn.trim())}`,
        },
      ],
    });
  });

  it.each(['a', 'a b', 'x'.repeat(65), 'name/with/slash', 'ünicode'])(
    'refuses the session name %j',
    (name) => {
      const r = role({ 'role-to-assume': arn, 'role-session-name': name });
      expect(r.role).toBeUndefined();
      expect(r.problems.map((p) => p.input)).toEqual(['role-session-name']);
      expect(r.problems[0]?.message).toMatch(
        /^role-session-name must be 2 to 64 of the characters A-Z a-z 0-9 _ \+ = , \. @ -, got "/,
      );
    },
  );

  it('takes a session name of 2 and of 64 characters', () => {
    expect(role({ 'role-to-assume': arn, 'role-session-name': 'ab' }).role?.sessionName).toBe('ab');
    const long = 'x'.repeat(64);
    expect(role({ 'role-to-assume': arn, 'role-session-name': long }).role?.sessionName).toBe(long);
  });

  it.each(['', 'has space', 'tab\there', 'x'.repeat(257), 'naïve'])(
    'refuses the audience %j',
    (audience) => {
      const r = role({ 'role-to-assume': arn, audience });
      expect(r.role).toBeUndefined();
      expect(r.problems).toEqual([
        {
          input: 'audience',
          message: expect.stringMatching(
            /^audience must be 1 to 256 printable characters without spaces, got "/,
          ),
        },
      ]);
    },
  );

  it.each(['899', '43201', '3600s', ''])('refuses the duration %j, naming its range', (raw) => {
    expect(role({ 'role-to-assume': arn, 'role-duration-seconds': raw }).problems).toEqual([
      {
        input: 'role-duration-seconds',
        message: `role-duration-seconds must be a whole number from 900 to 43200, got ${JSON.stringify(raw)}`,
      },
    ]);
  });

  it('reports all four problems at once, in input order', () => {
    const r = role({
      'role-to-assume': 'partner-release',
      'role-session-name': 'a b',
      audience: 'has space',
      'role-duration-seconds': '60',
    });
    expect(r.role).toBeUndefined();
    expect(r.problems.map((p) => p.input)).toEqual([
      'role-to-assume',
      'role-session-name',
      'audience',
      'role-duration-seconds',
    ]);
  });

  it('judges only its own problems, whatever other inputs already reported', () => {
    const r = role({ 'role-to-assume': arn }, [{ input: 'catalog', message: 'earlier' }]);
    expect(r.role?.roleArn).toBe(arn);
    expect(r.problems).toEqual([{ input: 'catalog', message: 'earlier' }]);
  });

  describe('without role-to-assume', () => {
    it.each([
      ['role-session-name', 'mine'],
      ['audience', 'sigstore'],
      ['role-duration-seconds', '3600'],
    ] as const)('refuses %s given as %s, saying to set role-to-assume or remove it', (name, v) => {
      expect(role({ [name]: v })).toEqual({
        role: undefined,
        problems: [
          {
            input: name,
            message: `${name} is "${v}" but role-to-assume is not set; set role-to-assume too, or remove ${name}`,
          },
        ],
      });
    });

    it('refuses every stray option at once, in input order', () => {
      const r = role({
        'role-duration-seconds': '3600',
        audience: 'sigstore',
        'role-session-name': 'mine',
      });
      expect(r.problems.map((p) => p.input)).toEqual([
        'role-session-name',
        'audience',
        'role-duration-seconds',
      ]);
    });

    it('takes an option set to its default as not given', () => {
      expect(
        role({
          'role-session-name': INPUT_DEFAULTS['role-session-name'],
          audience: INPUT_DEFAULTS.audience,
          'role-duration-seconds': INPUT_DEFAULTS['role-duration-seconds'],
        }),
      ).toEqual({ role: undefined, problems: [] });
    });

    it('refuses an emptied audience too: it differs from the default', () => {
      expect(role({ audience: '' }).problems[0]?.message).toBe(
        'audience is "" but role-to-assume is not set; set role-to-assume too, or remove audience',
      );
    });
  });
});

describe('defaultSessionName', () => {
  it('names the repository (without its owner) and the run', () => {
    expect(defaultSessionName({ repository: 'octo/repo', runId: 99 })).toBe(
      'GitHubActions-repo-99',
    );
    expect(defaultSessionName({ repository: 'octo/repo', runId: '12' })).toBe(
      'GitHubActions-repo-12',
    );
  });

  it('leaves out what the run does not say', () => {
    expect(defaultSessionName({ repository: 'octo/repo' })).toBe('GitHubActions-repo');
    expect(defaultSessionName({ runId: 5 })).toBe('GitHubActions-5');
    expect(defaultSessionName({ repository: 'repo' })).toBe('GitHubActions-repo');
    expect(defaultSessionName({ repository: 'octo/', runId: 0 })).toBe('GitHubActions-0');
  });

  it('replaces characters STS refuses and keeps to 64, always a name parseRole takes', () => {
    const names = [
      defaultSessionName({ repository: 'o/my repo:ü', runId: 1 }),
      defaultSessionName({ repository: `o/${'r'.repeat(100)}`, runId: 123456789 }),
    ];
    expect(names[0]).toBe('GitHubActions-my-repo---1');
    expect(names[1]).toHaveLength(64);
    for (const sessionName of names) expect(sessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
