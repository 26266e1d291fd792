import type { SeedFile } from '../src/domain/seed.js';

/**
 * The directory most API tests run against: two corps for isolation, an app
 * without the robot permission, a stopped robot, a second app's robot, and a
 * suite authorised by corp A only.
 */
export const TEST_DIRECTORY: SeedFile = {
  corps: [
    {
      corpId: 'corpA',
      name: 'Corp A',
      users: [
        { userId: 'alice', name: 'Alice', password: 'alice-pw', admin: true },
        { userId: 'bob', name: 'Bob', password: 'bob-pw' },
        { userId: 'carol', name: 'Carol' },
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
    },
    {
      corpId: 'corpB',
      name: 'Corp B',
      users: [{ userId: 'erin', name: 'Erin' }, { userId: 'alice', name: 'Alice of B' }],
      apps: [{ appKey: 'appB', appSecret: 'secretB', name: 'App B', robots: [{ name: 'Robot B' }] }],
      coolApps: [{ coolAppCode: 'COOL-B', robotCode: 'appB' }],
      privateChats: [{ openConversationId: 'cidErinAlice==', members: ['erin', 'alice'], coolApps: ['COOL-B'] }],
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
