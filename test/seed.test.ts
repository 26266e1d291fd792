import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { Config } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import type { DatabaseLocation } from '../src/config.js';
import { startDingo, type Dingo } from '../src/dingo.js';
import { DEMO_DIRECTORY } from '../src/domain/directory.js';
import { parseSeed, readSeedFile, SeedError, type SeedFile } from '../src/domain/seed.js';
import { oauthSdk, robotSdk, sdkError, TEST_CONFIG } from './harness.js';
import { dumpDatabase, executeSql, type DatabaseDump } from './databaseRows.js';
import { CUSTOM_ROBOT_SEED } from './customRobotSeed.js';
import { TEST_DIRECTORY } from './directory.js';
import { newLastingTestDatabase } from './testDatabase.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dingo-seed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the test directory to break. */
const directory = (): SeedFile => structuredClone(TEST_DIRECTORY);

/** The SeedError parseSeed throws for `content`, or a failure when it accepted it. */
function seedError(content: string | SeedFile, file = 'seed.json'): SeedError {
  try {
    parseSeed(typeof content === 'string' ? content : JSON.stringify(content), file);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedError);
    return error as SeedError;
  }
  throw new Error('parseSeed accepted the file');
}

describe('parseSeed', () => {
  it('accepts the test directory as JSON and returns it unchanged', () => {
    expect(parseSeed(JSON.stringify(TEST_DIRECTORY), 'seed.json')).toEqual(TEST_DIRECTORY);
  });

  it('reads .yaml and .yml files as YAML, giving the same directory as JSON', () => {
    const yaml = toYaml(TEST_DIRECTORY);
    expect(parseSeed(yaml, 'seed.yaml')).toEqual(TEST_DIRECTORY);
    expect(parseSeed(yaml, 'SEED.YML')).toEqual(TEST_DIRECTORY);
    // The same text under a .json name is JSON, and YAML is not JSON.
    expect(seedError(yaml, 'seed.json').message).toMatch(/^seed\.json: is not valid JSON: /);
  });

  it('accepts the demo directory', () => {
    expect(parseSeed(JSON.stringify(DEMO_DIRECTORY), 'demo.json')).toEqual(DEMO_DIRECTORY);
  });

  it('names the file, the path and the problem in its error', () => {
    const seed = directory();
    delete (seed.corps[0]!.apps![0] as { appSecret?: string }).appSecret;
    const error = seedError(seed, 'conf/dingo.json');
    expect(error).toMatchObject({ file: 'conf/dingo.json', path: 'corps[0].apps[0].appSecret', problem: 'is required' });
    expect(error.message).toBe('conf/dingo.json: corps[0].apps[0].appSecret: is required');
  });

  it('refuses invalid JSON', () => {
    expect(seedError('{"corps": [}').message).toBe(`seed.json: is not valid JSON: Unexpected token '}', "{"corps": [}" is not valid JSON`);
  });

  it('refuses invalid YAML with the line and column', () => {
    expect(seedError('corps:\n  - corpId: a\n   name: b\n', 'seed.yml').message).toBe(
      'seed.yml: is not valid YAML (line 3, column 1): Sequence item without - indicator',
    );
    expect(seedError('corps: []\ncorps: []\n', 'seed.yaml').message).toBe('seed.yaml: is not valid YAML (line 2, column 1): Map keys must be unique');
  });

  it('refuses a file that is not an object with corps', () => {
    expect(seedError('[]').message).toBe('seed.json: must be object');
    expect(seedError('', 'seed.yaml').message).toBe('seed.yaml: must be object');
    expect(seedError('{}').message).toBe('seed.json: corps: is required');
  });

  it('refuses a missing required field', () => {
    const seed = directory();
    delete (seed.corps[1]!.users![0] as { name?: string }).name;
    expect(seedError(seed).message).toBe('seed.json: corps[1].users[0].name: is required');
  });

  it('refuses a value of the wrong type', () => {
    const asString = { corps: [{ corpId: 'c', name: 'C', users: 'alice' }] };
    expect(seedError(JSON.stringify(asString)).message).toBe('seed.json: corps[0].users: must be array');
    const numberId = { corps: [{ corpId: 'c', name: 'C', users: [{ userId: 42, name: 'X' }] }] };
    expect(seedError(JSON.stringify(numberId)).message).toBe('seed.json: corps[0].users[0].userId: must be string');
    const admin = { corps: [{ corpId: 'c', name: 'C', users: [{ userId: 'u', name: 'U', admin: 'yes' }] }] };
    expect(seedError(JSON.stringify(admin)).message).toBe('seed.json: corps[0].users[0].admin: must be boolean');
  });

  it('refuses an empty identifier', () => {
    const seed = directory();
    seed.corps[0]!.corpId = '';
    expect(seedError(seed).message).toBe('seed.json: corps[0].corpId: must not be empty');
  });

  it('refuses a field the seed format does not have', () => {
    const seed = directory() as SeedFile & { corps: Array<Record<string, unknown>> };
    seed.corps[0]!.colour = 'blue';
    expect(seedError(seed).message).toBe('seed.json: corps[0].colour: is not a field of the seed format');
    const top = { ...directory(), version: 2 };
    expect(seedError(JSON.stringify(top)).message).toBe('seed.json: version: is not a field of the seed format');
  });

  it('refuses an app type other than internal', () => {
    const seed = directory();
    (seed.corps[0]!.apps![0] as { type?: string }).type = 'suite';
    expect(seedError(seed).message).toBe('seed.json: corps[0].apps[0].type: must be "internal"');
  });

  it("checks a robot's receive mode: http needs an http(s) callbackUrl, which only http takes", () => {
    const withRobot = (robot: Record<string, unknown>) => {
      const seed = directory();
      seed.corps[0]!.apps![0]!.robots![0] = { name: 'R', ...robot } as never;
      return seed;
    };
    expect(() => parseSeed(JSON.stringify(withRobot({ receive: 'http', callbackUrl: 'https://bot.example/callback' })), 'seed.json')).not.toThrow();
    expect(() => parseSeed(JSON.stringify(withRobot({ receive: 'none' })), 'seed.json')).not.toThrow();
    expect(seedError(withRobot({ receive: 'http' })).message).toBe('seed.json: corps[0].apps[0].robots[0].callbackUrl: is required when receive is "http"');
    expect(seedError(withRobot({ receive: 'http', callbackUrl: 'ftp://bot.example' })).message).toBe(
      'seed.json: corps[0].apps[0].robots[0].callbackUrl: must be an http:// or https:// URL, got "ftp://bot.example"',
    );
    expect(seedError(withRobot({ callbackUrl: 'https://bot.example' })).message).toBe('seed.json: corps[0].apps[0].robots[0].callbackUrl: is only for receive: "http"');
    expect(seedError(withRobot({ receive: 'webhook' })).message).toBe('seed.json: corps[0].apps[0].robots[0].receive: must be one of "stream", "http", "none"');
  });

  it('refuses a duplicate userId in one corp (the same userId in two corps is fine)', () => {
    const seed = directory();
    seed.corps[0]!.users!.push({ userId: 'bob', name: 'Bob again' });
    expect(seedError(seed).message).toBe('seed.json: corps[0].users[4].userId: userId "bob" is already used at corps[0].users[1].userId');
    // corpA and corpB both have an "alice": users are per corp.
    expect(() => parseSeed(JSON.stringify(directory()), 'seed.json')).not.toThrow();
  });

  it('refuses a robot status other than enabled or stopped', () => {
    const seed = directory();
    (seed.corps[0]!.apps![0]!.robots![1] as { status: string }).status = 'paused';
    expect(seedError(seed).message).toBe('seed.json: corps[0].apps[0].robots[1].status: must be one of "enabled", "stopped"');
  });

  it('refuses two robots with the same code in one corp, also when one code is implied by the appKey', () => {
    const seed = directory();
    seed.corps[0]!.apps![1]!.robots!.push({ robotCode: 'appA', name: 'Impostor' });
    expect(seedError(seed).message).toBe('seed.json: corps[0].apps[1].robots[1]: robotCode "appA" is already used at corps[0].apps[0].robots[0]');
  });

  it('refuses a person-to-person chat without exactly two different members', () => {
    const one = directory();
    one.corps[0]!.privateChats![0]!.members = ['alice'];
    expect(seedError(one).message).toBe('seed.json: corps[0].privateChats[0].members: a person-to-person chat has exactly two different members');
    const same = directory();
    same.corps[0]!.privateChats![0]!.members = ['alice', 'alice'];
    expect(seedError(same).message).toBe('seed.json: corps[0].privateChats[0].members: a person-to-person chat has exactly two different members');
    const three = directory();
    three.corps[0]!.privateChats![0]!.members = ['alice', 'bob', 'carol'];
    expect(seedError(three).message).toBe('seed.json: corps[0].privateChats[0].members: a person-to-person chat has exactly two different members');
  });

  it('refuses a person-to-person chat with a member who is not a user of the corp', () => {
    const seed = directory();
    seed.corps[0]!.privateChats![1]!.members = ['carol', 'erin']; // erin is a user of corpB
    expect(seedError(seed).message).toBe('seed.json: corps[0].privateChats[1].members[1]: user "erin" is not a user of corp corpA');
  });

  it('refuses a person-to-person chat naming a cool app the corp does not have', () => {
    const seed = directory();
    seed.corps[0]!.privateChats![1]!.coolApps = ['COOL-B'];
    expect(seedError(seed).message).toBe('seed.json: corps[0].privateChats[1].coolApps[0]: cool app "COOL-B" is not a cool app of corp corpA');
  });

  it('refuses a cool app naming a robot the corp does not have', () => {
    const seed = directory();
    seed.corps[0]!.coolApps!.push({ coolAppCode: 'COOL-X', robotCode: 'appB' }); // appB's robot is in corpB
    expect(seedError(seed).message).toBe('seed.json: corps[0].coolApps[2].robotCode: robot "appB" is not a robot of corp corpA');
    // A suite robot is a robot of the corps that authorised the suite only.
    const suiteRobot = directory();
    suiteRobot.corps[1]!.coolApps!.push({ coolAppCode: 'COOL-S', robotCode: 'suiteBot' });
    expect(seedError(suiteRobot).message).toBe('seed.json: corps[1].coolApps[1].robotCode: robot "suiteBot" is not a robot of corp corpB');
  });

  describe('groups', () => {
    const broken = (change: (group: NonNullable<SeedFile['corps'][number]['groups']>[number], seed: SeedFile) => void, groupIndex = 0): string => {
      const seed = directory();
      change(seed.corps[0]!.groups![groupIndex]!, seed);
      return seedError(seed).message;
    };

    it('accepts a group of one member, its owner, without robots', () => {
      expect(parseSeed(JSON.stringify(TEST_DIRECTORY), 'seed.json').corps[0]?.groups?.[1]).toEqual({
        openConversationId: 'cidQuietGroup==',
        title: 'Quiet',
        owner: 'dave',
        members: ['dave'],
      });
    });

    it('refuses a group without members, title or owner', () => {
      expect(broken((g) => (g.members = []))).toBe('seed.json: corps[0].groups[0].members: must not be empty');
      expect(broken((g) => delete (g as { title?: string }).title)).toBe('seed.json: corps[0].groups[0].title: is required');
      expect(broken((g) => delete (g as { owner?: string }).owner)).toBe('seed.json: corps[0].groups[0].owner: is required');
    });

    it('refuses an owner who is not a member, or not a user of the corp', () => {
      expect(broken((g) => (g.owner = 'dave'))).toBe('seed.json: corps[0].groups[0].owner: the owner "dave" must be one of the members');
      expect(broken((g) => (g.owner = 'erin'))).toBe('seed.json: corps[0].groups[0].owner: user "erin" is not a user of corp corpA');
    });

    it('refuses a member who is not a user of the corp, and a member listed twice', () => {
      expect(broken((g) => (g.members = ['alice', 'erin']))).toBe('seed.json: corps[0].groups[0].members[1]: user "erin" is not a user of corp corpA');
      expect(broken((g) => (g.members = ['alice', 'bob', 'alice']))).toBe(
        'seed.json: corps[0].groups[0].members[2]: member "alice" is already used at corps[0].groups[0].members[0]',
      );
    });

    it("refuses a robot that is not a robot of the corp: another corp's, or a suite's the corp did not authorise", () => {
      expect(broken((g) => (g.robots = ['appB']))).toBe('seed.json: corps[0].groups[0].robots[0]: robot "appB" is not a robot of corp corpA');
      const seed = directory();
      seed.corps[1]!.groups![0]!.robots = ['suiteBot'];
      expect(seedError(seed).message).toBe('seed.json: corps[1].groups[0].robots[0]: robot "suiteBot" is not a robot of corp corpB');
    });

    it('refuses an openConversationId used twice, by two groups or by a group and a person-to-person chat', () => {
      expect(broken((g) => (g.openConversationId = 'cidGroupA=='), 1)).toBe(
        'seed.json: corps[0].groups[1].openConversationId: openConversationId "cidGroupA==" is already used at corps[0].groups[0].openConversationId',
      );
      expect(broken((g) => (g.openConversationId = 'cidAliceBob=='))).toBe(
        'seed.json: corps[0].groups[0].openConversationId: openConversationId "cidAliceBob==" is already used at corps[0].privateChats[0].openConversationId',
      );
    });

    describe('customRobots', () => {
      const robot = { name: 'Alerts', accessToken: 'tok-1', secret: 'SECabc', keywords: ['alert'], ipRanges: ['127.0.0.1/32', '10.0.0.1', '::1', 'fd00::/8'] };

      it('accepts a custom robot with every setting, and one with none', () => {
        const seed = directory();
        seed.corps[0]!.groups![0]!.customRobots = [robot, { name: 'Open', accessToken: 'tok-2' }];
        expect(parseSeed(JSON.stringify(seed), 'seed.json').corps[0]?.groups?.[0]?.customRobots).toEqual([robot, { name: 'Open', accessToken: 'tok-2' }]);
      });

      it('refuses a token used twice in the deployment, a secret not starting with SEC, a bad IP range, an unknown field', () => {
        const seed = directory();
        seed.corps[0]!.groups![0]!.customRobots = [robot];
        seed.corps[1]!.groups![0]!.customRobots = [{ name: 'Copy', accessToken: 'tok-1' }];
        expect(seedError(seed).message).toBe(
          'seed.json: corps[1].groups[0].customRobots[0].accessToken: accessToken "tok-1" is already used at corps[0].groups[0].customRobots[0].accessToken',
        );
        expect(broken((g) => (g.customRobots = [{ ...robot, secret: 'abc' }]))).toBe('seed.json: corps[0].groups[0].customRobots[0].secret: must start with "SEC"');
        expect(broken((g) => (g.customRobots = [{ ...robot, ipRanges: ['127.0.0.1', '10.0.0.0/33'] }]))).toBe(
          'seed.json: corps[0].groups[0].customRobots[0].ipRanges[1]: must be an IPv4 or IPv6 address, or a CIDR range such as "10.0.0.0/8"',
        );
        expect(broken((g) => (g.customRobots = [{ ...robot, ipRanges: ['localhost'] }]))).toContain('ipRanges[0]: must be an IPv4 or IPv6 address');
        expect(broken((g) => (g.customRobots = [Object.assign({ ...robot }, { token: 'x' })]))).toBe(
          'seed.json: corps[0].groups[0].customRobots[0].token: is not a field of the seed format',
        );
      });
    });

    it('takes a mobile of digits, optionally with a leading + and dashes', () => {
      const seed = directory();
      seed.corps[0]!.users![0]!.mobile = '+86-13800000001';
      expect(parseSeed(JSON.stringify(seed), 'seed.json').corps[0]?.users?.[0]?.mobile).toBe('+86-13800000001');
      seed.corps[0]!.users![0]!.mobile = 'call me';
      expect(seedError(seed).message).toBe('seed.json: corps[0].users[0].mobile: must be a phone number: digits, optionally a leading + and dashes');
    });
  });

  it('refuses a suite authorised by a corp that is not in the file', () => {
    const seed = directory();
    seed.suites![0]!.authorizedCorps = ['corpA', 'corpZ'];
    expect(seedError(seed).message).toBe('seed.json: suites[0].authorizedCorps[1]: corp "corpZ" is not in this file');
  });

  it('refuses an appKey used twice, also across corps and by a suite', () => {
    const acrossCorps = directory();
    acrossCorps.corps[1]!.apps!.push({ appKey: 'appA', appSecret: 'x', name: 'Copy of A' });
    expect(seedError(acrossCorps).message).toBe('seed.json: corps[1].apps[1].appKey: appKey "appA" is already used at corps[0].apps[0].appKey');
    const suite = directory();
    suite.suites![0]!.suiteKey = 'appB';
    expect(seedError(suite).message).toBe('seed.json: suites[0].suiteKey: suiteKey "appB" is already used at corps[1].apps[0].appKey');
  });

  it('refuses a corpId used twice', () => {
    const seed = directory();
    seed.corps[1]!.corpId = 'corpA';
    expect(seedError(seed).message).toBe('seed.json: corps[1].corpId: corpId "corpA" is already used at corps[0].corpId');
  });
});

