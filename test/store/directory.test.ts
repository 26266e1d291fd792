import { describe, expect, it } from 'vitest';
import type { DirectoryChanges } from '../../src/store/directoryStore.js';
import { BACKEND, FIXTURE_DIRECTORY, useStore } from './storeFixtures.js';

const ROBOT_A = { corpId: 'corpA', robotCode: 'appA', appKey: 'appA', name: 'Robot A', status: 'enabled', receive: 'stream', callbackUrl: null };
const SUITE_BOT_A = { corpId: 'corpA', robotCode: 'suiteBot', appKey: 'suiteS', name: 'Suite Bot', status: 'enabled', receive: 'stream', callbackUrl: null };
const SUITE_BOT_B = { corpId: 'corpB', robotCode: 'suiteBot', appKey: 'suiteS', name: 'Suite Bot of B', status: 'enabled', receive: 'stream', callbackUrl: null };

/** One corp with nothing in it but what `corp` says. */
const oneCorp = (corp: Partial<DirectoryChanges['corps'][number]> & { corpId: string }): DirectoryChanges => ({
  corps: [{ name: corp.corpId, users: [], apps: [], robots: [], coolApps: [], privateChats: [], ...corp }],
  suites: [],
});

describe(`store.directory on ${BACKEND}, empty`, () => {
  const store = useStore({ empty: true });

  it('hasAnyCorp: false until a corp is applied', async () => {
    expect(await store().directory.hasAnyCorp()).toBe(false);
    expect(await store().directory.listCorps()).toEqual([]);
    await store().directory.apply(oneCorp({ corpId: 'corpZ' }));
    expect(await store().directory.hasAnyCorp()).toBe(true);
  });

  it('apply: writes nothing when one entry fails (one transaction)', async () => {
    // A private chat naming a member twice breaks its members' key: the corp before it must not stay.
    const broken: DirectoryChanges = {
      corps: [
        oneCorp({ corpId: 'corpOk' }).corps[0]!,
        oneCorp({ corpId: 'corpBroken', privateChats: [{ openConversationId: 'cidTwins', members: ['twin', 'twin'], coolAppCodes: [] }] }).corps[0]!,
      ],
      suites: [],
    };
    await expect(store().directory.apply(broken)).rejects.toThrow();
    expect(await store().directory.hasAnyCorp()).toBe(false);
  });
});

