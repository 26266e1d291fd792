import type { SeedFile } from '../src/domain/seed.js';

/**
 * The directory most API tests run against: two corps for isolation, an app
 * without the robot permission, a stopped robot, a second app's robot, a
 * suite authorised by corp A only, and groups (one of a single member, without robots).
 */
export const TEST_DIRECTORY: SeedFile = {
  corps: [
    {
      corpId: 'corpA',
      name: 'Corp A',
      users: [
        { userId: 'alice', name: 'Alice', password: 'alice-pw', admin: true },
        { userId: 'bob', name: 'Bob', password: 'bob-pw' },
        { userId: 'carol', name: 'Carol', mobile: '13800000003' },
        { userId: 'dave', name: 'Dave' },
      ],
      apps: [
        {
          appKey: 'appA',
          appSecret: 'secretA',
          name: 'App A',
          permissions: ['qyapi_robot_sendmsg'],
          robots: [{ name: 'Robot A' }, { robotCode: 'robotStopped', name: 'Stopped Robot', status: 'stopped' }],
        },
        { appKey: 'appA2', appSecret: 'secretA2', name: 'App A2', robots: [{ name: 'Robot A2' }] },
        { appKey: 'appNoPerm', appSecret: 'secretNoPerm', name: 'No Permission', permissions: [], robots: [{ name: 'Mute' }] },
      ],
      coolApps: [
        { coolAppCode: 'COOL-A', robotCode: 'appA' },
        { coolAppCode: 'COOL-SUITE', robotCode: 'suiteBot' },
      ],
      privateChats: [
        { openConversationId: 'cidAliceBob==', members: ['alice', 'bob'], coolApps: ['COOL-A', 'COOL-SUITE'] },
        { openConversationId: 'cidCarolDave==', members: ['carol', 'dave'], coolApps: [] },
      ],
      groups: [
        { openConversationId: 'cidGroupA==', title: 'Team A', owner: 'alice', members: ['alice', 'bob', 'carol'], robots: ['appA', 'suiteBot', 'robotStopped'] },
        { openConversationId: 'cidQuietGroup==', title: 'Quiet', owner: 'dave', members: ['dave'] },
      ],
    },
    {
      corpId: 'corpB',
      name: 'Corp B',
      users: [{ userId: 'erin', name: 'Erin' }, { userId: 'alice', name: 'Alice of B' }],
      apps: [{ appKey: 'appB', appSecret: 'secretB', name: 'App B', robots: [{ name: 'Robot B' }] }],
      coolApps: [{ coolAppCode: 'COOL-B', robotCode: 'appB' }],
      privateChats: [{ openConversationId: 'cidErinAlice==', members: ['erin', 'alice'], coolApps: ['COOL-B'] }],
      groups: [{ openConversationId: 'cidGroupB==', title: 'Team B', owner: 'erin', members: ['erin', 'alice'], robots: ['appB'] }],
    },
  ],
  suites: [
    {
      suiteKey: 'suiteS',
      suiteSecret: 'suiteSecret',
      name: 'Suite S',
      authorizedCorps: ['corpA'],
      robots: [{ robotCode: 'suiteBot', name: 'Suite Bot' }],
    },
  ],
};
