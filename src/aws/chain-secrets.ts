// The secrets the AWS credential chain may use on its way to the step's credentials (a source profile's keys, an SSO or login token, a web identity token), so the gate knows them before a source quotes one back.
import path from 'node:path';

/** What reading them needs: node:fs/promises in main.ts, a fake in tests. */
export interface SecretFiles {
  readFile(file: string, encoding: 'utf8'): Promise<string>;
  readdir(directory: string): Promise<string[]>;
}

/** A file larger than this is no credentials file: not read. */
const MAX_FILE_CHARS = 1024 * 1024;
/** The shared config and credentials files' keys whose values are secret. */
const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);
/** The secret members of the SDK's token caches (~/.aws/sso/cache, ~/.aws/login/cache), at any depth. */
const CACHE_MEMBERS = new Set([
  'accessToken',
  'refreshToken',
  'clientSecret',
  'secretAccessKey',
  'sessionToken',
  'dpopKey',
]);

/**
 * Every secret the chain could read: the container credentials' authorization token, the web identity token
 * file, the keys and session tokens of every profile in the shared config and credentials files, and the SSO
 * token cache. Files that are missing or unreadable are skipped: the chain reports on them itself.
 */
export async function chainSecrets(
  env: Record<string, string | undefined>,
  home: string,
  files: SecretFiles,
): Promise<string[]> {
  const read = async (file: string) => {
    const text = await files.readFile(file, 'utf8').catch(() => '');
    return text.length > MAX_FILE_CHARS ? '' : text;
  };
  const found = [env.AWS_CONTAINER_AUTHORIZATION_TOKEN];
  for (const variable of [
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  ]) {
    const file = env[variable];
    if (file) found.push((await read(file)).trim());
  }
  const aws = path.join(home, '.aws');
  // The SDK reads a leading ~/ in these as the home directory.
  const expand = (file: string) => (file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
  for (const file of [
    env.AWS_CONFIG_FILE || path.join(aws, 'config'),
    env.AWS_SHARED_CREDENTIALS_FILE || path.join(aws, 'credentials'),
  ])
    found.push(...iniSecrets(await read(expand(file))));
  for (const cache of [
    path.join(aws, 'sso', 'cache'),
    expand(env.AWS_LOGIN_CACHE_DIRECTORY || path.join(aws, 'login', 'cache')),
  ]) {
    for (const name of await files.readdir(cache).catch((): string[] => [])) {
      if (name.endsWith('.json')) found.push(...cacheSecrets(await read(path.join(cache, name))));
    }
  }
  return found.filter((v): v is string => Boolean(v));
}

/** `key = value` lines of an ini file whose key is secret, read line by line (no pattern over the file). */
function iniSecrets(text: string): string[] {
  const values: string[] = [];
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    if (SECRET_KEYS.has(line.slice(0, eq).trim().toLowerCase()))
      values.push(line.slice(eq + 1).trim());
  }
  return values;
}

/** A token cache file's secret members, however deep (the login cache nests its credentials). */
function cacheSecrets(text: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 4) return;
    for (const [key, member] of Object.entries(value)) {
      if (typeof member === 'string' && CACHE_MEMBERS.has(key)) found.push(member);
      else walk(member, depth + 1);
    }
  };
  try {
    walk(JSON.parse(text), 0);
  } catch {
    // Not JSON: not a cache file the SDK would use either.
  }
  return found;
}
