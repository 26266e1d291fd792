import type { DirectoryChanges, DirectoryStore } from '../store/directoryStore.js';
import type { Store } from '../store/store.js';
import { customRobotOfSeed } from './customRobotSettings.js';
import { secretsMatch } from '../secrets/secretsMatch.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { SeedApp, SeedFile, SeedGroup, SeedRobot } from './seed.js';

/** The permission every robot endpoint requires (docs/behaviour.md, Requests). */
export const ROBOT_SEND_PERMISSION = 'qyapi_robot_sendmsg';

/** An app or suite whose seed entry lists no permissions gets this one, so a minimal seed can send. */
const DEFAULT_PERMISSIONS = [ROBOT_SEND_PERMISSION];

/**
 * Creates or updates the directory and the groups from a seed, in one transaction. Applying
 * the same seed again changes nothing: existing password hashes are kept when the password
 * still matches; a group's members and robots become the file's; its custom robots are created or
 * updated by access token (those made in the console stay). An app or suite whose secret the seed
 * changes loses its live tokens.
 */
export async function applySeed(store: Pick<Store, 'directory' | 'transaction'>, seed: SeedFile): Promise<void> {
  const { directory } = store;
  const suites = seed.suites ?? [];
  const changes: DirectoryChanges = {
    corps: await Promise.all(
      seed.corps.map(async (corp) => ({
        corpId: corp.corpId,
        name: corp.name,
        users: await Promise.all(
          (corp.users ?? []).map(async (user) => ({
            userId: user.userId,
            name: user.name,
            isAdmin: user.admin ?? false,
            mobile: user.mobile ?? null,
            passwordHash: user.password === undefined ? null : await keepOrHash(directory, corp.corpId, user.userId, user.password),
          })),
        ),
        apps: (corp.apps ?? []).map((app) => ({
          appKey: app.appKey,
          appSecret: app.appSecret,
          name: app.name,
          permissions: app.permissions ?? DEFAULT_PERMISSIONS,
        })),
        robots: [
          ...(corp.apps ?? []).flatMap((app) => (app.robots ?? []).map((robot) => robotEntry(robot, app.appKey))),
          ...suites
            .filter((suite) => suite.authorizedCorps?.includes(corp.corpId))
            .flatMap((suite) => (suite.robots ?? []).map((robot) => robotEntry(robot, suite.suiteKey))),
        ],
        coolApps: (corp.coolApps ?? []).map(({ coolAppCode, robotCode }) => ({ coolAppCode, robotCode })),
        privateChats: (corp.privateChats ?? []).map((chat) => ({
          openConversationId: chat.openConversationId,
          members: chat.members,
          coolAppCodes: chat.coolApps ?? [],
        })),
      })),
    ),
    suites: suites.map((suite) => ({
      suiteKey: suite.suiteKey,
      suiteSecret: suite.suiteSecret,
      name: suite.name ?? suite.suiteKey,
      permissions: suite.permissions ?? DEFAULT_PERMISSIONS,
      authorizedCorps: suite.authorizedCorps ?? [],
    })),
  };
  const revokedApps = await appsWithNewSecrets(directory, changes);
  await store.transaction(async (inTransaction) => {
    await inTransaction.directory.apply(changes);
    for (const appKey of revokedApps) await inTransaction.tokens.revoke(appKey);
    for (const corp of seed.corps) {
      await inTransaction.groups.apply(
        corp.corpId,
        (corp.groups ?? []).map(({ openConversationId, title, owner, members, robots }) => ({
          openConversationId,
          title,
          owner,
          members: [...new Set(members)].sort(),
          robots: [...new Set(robots ?? [])].sort(),
        })),
      );
      for (const group of corp.groups ?? []) {
        for (const robot of group.customRobots ?? []) await inTransaction.customRobots.upsert(corp.corpId, customRobotOfSeed(group.openConversationId, robot));
      }
    }
  });
}

/** The apps and suites of `changes` that exist with another secret: their tokens end (the seed, the console). */
export async function appsWithNewSecrets(directory: DirectoryStore, changes: DirectoryChanges): Promise<string[]> {
  const changed: string[] = [];
  for (const app of changes.corps.flatMap((corp) => corp.apps)) {
    const existing = await directory.findInternalApp(app.appKey);
    if (existing && !secretsMatch(app.appSecret, existing.appSecret)) changed.push(app.appKey);
  }
  for (const suite of changes.suites) {
    const existing = await directory.findSuite(suite.suiteKey);
    if (existing && !secretsMatch(suite.suiteSecret, existing.suiteSecret)) changed.push(suite.suiteKey);
  }
  return changed;
}

function robotEntry(robot: SeedRobot, ownerKey: string) {
  return {
    robotCode: robot.robotCode ?? ownerKey,
    appKey: ownerKey,
    name: robot.name,
    status: robot.status ?? 'enabled',
    receive: robot.receive ?? 'stream',
    callbackUrl: robot.callbackUrl ?? null,
  } as const;
}

async function keepOrHash(directory: DirectoryStore, corpId: string, userId: string, password: string): Promise<string> {
  const existing = await directory.findUser(corpId, userId);
  if (existing?.passwordHash && (await verifyPassword(password, existing.passwordHash))) return existing.passwordHash;
  return hashPassword(password);
}

const demoApp = {
  appKey: 'dingdemoapp',
  appSecret: 'demo-secret',
  name: 'Demo App',
  type: 'internal',
  permissions: [ROBOT_SEND_PERMISSION],
  robots: [{ name: 'Demo Bot' }],
} as const satisfies SeedApp;

const demoManager = { userId: 'manager1234', name: 'Qu Dayue', password: 'demo', admin: true };
const demoUsers = [
  demoManager,
  { userId: 'user2', name: 'Li Na', password: 'demo' },
  { userId: 'user3', name: 'Wang Wei', password: 'demo' },
  { userId: 'user4', name: 'Zhang Min', password: 'demo' },
];

const demoChat = { openConversationId: 'cidDemoChat1==', members: [demoManager.userId, 'user2'], coolApps: ['COOLAPP-1-DEMO'] };
const demoGroup = {
  openConversationId: 'cidDemoGroup1==',
  title: 'Demo Team',
  owner: demoManager.userId,
  members: demoUsers.map((u) => u.userId),
  robots: [demoApp.appKey],
} satisfies SeedGroup;

/** The demo corp's names, for the banner and the welcome messages. */
export const DEMO = {
  corpId: 'dingdemocorp',
  app: demoApp,
  robotCode: demoApp.appKey,
  manager: demoManager,
  users: demoUsers,
  chat: demoChat,
  group: demoGroup,
} as const;

/** The directory Dingo creates in an empty store when no seed is given. */
export const DEMO_DIRECTORY: SeedFile = {
  corps: [
    {
      corpId: DEMO.corpId,
      name: 'Demo Corp',
      users: demoUsers,
      apps: [demoApp],
      coolApps: [{ coolAppCode: 'COOLAPP-1-DEMO', robotCode: demoApp.appKey }],
      privateChats: [demoChat],
      groups: [demoGroup],
    },
  ],
  suites: [
    {
      suiteKey: 'suitedemo',
      suiteSecret: 'suite-secret',
      name: 'Demo Suite',
      authorizedCorps: [DEMO.corpId],
      permissions: [ROBOT_SEND_PERMISSION],
      robots: [{ robotCode: 'dingsuitebot', name: 'Suite Bot' }],
    },
  ],
};
