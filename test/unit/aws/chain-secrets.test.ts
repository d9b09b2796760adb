// The chain's own secrets, read from a temporary home: profiles, the SSO cache, token files; missing files skipped.
import * as fs from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainSecrets } from '../../../src/aws/chain-secrets.js';
import {
  githubJwt,
  secretAccessKey,
  stsSessionToken,
  temporaryCredentials,
  unrelatedSecret,
} from '../../fixtures/real-secrets.mjs';

const src = temporaryCredentials('chain-src');
const webIdentity = githubJwt({ aud: 'sts.amazonaws.com', sub: 'repo:o/r:ref:refs/heads/main' });
// The fixture has no shape for SSO and container tokens: these are the named exception (unrelatedSecret).
const containerToken = unrelatedSecret('container-token');
const ssoAccess = unrelatedSecret('sso-access');
const ssoRefresh = unrelatedSecret('sso-refresh');
const elsewhereSecret = secretAccessKey('chain-elsewhere');
const loginCreds = temporaryCredentials('chain-login');
const loginRefresh = unrelatedSecret('login-refresh');
const tildeSession = stsSessionToken('chain-tilde');

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'chain-secrets-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('chainSecrets', () => {
  it('reads every secret the chain could use, and nothing else', async () => {
    await fs.mkdir(path.join(home, '.aws', 'sso', 'cache'), { recursive: true });
    await fs.writeFile(
      path.join(home, '.aws', 'credentials'),
      `[src]\naws_access_key_id = ${src.accessKeyId}\naws_secret_access_key = ${src.secretAccessKey}\r\nAWS_SESSION_TOKEN=${src.sessionToken}\n`,
    );
    await fs.writeFile(
      path.join(home, '.aws', 'config'),
      '[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = src\ncredential_process = /bin/true\n',
    );
    await fs.writeFile(
      path.join(home, '.aws', 'sso', 'cache', 'abc.json'),
      JSON.stringify({
        accessToken: ssoAccess,
        refreshToken: ssoRefresh,
        expiresAt: 'x',
      }),
    );
    await fs.writeFile(path.join(home, '.aws', 'sso', 'cache', 'broken.json'), '{not json');
    const tokenFile = path.join(home, 'web-identity');
    await fs.writeFile(tokenFile, `${webIdentity}\n`);
    const found = await chainSecrets(
      {
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: containerToken,
      },
      home,
      fs,
    );
    expect(found.sort()).toEqual(
      [
        containerToken,
        webIdentity,
        src.secretAccessKey,
        src.sessionToken,
        ssoAccess,
        ssoRefresh,
      ].sort(),
    );
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, and skips what is missing', async () => {
    const credentials = path.join(home, 'creds');
    await fs.writeFile(credentials, `[default]\naws_secret_access_key=${elsewhereSecret}\n`);
    expect(
      await chainSecrets(
        {
          AWS_SHARED_CREDENTIALS_FILE: credentials,
          AWS_CONFIG_FILE: path.join(home, 'missing'),
          AWS_WEB_IDENTITY_TOKEN_FILE: path.join(home, 'missing-too'),
        },
        home,
        fs,
      ),
    ).toEqual([elsewhereSecret]);
    expect(await chainSecrets({}, path.join(home, 'nobody'), fs)).toEqual([]);
  });

  it('reads the login cache (nested) and expands ~/ as the SDK does', async () => {
    const login = path.join(home, 'login-cache');
    await fs.mkdir(login);
    await fs.writeFile(
      path.join(login, 'abc.json'),
      JSON.stringify({
        accessToken: {
          accessKeyId: loginCreds.accessKeyId,
          secretAccessKey: loginCreds.secretAccessKey,
          sessionToken: loginCreds.sessionToken,
        },
        refreshToken: loginRefresh,
        clientId: 'not-secret',
      }),
    );
    await fs.mkdir(path.join(home, 'sub'));
    await fs.writeFile(
      path.join(home, 'sub', 'creds'),
      `[src]\naws_session_token = ${tildeSession}\n`,
    );
    const found = await chainSecrets(
      { AWS_LOGIN_CACHE_DIRECTORY: login, AWS_SHARED_CREDENTIALS_FILE: '~/sub/creds' },
      home,
      fs,
    );
    expect(found.sort()).toEqual(
      [loginRefresh, loginCreds.secretAccessKey, loginCreds.sessionToken, tildeSession].sort(),
    );
  });
});