describe('readSeedFile', () => {
  it('reads a YAML file from disk', async () => {
    const file = join(dir, 'read.yml');
    writeFileSync(file, toYaml(TEST_DIRECTORY));
    expect(await readSeedFile(file)).toEqual(TEST_DIRECTORY);
  });

  it('names a file that cannot be read', async () => {
    const file = join(dir, 'absent.json');
    await expect(readSeedFile(file)).rejects.toThrow(new SeedError(file, '', 'cannot be read (ENOENT)'));
    await expect(readSeedFile(file)).rejects.toThrow(`${file}: cannot be read (ENOENT)`);
  });
});

// ---------------------------------------------------------------------------
// Applying a seed at start, on a database that outlives the Dingos started on it

const DIRECTORY_TABLES = [
  'corps',
  'users',
  'apps',
  'suites',
  'suite_authorizations',
  'robots',
  'cool_apps',
  'private_chats',
  'group_chats',
  'group_chat_members',
  'group_chat_robots',
  'private_chat_members',
  'private_chat_cool_apps',
];

/** A fresh database for one test's Dingos: an SQLite file named `name` in the temp folder, or a PostgreSQL database. */
const newDatabase = (name: string): Promise<DatabaseLocation> => newLastingTestDatabase(join(dir, name));

/** Starts Dingo on `db` with `seed` (a path) or none, as `dingo serve` would. */
function start(db: DatabaseLocation, seed?: string): Promise<Dingo> {
  return startDingo({ ...TEST_CONFIG, db, seed });
}

