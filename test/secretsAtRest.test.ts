import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseLocation } from '../src/config.js';
import type { SeedFile } from '../src/domain/seed.js';
import { WrongServerKeyError } from '../src/secrets/storedSecrets.js';
import { dumpDatabase } from './databaseRows.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { TINY_PNG, uploadMedia } from './media.js';
import { cliEnv, runCli } from './cliProcess.js';
import { newLastingTestDatabase } from './testDatabase.js';
import { call } from './webClientSession.js';

const dir = mkdtempSync(join(tmpdir(), 'dingo-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Known secrets, each long and unlike anything else stored, so finding one is never a coincidence. */
const KNOWN = {
  appSecret: 'app-secret-7Qm2ZpK9wX4v',
  suiteSecret: 'suite-secret-Hn5Rc8Lt3Yb1',
  password: 'password-Ud6Fs2Jk9Ea4',
  adminPassword: 'admin-password-Wc3Np7Gx5Vr8',
  customRobotToken: 'hook-token-Bz4Tq1Me6Ks9',
  customRobotSecret: 'SECsigning-secret-Pl8Dy3Hw7Cf2',
};

const SEED: SeedFile = {
  corps: [
    {
      corpId: 'corpS',
      name: 'Corp S',
      users: [
        { userId: 'admin', name: 'Admin', password: KNOWN.adminPassword, admin: true },
        { userId: 'sam', name: 'Sam', password: KNOWN.password },
      ],
      apps: [{ appKey: 'appS', appSecret: KNOWN.appSecret, name: 'App S', robots: [{ name: 'Robot S', receive: 'http', callbackUrl: 'http://127.0.0.1:9/hook' }] }],
      groups: [
        {
          openConversationId: 'cidGroupS==',
          title: 'Team S',
          owner: 'sam',
          members: ['sam', 'admin'],
          customRobots: [{ name: 'Alerts', accessToken: KNOWN.customRobotToken, secret: KNOWN.customRobotSecret }],
        },
      ],
    },
  ],
  suites: [{ suiteKey: 'suiteS', suiteSecret: KNOWN.suiteSecret, name: 'Suite S', authorizedCorps: ['corpS'], robots: [{ robotCode: 'suiteBot', name: 'Suite Bot' }] }],
};

/** The forms a secret could be written in: as text, and its bytes as hex and base64 (and a hex value's own bytes). */
function storedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')];
  if (/^[0-9a-f]+$/.test(secret) && secret.length % 2 === 0) forms.push(Buffer.from(secret, 'hex').toString('latin1'));
  return forms;
}

function signIn(dingo: TestDingo, userId: string, password: string) {
  return dingo.http('/api/session', { method: 'POST', json: { corpId: 'corpS', userId, password } });
}

/** The secret part of a session cookie `dingo_session=<corp>.<secret>`. */
function sessionSecretOf(setCookie: string | null): string {
  const value = decodeURIComponent((setCookie ?? '').split(';')[0]!.split('=')[1] ?? '');
  const secret = value.split('.')[1];
  expect(secret).toMatch(/^[\w-]{40,}$/);
  return secret!;
}

/** Everything an attacker with a copy of the database could read: the SQLite files' raw bytes, or every row of PostgreSQL. */
async function databaseCopy(location: DatabaseLocation): Promise<string> {
  if (location.kind === 'postgres') return JSON.stringify(await dumpDatabase(location));
  return ['', '-wal', '-shm']
    .map((suffix) => `${location.file}${suffix}`)
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('secrets at rest', () => {
  it('a copy of the database holds none of the seed’s secrets and passwords, nor the tokens and session ids handed out; they all still work', async () => {
    const location = await newLastingTestDatabase(join(dir, 'data', 'dingo.db'));
    const dingo = await startTestDingo({ db: location, secretKeyFile: join(dir, 'data', 'secret.key') }, SEED);
    const handedOut: string[] = [];
    try {
      const appToken = await dingo.appToken('appS', KNOWN.appSecret);
      const legacy = await dingo.http(`/gettoken?appkey=appS&appsecret=${KNOWN.appSecret}`);
      expect(legacy.body.access_token).toBe(appToken);
      const suiteToken = await dingo.http('/v1.0/oauth2/corpAccessToken', {
        method: 'POST',
        json: { suiteKey: 'suiteS', suiteSecret: KNOWN.suiteSecret, authCorpId: 'corpS', suiteTicket: 'ticket' },
      });
      expect(suiteToken.status).toBe(200);
      handedOut.push(appToken, suiteToken.body.accessToken);

      const sam = await signIn(dingo, 'sam', KNOWN.password);
      const admin = await signIn(dingo, 'admin', KNOWN.adminPassword);
      expect([sam.status, admin.status]).toEqual([200, 200]);
      const adminCookie = (admin.headers.get('set-cookie') ?? '').split(';')[0]!;
      handedOut.push(sessionSecretOf(sam.headers.get('set-cookie')), sessionSecretOf(admin.headers.get('set-cookie')));

      const created = await call(dingo, adminCookie, `/api/console/groups/${encodeURIComponent('cidGroupS==')}/customRobots`, {
        method: 'POST',
        json: { name: 'Grafana', keywords: [], ipRanges: [], signed: true },
      });
      const grafana = (created.body.customRobots as Array<{ name: string; accessToken: string; secret: string }>).find((r) => r.name === 'Grafana')!;
      handedOut.push(grafana.accessToken, grafana.secret);
      expect((await uploadMedia(dingo, appToken, 'image', TINY_PNG)).status).toBe(200);

      // The tokens still authenticate, the seed's custom robot still checks its sign.
      expect((await dingo.http('/v1.0/robot/oToMessages/batchSend', { method: 'POST', token: suiteToken.body.accessToken, json: { robotCode: 'suiteBot', userIds: ['sam'], msgKey: 'sampleText', msgParam: '{"content":"x"}' } })).status).toBe(200);
      expect(await dingo.appToken('appS', KNOWN.appSecret)).toBe(appToken);

      if (location.kind === 'sqlite') {
        for (const path of [location.file, `${location.file}-wal`, join(dir, 'data', 'secret.key')]) expect(statSync(path).mode & 0o777, path).toBe(0o600);
        expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
      }
      const copy = await databaseCopy(location);
      expect(copy).toContain('corpS'); // the copy is the database: its plain data is there
      for (const secret of [...Object.values(KNOWN), ...handedOut]) {
        for (const form of storedForms(secret)) expect(copy.includes(form), `${secret} as ${form}`).toBe(false);
      }
    } finally {
      await dingo.close();
    }
    const copyAfterClose = await databaseCopy(location);
    for (const secret of [...Object.values(KNOWN), ...handedOut]) expect(copyAfterClose.includes(secret), secret).toBe(false);
  });

  it('creates the key file, the SQLite files and the files directory readable by their owner only, and so makes a database file an older Dingo left readable to all', async () => {
    const location = await newLastingTestDatabase(join(dir, 'modes', 'dingo.db'));
    const keyFile = join(dir, 'modes', 'secret.key');
    if (location.kind === 'sqlite') {
      mkdirSync(join(dir, 'modes'));
      writeFileSync(location.file, '', { mode: 0o644 });
    }
    const dingo = await startTestDingo({ db: location, secretKeyFile: location.kind === 'sqlite' ? undefined : keyFile }, SEED);
    try {
      expect((await uploadMedia(dingo, await dingo.appToken('appS', KNOWN.appSecret), 'image', TINY_PNG)).status).toBe(200);
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(keyFile)).toBe(0o600);
      expect(readFileSync(keyFile, 'utf8')).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
      if (location.kind === 'sqlite') {
        for (const file of ['dingo.db', 'dingo.db-wal', 'dingo.db-shm']) expect(mode(join(dir, 'modes', file)), file).toBe(0o600);
        expect(mode(join(dir, 'modes', 'files'))).toBe(0o700);
      }
    } finally {
      await dingo.close();
    }
  });

  it('`dingo rotate-key` seals everything under a new key: tokens, secrets and custom robots keep working with it, the old key opens nothing', async () => {
    const location = await newLastingTestDatabase(join(dir, 'rotation', 'dingo.db'));
    const [oldKey, newKey] = [join(dir, 'rotation', 'old.key'), join(dir, 'rotation', 'new.key')];
    const before = await startTestDingo({ db: location, secretKeyFile: oldKey }, SEED);
    const token = await before.appToken('appS', KNOWN.appSecret);
    await before.close();

    const dbArgument = location.kind === 'sqlite' ? `sqlite:${location.file}` : location.url;
    const rotated = await runCli(['rotate-key', '--db', dbArgument, '--secret-key-file', oldKey, '--new-key-file', newKey], cliEnv());
    expect(rotated, rotated.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining(newKey) });
    expect(statSync(newKey).mode & 0o777).toBe(0o600);

    await expect(startTestDingo({ db: location, secretKeyFile: oldKey }, SEED)).rejects.toThrow(WrongServerKeyError);
    const after = await startTestDingo({ db: location, secretKeyFile: newKey }, SEED);
    try {
      expect(await after.appToken('appS', KNOWN.appSecret)).toBe(token);
      const posted = await after.http(`/robot/send?access_token=${KNOWN.customRobotToken}&${signedQuery(KNOWN.customRobotSecret)}`, { method: 'POST', json: { msgtype: 'text', text: { content: 'rotated' } } });
      expect(posted.body).toMatchObject({ errcode: 0 });
    } finally {
      await after.close();
    }
  });
});

/** A custom robot's `timestamp` and `sign` (DingTalk's: base64 HMAC-SHA256 of timestamp + "\n" + secret). */
function signedQuery(secret: string): string {
  const timestamp = String(Date.now());
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return new URLSearchParams({ timestamp, sign }).toString();
}
