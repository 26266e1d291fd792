import { describe, expect, it } from 'vitest';
import { BACKEND, GROUP_A, GROUP_B, useStore } from './storeFixtures.js';

const QUIET = { openConversationId: 'cidQuiet', title: 'Quiet', owner: 'carol', members: ['carol'], robots: [] };

describe(`store.groups on ${BACKEND}`, () => {
  const store = useStore();

  describe('apply', () => {
    it('creates groups, with members and robots sorted', async () => {
      await store().groups.apply('corpA', [{ openConversationId: 'cidNew', title: 'New', owner: 'carol', members: ['carol', 'alice'], robots: ['suiteBot', 'appA'] }]);
      expect(await store().groups.findGroup('corpA', 'cidNew')).toEqual({ openConversationId: 'cidNew', title: 'New', owner: 'carol', members: ['alice', 'carol'], robots: ['appA', 'suiteBot'] });
    });

    it("updates a group: title and owner change, members and robots become exactly the ones given", async () => {
      await store().groups.apply('corpA', [{ ...GROUP_A, title: 'Team A, renamed', owner: 'bob', members: ['bob'], robots: [] }]);
      expect(await store().groups.findGroup('corpA', 'cidGroupA')).toEqual({ openConversationId: 'cidGroupA', title: 'Team A, renamed', owner: 'bob', members: ['bob'], robots: [] });
      // Corp B's group is not touched.
      expect(await store().groups.findGroup('corpB', 'cidGroupB')).toEqual(GROUP_B);
    });

    it("joins the store's transaction: rolled back with it", async () => {
      await expect(
        store().transaction(async (trx) => {
          await trx.groups.apply('corpA', [QUIET]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await store().groups.findGroup('corpA', 'cidQuiet')).toBeUndefined();
    });

    it('writes none of the groups when one fails (its own transaction)', async () => {
      const twinMembers = { ...QUIET, openConversationId: 'cidTwins', members: ['carol', 'carol'] };
      await expect(store().groups.apply('corpA', [QUIET, twinMembers])).rejects.toThrow();
      expect(await store().groups.findGroup('corpA', 'cidQuiet')).toBeUndefined();
    });
  });

  describe('findGroup', () => {
    it("finds the corp's group, never another corp's", async () => {
      expect(await store().groups.findGroup('corpA', 'cidGroupA')).toEqual(GROUP_A);
      expect(await store().groups.findGroup('corpB', 'cidGroupA')).toBeUndefined();
      expect(await store().groups.findGroup('corpA', 'cidNothing')).toBeUndefined();
    });
  });

  describe('listGroups', () => {
    it('lists every group of the corp by openConversationId', async () => {
      await store().groups.apply('corpA', [QUIET]);
      expect(await store().groups.listGroups('corpA')).toEqual([GROUP_A, QUIET]);
      expect(await store().groups.listGroups('corpB')).toEqual([GROUP_B]);
      expect(await store().groups.listGroups('corpX')).toEqual([]);
    });
  });

  describe('listGroupsOfMember', () => {
    it("lists the corp's groups the user is a member of, with all their members", async () => {
      await store().groups.apply('corpA', [QUIET]);
      expect(await store().groups.listGroupsOfMember('corpA', 'carol')).toEqual([GROUP_A, QUIET]);
      expect(await store().groups.listGroupsOfMember('corpA', 'bob')).toEqual([GROUP_A]);
      // alice is a member in both corps: each corp answers with its own group.
      expect(await store().groups.listGroupsOfMember('corpB', 'alice')).toEqual([GROUP_B]);
      expect(await store().groups.listGroupsOfMember('corpB', 'bob')).toEqual([]);
    });
  });
});