/** Writes `seed` to a new file in the temp folder. */
function seedFile(name: string, seed: SeedFile): string {
  const file = join(dir, name);
  writeFileSync(file, name.endsWith('.json') ? JSON.stringify(seed, null, 2) : toYaml(seed));
  return file;
}

function sdkClients(dingo: Dingo) {
  const config = new Config({ protocol: 'http', endpoint: new URL(dingo.url).host });
  return { oauth: new oauthSdk.default(config), robot: new robotSdk.default(config) };
}

async function appToken(dingo: Dingo, appKey: string, appSecret: string): Promise<string> {
  const response = await sdkClients(dingo).oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey, appSecret }));
  expect(response.statusCode).toBe(200);
  return response.body?.accessToken as string;
}

async function closeAll(...dingos: Array<Dingo | undefined>): Promise<void> {
  await Promise.all(dingos.map((d) => d?.close()));
}

describe('the directory applied at start', () => {
  it('stops at a seed whose appKey, suiteKey or custom robot token the database gives to another corp, naming the file, the path and the problem, and changes nothing', async () => {
    const db = await newDatabase('conflicts.db');
    await (await start(db, seedFile('first.json', CUSTOM_ROBOT_SEED))).close();
    const before = await dumpDatabase(db);
    const corpC = (fields: Partial<SeedFile['corps'][number]>): SeedFile => ({ corps: [{ corpId: 'corpC', name: 'Corp C', users: [{ userId: 'cat', name: 'Cat' }], ...fields }] });
    const cases: Array<[string, SeedFile, string, string]> = [
      ['app.json', corpC({ apps: [{ appKey: 'ok', appSecret: 's', name: 'OK' }, { appKey: 'appB', appSecret: 's', name: 'Squat' }] }), 'corps[0].apps[1].appKey', 'appKey "appB" is already an app of corp corpB in the database'],
      ['suite-as-app.json', corpC({ apps: [{ appKey: 'suiteS', appSecret: 's', name: 'Squat' }] }), 'corps[0].apps[0].appKey', 'appKey "suiteS" is already a suite\'s key in the database'],
      ['app-as-suite.json', { ...corpC({}), suites: [{ suiteKey: 'appA', suiteSecret: 's' }] }, 'suites[0].suiteKey', 'suiteKey "appA" is already an app of corp corpA in the database'],
      [
        'token.json',
        corpC({ groups: [{ openConversationId: 'cidC', title: 'C', owner: 'cat', members: ['cat'], customRobots: [{ name: 'Hook', accessToken: 'tok-signed' }] }] }),
        'corps[0].groups[0].customRobots[0].accessToken',
        'is already the token of a custom robot of corp corpA in the database',
      ],
    ];
    for (const [name, seed, path, problem] of cases) {
      const file = seedFile(name, seed);
      await expect(start(db, file), name).rejects.toThrow(new SeedError(file, path, problem));
    }
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('applies a seed file idempotently: a second start with the same file changes nothing', async () => {
    const db = await newDatabase('twice.db');
    const seed = seedFile('twice.json', TEST_DIRECTORY);

    const first = await start(db, seed);
    expect(first.directorySource).toBe('seed file');
    await first.close();
    const afterFirst = await dumpDatabase(db);

    const second = await start(db, seed);
    expect(second.directorySource).toBe('seed file');
    await second.close();
    const afterSecond = await dumpDatabase(db);

    expect(afterSecond).toEqual(afterFirst);
    // What was applied is the test directory, once.
    expect(afterFirst.corps).toEqual([
      { corp_id: 'corpA', name: 'Corp A' },
      { corp_id: 'corpB', name: 'Corp B' },
    ]);
    expect(afterFirst.users).toHaveLength(6);
    expect(afterFirst.apps).toHaveLength(4);
    expect(afterFirst.robots).toHaveLength(6); // 4 of corpA's apps, the suite's in corpA, 1 of corpB's app
    expect(afterFirst.suites).toHaveLength(1);
    expect(afterFirst.suite_authorizations).toEqual([{ corp_id: 'corpA', suite_key: 'suiteS' }]);
    expect(afterFirst.private_chat_members).toHaveLength(6);
    expect(afterFirst.group_chats).toHaveLength(3);
    expect(afterFirst.group_chat_members).toHaveLength(6);
    expect(afterFirst.group_chat_robots).toEqual([
      { corp_id: 'corpA', open_conversation_id: 'cidGroupA==', robot_code: 'appA' },
      { corp_id: 'corpA', open_conversation_id: 'cidGroupA==', robot_code: 'robotStopped' },
      { corp_id: 'corpA', open_conversation_id: 'cidGroupA==', robot_code: 'suiteBot' },
      { corp_id: 'corpB', open_conversation_id: 'cidGroupB==', robot_code: 'appB' },
    ]);
    expect(afterFirst.users).toContainEqual(expect.objectContaining({ corp_id: 'corpA', user_id: 'carol', mobile: '13800000003' }));
    // Passwords are stored hashed, never as given.
    const alice = afterFirst.users!.find((u) => u.corp_id === 'corpA' && u.user_id === 'alice');
    expect(alice).toMatchObject({ name: 'Alice', is_admin: 1, password_hash: expect.stringMatching(/^scrypt\$/) });
    expect(JSON.stringify(afterFirst)).not.toContain('alice-pw');
  });

  it('updates existing entries from a changed seed file without duplicating any', async () => {
    const db = await newDatabase('changed.db');
    const first = await start(db, seedFile('before.json', TEST_DIRECTORY));
    await first.close();
    const before = await dumpDatabase(db);

    const changed = directory();
    changed.corps[0]!.name = 'Corp A, renamed';
    changed.corps[0]!.users![1]!.name = 'Robert';
    changed.corps[0]!.apps![0]!.appSecret = 'rotated';
    changed.corps[0]!.apps![0]!.robots![1]!.status = 'enabled';
    changed.corps[0]!.privateChats![0]!.members = ['alice', 'carol'];
    changed.corps[0]!.privateChats![0]!.coolApps = ['COOL-A'];
    changed.corps[0]!.groups![0]!.title = 'Team A, renamed';
    changed.corps[0]!.groups![0]!.members = ['alice', 'dave', 'bob'];
    changed.corps[0]!.groups![0]!.robots = ['appA'];
    const second = await start(db, seedFile('after.yaml', changed));
    try {
      const after = await dumpDatabase(db);
      for (const table of DIRECTORY_TABLES.filter((t) => t !== 'private_chat_cool_apps' && t !== 'group_chat_robots')) {
        expect(after[table], table).toHaveLength(before[table]!.length);
      }
      // The chat's cool apps are what the file now says: one of the two is gone.
      expect(after.private_chat_cool_apps).toHaveLength(before.private_chat_cool_apps!.length - 1);
      // A group's members and robots are what the file now says, too.
      expect(after.group_chats).toContainEqual({ corp_id: 'corpA', open_conversation_id: 'cidGroupA==', title: 'Team A, renamed', owner_user_id: 'alice' });
      expect(after.group_chat_members!.filter((m) => m.open_conversation_id === 'cidGroupA==').map((m) => m.user_id)).toEqual(['alice', 'bob', 'dave']);
      expect(after.group_chat_robots!.filter((r) => r.open_conversation_id === 'cidGroupA==').map((r) => r.robot_code)).toEqual(['appA']);
      expect(after.corps).toContainEqual({ corp_id: 'corpA', name: 'Corp A, renamed' });
      expect(after.users).toContainEqual(expect.objectContaining({ corp_id: 'corpA', user_id: 'bob', name: 'Robert' }));
      expect(after.robots).toContainEqual(expect.objectContaining({ corp_id: 'corpA', robot_code: 'robotStopped', status: 'enabled' }));
      expect(after.private_chat_members!.filter((m) => m.open_conversation_id === 'cidAliceBob==').map((m) => m.user_id).sort()).toEqual([
        'alice',
        'carol',
      ]);
      expect(after.private_chat_cool_apps!.filter((c) => c.open_conversation_id === 'cidAliceBob==')).toEqual([
        { corp_id: 'corpA', open_conversation_id: 'cidAliceBob==', cool_app_code: 'COOL-A' },
      ]);
      // The rotated secret is the one that works.
      expect(await appToken(second, 'appA', 'rotated')).toMatch(/^[0-9a-f]{32}$/);
      const old = await sdkError(sdkClients(second).oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey: 'appA', appSecret: 'secretA' })));
      expect(old).toMatchObject({ statusCode: 400, code: 'invalidClientIdOrSecret' });
    } finally {
      await second.close();
    }
  });

  it('gives the same directory from a YAML file and from a JSON file', async () => {
    const [jsonDb, yamlDb] = [await newDatabase('json.db'), await newDatabase('yaml.db')];
    const fromJson = await start(jsonDb, seedFile('same.json', TEST_DIRECTORY));
    const fromYaml = await start(yamlDb, seedFile('same.yaml', TEST_DIRECTORY));
    await closeAll(fromJson, fromYaml);
    // Password hashes are salted and secrets sealed with a fresh nonce: compare that there is one, not its bytes.
    const sealedColumns = ['app_secret', 'suite_secret', 'secret', 'access_token'];
    const normalise = (dump: DatabaseDump) =>
      JSON.parse(
        JSON.stringify(dump, (key, value: unknown) =>
          typeof value !== 'string' ? value : key === 'password_hash' ? value.split('$')[0] : sealedColumns.includes(key) ? 'sealed' : value,
        ),
      ) as DatabaseDump;
    // The directory's tables (the others hold per-store state: migration times, generated keys).
    const directoryOf = (dump: DatabaseDump): DatabaseDump => Object.fromEntries(DIRECTORY_TABLES.map((table) => [table, dump[table] ?? []]));
    const json = normalise(directoryOf(await dumpDatabase(jsonDb)));
    const yaml = normalise(directoryOf(await dumpDatabase(yamlDb)));
    for (const table of DIRECTORY_TABLES) expect(json[table], table).not.toEqual([]);
    expect(yaml).toEqual(json);
    expect(json.users).toContainEqual({ corp_id: 'corpA', user_id: 'bob', name: 'Bob', password_hash: 'scrypt', is_admin: 0, mobile: null });
  });

  it("addresses a robot without robotCode by its app's appKey", async () => {
    const db = await newDatabase('robotcode.db');
    const dingo = await start(db, seedFile('robotcode.json', TEST_DIRECTORY));
    try {
      expect((await dumpDatabase(db)).robots!.filter((r) => r.corp_id === 'corpA')).toEqual([
        { corp_id: 'corpA', robot_code: 'appA', app_key: 'appA', name: 'Robot A', status: 'enabled', receive: 'stream', callback_url: null },
        { corp_id: 'corpA', robot_code: 'appA2', app_key: 'appA2', name: 'Robot A2', status: 'enabled', receive: 'stream', callback_url: null },
        { corp_id: 'corpA', robot_code: 'appNoPerm', app_key: 'appNoPerm', name: 'Mute', status: 'enabled', receive: 'stream', callback_url: null },
        { corp_id: 'corpA', robot_code: 'robotStopped', app_key: 'appA', name: 'Stopped Robot', status: 'stopped', receive: 'stream', callback_url: null },
        { corp_id: 'corpA', robot_code: 'suiteBot', app_key: 'suiteS', name: 'Suite Bot', status: 'enabled', receive: 'stream', callback_url: null },
      ]);
      // And a bot sends with robotCode = its appKey, as DingTalk clients do.
      const token = await appToken(dingo, 'appA', 'secretA');
      const sent = await sdkClients(dingo).robot.batchSendOTOWithOptions(
        new robotSdk.BatchSendOTORequest({ robotCode: 'appA', userIds: ['alice'], msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'hi' }) }),
        new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      );
      expect(sent.statusCode).toBe(200);
      expect(sent.body).toMatchObject({ invalidStaffIdList: [], flowControlledStaffIdList: [] });
      expect(sent.body?.processQueryKey).toEqual(expect.any(String));
    } finally {
      await dingo.close();
    }
  });

  it('creates the demo directory in an empty store when no seed is given', async () => {
    const db = await newDatabase('demo.db');
    const dingo = await start(db);
    try {
      expect(dingo.directorySource).toBe('demo');
      expect(await appToken(dingo, 'dingdemoapp', 'demo-secret')).toMatch(/^[0-9a-f]{32}$/);
      const dump = await dumpDatabase(db);
      expect(dump.corps).toEqual([{ corp_id: 'dingdemocorp', name: 'Demo Corp' }]);
      expect(dump.users!.map((u) => u.user_id).sort()).toEqual(['manager1234', 'user2', 'user3', 'user4']);
      expect(dump.robots).toContainEqual({ corp_id: 'dingdemocorp', robot_code: 'dingdemoapp', app_key: 'dingdemoapp', name: 'Demo Bot', status: 'enabled', receive: 'stream', callback_url: null });
    } finally {
      await dingo.close();
    }
  });

  it('does not re-create the demo directory over an existing store', async () => {
    // A store holding the demo directory, edited by hand afterwards.
    const demoDb = await newDatabase('demo-kept.db');
    await (await start(demoDb)).close();
    await executeSql(demoDb, "DELETE FROM users WHERE corp_id = 'dingdemocorp' AND user_id = 'user4'");
    await executeSql(demoDb, "UPDATE apps SET app_secret = 'changed' WHERE app_key = 'dingdemoapp'");
    const edited = await dumpDatabase(demoDb);
    const again = await start(demoDb);
    expect(again.directorySource).toBe('store');
    await again.close();
    expect(await dumpDatabase(demoDb)).toEqual(edited);

    // A store seeded from a file gets no demo corp on a start without the file.
    const seededDb = await newDatabase('seeded.db');
    await (await start(seededDb, seedFile('only.json', TEST_DIRECTORY))).close();
    const dingo = await start(seededDb);
    try {
      expect(dingo.directorySource).toBe('store');
      expect((await dumpDatabase(seededDb)).corps!.map((c) => c.corp_id)).toEqual(['corpA', 'corpB']);
      const demo = await sdkError(sdkClients(dingo).oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey: 'dingdemoapp', appSecret: 'demo-secret' })));
      expect(demo).toMatchObject({ statusCode: 400, code: 'invalidClientIdOrSecret' });
      expect(await appToken(dingo, 'appA', 'secretA')).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await dingo.close();
    }
  });

  it('refuses to start with a bad seed file, naming it, and leaves the store as it was', async () => {
    const db = await newDatabase('bad-start.db');
    await (await start(db, seedFile('good-first.json', TEST_DIRECTORY))).close();
    const before = await dumpDatabase(db);

    const bad = directory();
    bad.corps[0]!.name = 'Should not be written';
    bad.corps[0]!.privateChats![0]!.members = ['alice', 'zed'];
    const file = seedFile('bad-start.yaml', bad);
    await expect(start(db, file)).rejects.toThrow(`${file}: corps[0].privateChats[0].members[1]: user "zed" is not a user of corp corpA`);
    expect(await dumpDatabase(db)).toEqual(before);
  });
});
