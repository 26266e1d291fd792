import { describe, expect, it } from 'vitest';
import { type CustomRobotRecord, CustomRobotTokenTaken } from '../../src/store/customRobotStore.js';
import { BACKEND, GROUP_A, GROUP_B, useStore } from './storeFixtures.js';

const MONITOR: CustomRobotRecord = {
  robotCode: 'custom:monitor',
  openConversationId: GROUP_A.openConversationId,
  name: 'Monitor',
  accessToken: 'token-monitor',
  secret: 'SECmonitor',
  keywords: ['alert', '告警'],
  ipRanges: ['127.0.0.1', '10.0.0.0/8'],
};
const CI: CustomRobotRecord = { robotCode: 'custom:ci', openConversationId: GROUP_A.openConversationId, name: 'CI', accessToken: 'token-ci', secret: null, keywords: [], ipRanges: [] };
const OF_B: CustomRobotRecord = { robotCode: 'custom:b', openConversationId: GROUP_B.openConversationId, name: 'Robot of B', accessToken: 'token-b', secret: null, keywords: [], ipRanges: ['::1'] };

describe(`store.customRobots on ${BACKEND}`, () => {
  const store = useStore();

  describe('upsert', () => {
    it('creates the custom robot with all its settings', async () => {
      await store().customRobots.upsert('corpA', MONITOR);
      expect(await store().customRobots.find('corpA', MONITOR.robotCode)).toEqual(MONITOR);
    });

    it('updates name, secret, keywords and IP ranges of the same robotCode; token and group stay', async () => {
      await store().customRobots.upsert('corpA', MONITOR);
      await store().customRobots.upsert('corpA', { ...MONITOR, name: 'Monitor 2', secret: null, keywords: [], ipRanges: ['::1'], openConversationId: 'cidQuiet' });
      expect(await store().customRobots.find('corpA', MONITOR.robotCode)).toEqual({ ...MONITOR, name: 'Monitor 2', secret: null, keywords: [], ipRanges: ['::1'] });
      expect(await store().customRobots.listOfCorp('corpA')).toHaveLength(1);
    });

    it("refuses a token that is another custom robot's, in this corp or another", async () => {
      await store().customRobots.upsert('corpA', MONITOR);
      await expect(store().customRobots.upsert('corpA', { ...CI, accessToken: MONITOR.accessToken })).rejects.toBeInstanceOf(CustomRobotTokenTaken);
      await expect(store().customRobots.upsert('corpB', { ...OF_B, accessToken: MONITOR.accessToken })).rejects.toBeInstanceOf(CustomRobotTokenTaken);
      // Same robotCode in another corp with the same token: still another robot.
      await expect(store().customRobots.upsert('corpB', { ...MONITOR, openConversationId: GROUP_B.openConversationId })).rejects.toBeInstanceOf(CustomRobotTokenTaken);
      expect(await store().customRobots.find('corpA', CI.robotCode)).toBeUndefined();
      expect(await store().customRobots.listOfCorp('corpB')).toEqual([]);
      expect((await store().customRobots.findByToken(MONITOR.accessToken))?.corpId).toBe('corpA');
    });

    it("joins the store's transaction: rolled back with it", async () => {
      await expect(
        store().transaction(async (trx) => {
          await trx.customRobots.upsert('corpA', MONITOR);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await store().customRobots.find('corpA', MONITOR.robotCode)).toBeUndefined();
      expect(await store().customRobots.findByToken(MONITOR.accessToken)).toBeUndefined();
    });
  });

  describe('find', () => {
    it("finds the corp's custom robot, never another corp's", async () => {
      await store().customRobots.upsert('corpA', MONITOR);
      expect(await store().customRobots.find('corpA', MONITOR.robotCode)).toEqual(MONITOR);
      expect(await store().customRobots.find('corpB', MONITOR.robotCode)).toBeUndefined();
      expect(await store().customRobots.find('corpA', 'custom:nothing')).toBeUndefined();
    });
  });

  describe('findByToken', () => {
    it('finds the robot across corps, with the corp its token names', async () => {
      await store().customRobots.upsert('corpA', MONITOR);
      await store().customRobots.upsert('corpB', OF_B);
      expect(await store().customRobots.findByToken(MONITOR.accessToken)).toEqual({ ...MONITOR, corpId: 'corpA' });
      expect(await store().customRobots.findByToken(OF_B.accessToken)).toEqual({ ...OF_B, corpId: 'corpB' });
      expect(await store().customRobots.findByToken('token-nothing')).toBeUndefined();
    });
  });

  describe('listOfCorp', () => {
    it("lists the corp's custom robots by group then name; another corp's are invisible", async () => {
      const inGroupB = { ...CI, robotCode: 'custom:zz', accessToken: 'token-zz', name: 'AAA', openConversationId: 'cidZ' };
      await store().customRobots.upsert('corpA', MONITOR);
      await store().customRobots.upsert('corpA', inGroupB);
      await store().customRobots.upsert('corpA', CI);
      await store().customRobots.upsert('corpB', OF_B);
      expect(await store().customRobots.listOfCorp('corpA')).toEqual([CI, MONITOR, inGroupB]);
      expect(await store().customRobots.listOfCorp('corpB')).toEqual([OF_B]);
      expect(await store().customRobots.listOfCorp('corpX')).toEqual([]);
    });
  });

  describe('delete', () => {
    it('removes the robot and its token, and says whether there was one', async () => {
      await store().customRobots.upsert('corpA', MONITOR);
      await store().customRobots.upsert('corpA', CI);
      expect(await store().customRobots.delete('corpB', MONITOR.robotCode)).toBe(false);
      expect(await store().customRobots.delete('corpA', MONITOR.robotCode)).toBe(true);
      expect(await store().customRobots.find('corpA', MONITOR.robotCode)).toBeUndefined();
      expect(await store().customRobots.findByToken(MONITOR.accessToken)).toBeUndefined();
      expect(await store().customRobots.listOfCorp('corpA')).toEqual([CI]);
      expect(await store().customRobots.delete('corpA', MONITOR.robotCode)).toBe(false);
      // The token is free again: another robot may take it.
      await store().customRobots.upsert('corpB', { ...OF_B, accessToken: MONITOR.accessToken });
      expect(await store().customRobots.findByToken(MONITOR.accessToken)).toEqual({ ...OF_B, accessToken: MONITOR.accessToken, corpId: 'corpB' });
    });
  });

  describe('findMentionedMembers', () => {
    it('finds the members of the group by userId, with names and mobiles', async () => {
      expect(await store().customRobots.findMentionedMembers('corpA', GROUP_A.openConversationId, ['bob', 'alice', 'nobody'], [])).toEqual([
        { userId: 'alice', name: 'Alice', mobile: '13800000001' },
        { userId: 'bob', name: 'Bob', mobile: null },
      ]);
    });

    it('finds the members of the group by their directory mobile', async () => {
      expect(await store().customRobots.findMentionedMembers('corpA', GROUP_A.openConversationId, [], ['13800000001', '13900000000'])).toEqual([{ userId: 'alice', name: 'Alice', mobile: '13800000001' }]);
    });

    it('finds by userId and mobile together, each member once', async () => {
      expect(await store().customRobots.findMentionedMembers('corpA', GROUP_A.openConversationId, ['alice', 'carol'], ['13800000001'])).toEqual([
        { userId: 'alice', name: 'Alice', mobile: '13800000001' },
        { userId: 'carol', name: 'Carol', mobile: null },
      ]);
    });

    it('finds only members of that group, in that corp', async () => {
      await store().groups.apply('corpA', [{ openConversationId: 'cidQuiet', title: 'Quiet', owner: 'carol', members: ['carol'], robots: [] }]);
      expect(await store().customRobots.findMentionedMembers('corpA', 'cidQuiet', ['alice', 'bob', 'carol'], ['13800000001'])).toEqual([{ userId: 'carol', name: 'Carol', mobile: null }]);
      // corpB's alice is in corpB's group; corpA's mobile does not reach her.
      expect(await store().customRobots.findMentionedMembers('corpB', GROUP_B.openConversationId, ['erin'], ['13800000001'])).toEqual([{ userId: 'erin', name: 'Erin', mobile: null }]);
      expect(await store().customRobots.findMentionedMembers('corpB', GROUP_A.openConversationId, ['alice'], [])).toEqual([]);
      expect(await store().customRobots.findMentionedMembers('corpA', GROUP_A.openConversationId, [], [])).toEqual([]);
    });
  });
});