describe(`store.directory on ${BACKEND}`, () => {
  const store = useStore();

  describe('apply', () => {
    it('updates existing entries in place, without duplicating any', async () => {
      const changed = structuredClone(FIXTURE_DIRECTORY);
      const corpA = changed.corps[0]!;
      corpA.name = 'Corp A, renamed';
      corpA.users[1] = { userId: 'bob', name: 'Robert', passwordHash: 'hash-bob', isAdmin: true, mobile: '13800000002' };
      corpA.apps[0]!.appSecret = 'rotated';
      corpA.robots[0] = { ...corpA.robots[0]!, name: 'Robot A2', status: 'stopped', receive: 'http', callbackUrl: 'http://127.0.0.1:9/a' };
      corpA.coolApps[0] = { coolAppCode: 'COOL-A', robotCode: 'hookBot' };
      changed.suites[0]!.name = 'Suite S2';
      await store().directory.apply(changed);

      const directory = store().directory;
      expect(await directory.findCorp('corpA')).toEqual({ corpId: 'corpA', name: 'Corp A, renamed' });
      expect(await directory.findUser('corpA', 'bob')).toEqual({ corpId: 'corpA', userId: 'bob', name: 'Robert', passwordHash: 'hash-bob', isAdmin: true, mobile: '13800000002' });
      expect(await directory.findInternalApp('appA')).toMatchObject({ appSecret: 'rotated' });
      expect(await directory.findRobot('corpA', 'appA')).toEqual({ ...ROBOT_A, name: 'Robot A2', status: 'stopped', receive: 'http', callbackUrl: 'http://127.0.0.1:9/a' });
      expect(await directory.findSuite('suiteS')).toMatchObject({ name: 'Suite S2' });
      const corp = await directory.readCorp('corpA');
      expect(corp?.users).toHaveLength(3);
      expect(corp?.robots).toHaveLength(4);
      expect(corp?.coolApps).toContainEqual({ coolAppCode: 'COOL-A', robotCode: 'hookBot' });
      expect(await directory.listCorps()).toHaveLength(2);
    });

    it("replaces a private chat's members and cool apps, and a suite's authorisations, with the ones given", async () => {
      const changed = structuredClone(FIXTURE_DIRECTORY);
      changed.corps[0]!.privateChats[0] = { openConversationId: 'cidAliceBob', members: ['alice', 'carol'], coolAppCodes: [] };
      changed.suites[0]!.authorizedCorps = ['corpB'];
      await store().directory.apply(changed);
      expect(await store().directory.findPrivateChat('corpA', 'cidAliceBob')).toEqual({ corpId: 'corpA', openConversationId: 'cidAliceBob', members: ['alice', 'carol'], coolApps: [] });
      expect(await store().directory.isSuiteAuthorized('corpA', 'suiteS')).toBe(false);
      expect(await store().directory.isSuiteAuthorized('corpB', 'suiteS')).toBe(true);
    });

    it('leaves corps and entries it does not mention as they are', async () => {
      await store().directory.apply(oneCorp({ corpId: 'corpC' }));
      expect(await store().directory.listCorps()).toEqual([
        { corpId: 'corpA', name: 'Corp A' },
        { corpId: 'corpB', name: 'Corp B' },
        { corpId: 'corpC', name: 'corpC' },
      ]);
      expect(await store().directory.findUser('corpA', 'alice')).toMatchObject({ name: 'Alice' });
    });
  });

  describe('corps and users', () => {
    it('findCorp: the corp by id, or undefined', async () => {
      expect(await store().directory.findCorp('corpB')).toEqual({ corpId: 'corpB', name: 'Corp B' });
      expect(await store().directory.findCorp('corpX')).toBeUndefined();
    });

    it('findUser: the user of that corp only (the same userId in another corp is another user)', async () => {
      expect(await store().directory.findUser('corpA', 'alice')).toEqual({ corpId: 'corpA', userId: 'alice', name: 'Alice', passwordHash: 'hash-alice', isAdmin: true, mobile: '13800000001' });
      expect(await store().directory.findUser('corpB', 'alice')).toEqual({ corpId: 'corpB', userId: 'alice', name: 'Alice of B', passwordHash: 'hash-alice-b', isAdmin: false, mobile: null });
      expect(await store().directory.findUser('corpB', 'bob')).toBeUndefined();
    });

    it("findUserNames: the names of those of the ids that are the corp's users", async () => {
      expect(await store().directory.findUserNames('corpA', ['alice', 'carol', 'erin', 'nobody'])).toEqual(
        new Map([
          ['alice', 'Alice'],
          ['carol', 'Carol'],
        ]),
      );
      expect(await store().directory.findUserNames('corpB', ['alice'])).toEqual(new Map([['alice', 'Alice of B']]));
      expect(await store().directory.findUserNames('corpA', [])).toEqual(new Map());
    });

    it('listAllUsers: every user of every corp with its corp name, by corp then userId', async () => {
      const users = await store().directory.listAllUsers();
      expect(users.map((u) => [u.corpId, u.userId, u.corpName])).toEqual([
        ['corpA', 'alice', 'Corp A'],
        ['corpA', 'bob', 'Corp A'],
        ['corpA', 'carol', 'Corp A'],
        ['corpB', 'alice', 'Corp B'],
        ['corpB', 'erin', 'Corp B'],
      ]);
      expect(users[3]).toEqual({ corpId: 'corpB', userId: 'alice', name: 'Alice of B', passwordHash: 'hash-alice-b', isAdmin: false, mobile: null, corpName: 'Corp B' });
    });

    it('listCorps: every corp by corpId, in code point order whatever the case', async () => {
      await store().directory.apply({ corps: ['corp_9', 'Corp0', 'corpa'].flatMap((corpId) => oneCorp({ corpId }).corps), suites: [] });
      expect((await store().directory.listCorps()).map((c) => c.corpId)).toEqual(['Corp0', 'corpA', 'corpB', 'corp_9', 'corpa']);
    });
  });

  describe('apps, suites and robots', () => {
    it('findInternalApp: by appKey, whatever the corp', async () => {
      expect(await store().directory.findInternalApp('appB')).toEqual({ corpId: 'corpB', appKey: 'appB', appSecret: 'secretB', name: 'App B', permissions: ['qyapi_robot_sendmsg'] });
      expect(await store().directory.findInternalApp('appMute')).toMatchObject({ corpId: 'corpA', permissions: [] });
      expect(await store().directory.findInternalApp('suiteS')).toBeUndefined();
    });

    it('findSuite and isSuiteAuthorized', async () => {
      expect(await store().directory.findSuite('suiteS')).toEqual({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', name: 'Suite S', permissions: ['qyapi_robot_sendmsg'] });
      expect(await store().directory.findSuite('appA')).toBeUndefined();
      expect(await store().directory.isSuiteAuthorized('corpA', 'suiteS')).toBe(true);
      expect(await store().directory.isSuiteAuthorized('corpX', 'suiteS')).toBe(false);
      expect(await store().directory.isSuiteAuthorized('corpA', 'suiteX')).toBe(false);
    });

    it("findRobot: the corp's robot, never another corp's", async () => {
      expect(await store().directory.findRobot('corpA', 'appA')).toEqual(ROBOT_A);
      expect(await store().directory.findRobot('corpA', 'hookBot')).toMatchObject({ receive: 'http', callbackUrl: 'http://127.0.0.1:9/callback' });
      expect(await store().directory.findRobot('corpA', 'stoppedBot')).toMatchObject({ status: 'stopped', receive: 'none' });
      expect(await store().directory.findRobot('corpB', 'appA')).toBeUndefined();
      expect(await store().directory.findRobot('corpB', 'suiteBot')).toEqual(SUITE_BOT_B);
    });

    it("listRobots: the corp's robots, its apps' and its suites', by robotCode", async () => {
      expect((await store().directory.listRobots('corpA')).map((r) => r.robotCode)).toEqual(['appA', 'hookBot', 'stoppedBot', 'suiteBot']);
      expect(await store().directory.listRobots('corpB')).toEqual([{ ...ROBOT_A, corpId: 'corpB', robotCode: 'appB', appKey: 'appB', name: 'Robot B' }, SUITE_BOT_B]);
      expect(await store().directory.listRobots('corpX')).toEqual([]);
    });

    it('findRobotsByCode: the robots with the code in every corp, by corp', async () => {
      expect(await store().directory.findRobotsByCode('suiteBot')).toEqual([SUITE_BOT_A, SUITE_BOT_B]);
      expect(await store().directory.findRobotsByCode('appB')).toEqual([{ ...ROBOT_A, corpId: 'corpB', robotCode: 'appB', appKey: 'appB', name: 'Robot B' }]);
      expect(await store().directory.findRobotsByCode('nothing')).toEqual([]);
    });
  });

  describe('private chats and the whole corp', () => {
    it('findPrivateChat: members sorted, and the cool apps with their robots and names', async () => {
      const chat = await store().directory.findPrivateChat('corpA', 'cidAliceBob');
      expect(chat).toEqual({
        corpId: 'corpA',
        openConversationId: 'cidAliceBob',
        members: ['alice', 'bob'],
        coolApps: expect.arrayContaining([
          { coolAppCode: 'COOL-A', robotCode: 'appA', robotName: 'Robot A' },
          { coolAppCode: 'COOL-SUITE', robotCode: 'suiteBot', robotName: 'Suite Bot' },
        ]),
      });
      expect(chat?.coolApps).toHaveLength(2);
      expect(await store().directory.findPrivateChat('corpB', 'cidAliceBob')).toBeUndefined();
    });

    it('readCorp: everything in one corp, suites without their secret', async () => {
      expect(await store().directory.readCorp('corpA')).toEqual({
        corp: { corpId: 'corpA', name: 'Corp A' },
        users: [
          { corpId: 'corpA', userId: 'alice', name: 'Alice', passwordHash: 'hash-alice', isAdmin: true, mobile: '13800000001' },
          { corpId: 'corpA', userId: 'bob', name: 'Bob', passwordHash: null, isAdmin: false, mobile: null },
          { corpId: 'corpA', userId: 'carol', name: 'Carol', passwordHash: null, isAdmin: false, mobile: null },
        ],
        apps: [
          { corpId: 'corpA', appKey: 'appA', appSecret: 'secretA', name: 'App A', permissions: ['qyapi_robot_sendmsg'] },
          { corpId: 'corpA', appKey: 'appMute', appSecret: 'secretMute', name: 'Mute App', permissions: [] },
        ],
        suites: [{ suiteKey: 'suiteS', name: 'Suite S', permissions: ['qyapi_robot_sendmsg'] }],
        robots: await store().directory.listRobots('corpA'),
        coolApps: [
          { coolAppCode: 'COOL-A', robotCode: 'appA' },
          { coolAppCode: 'COOL-SUITE', robotCode: 'suiteBot' },
        ],
        privateChats: [{ openConversationId: 'cidAliceBob', members: ['alice', 'bob'], coolApps: ['COOL-A', 'COOL-SUITE'] }],
      });
      expect(await store().directory.readCorp('corpB')).toMatchObject({ users: [{ userId: 'alice' }, { userId: 'erin' }], privateChats: [], coolApps: [] });
      expect(await store().directory.readCorp('corpX')).toBeUndefined();
    });
  });
});
