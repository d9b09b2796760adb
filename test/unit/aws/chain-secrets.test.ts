// The chain's own secrets, read from a temporary home: profiles, the SSO cache, token files; missing files skipped.
import * as fs from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainSecrets } from '../../../src/aws/chain-secrets.js';

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
      '[src]\naws_access_key_id = AKIANOTSECRET\naws_secret_access_key = srcSecretKey0123456789\r\nAWS_SESSION_TOKEN=srcSessionToken0123\n',
    );
    await fs.writeFile(
      path.join(home, '.aws', 'config'),
      '[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = src\ncredential_process = /bin/true\n',
    );
    await fs.writeFile(
      path.join(home, '.aws', 'sso', 'cache', 'abc.json'),
      JSON.stringify({
        accessToken: 'ssoAccessToken0123',
        refreshToken: 'ssoRefresh0123',
        expiresAt: 'x',
      }),
    );
    await fs.writeFile(path.join(home, '.aws', 'sso', 'cache', 'broken.json'), '{not json');
    const tokenFile = path.join(home, 'web-identity');
    await fs.writeFile(tokenFile, 'eyJweb.identity.token\n');
    const found = await chainSecrets(
      {
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'containerToken0123',
      },
      home,
      fs,
    );
    expect(found.sort()).toEqual(
      [
        'containerToken0123',
        'eyJweb.identity.token',
        'srcSecretKey0123456789',
        'srcSessionToken0123',
        'ssoAccessToken0123',
        'ssoRefresh0123',
      ].sort(),
    );
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, and skips what is missing', async () => {
    const credentials = path.join(home, 'creds');
    await fs.writeFile(credentials, '[default]\naws_secret_access_key=elsewhereSecret01234\n');
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
    ).toEqual(['elsewhereSecret01234']);
    expect(await chainSecrets({}, path.join(home, 'nobody'), fs)).toEqual([]);
  });

  it('reads the login cache (nested) and expands ~/ as the SDK does', async () => {
    const login = path.join(home, 'login-cache');
    await fs.mkdir(login);
    await fs.writeFile(
      path.join(login, 'abc.json'),
      JSON.stringify({
        accessToken: {
          accessKeyId: 'ASIANOTSECRET',
          secretAccessKey: 'loginSecret0123',
          sessionToken: 'loginSession0123',
        },
        refreshToken: 'loginRefresh0123',
        clientId: 'not-secret',
      }),
    );
    await fs.mkdir(path.join(home, 'sub'));
    await fs.writeFile(
      path.join(home, 'sub', 'creds'),
      '[src]\naws_session_token = tildeSession0123\n',
    );
    const found = await chainSecrets(
      { AWS_LOGIN_CACHE_DIRECTORY: login, AWS_SHARED_CREDENTIALS_FILE: '~/sub/creds' },
      home,
      fs,
    );
    expect(found.sort()).toEqual(
      ['loginRefresh0123', 'loginSecret0123', 'loginSession0123', 'tildeSession0123'].sort(),
    );
  });
});
