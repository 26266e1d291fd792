import type { ConsoleDirectory } from '../../domain/corpConsole.js';

const text = { type: 'string' } as const;
const texts = { type: 'array', items: text } as const;
const object = (properties: Record<string, unknown>) => ({ type: 'object', properties }) as const;
const list = (properties: Record<string, unknown>) => ({ type: 'array', items: object(properties) }) as const;

/** Everything in one corp as the console shows it: users (whether they have a password, never its hash), apps (never their secrets), suites, robots, cool apps, chats, groups and their custom robots (with webhook URL and secret, to paste into a monitoring tool). */
export const directorySchema = object({
  corp: object({ corpId: text, name: text }),
  users: list({ userId: text, name: text, isAdmin: { type: 'boolean' }, hasPassword: { type: 'boolean' }, mobile: { type: ['string', 'null'] } }),
  apps: list({ appKey: text, name: text, permissions: texts }),
  suites: list({ suiteKey: text, name: text, permissions: texts }),
  robots: list({
    robotCode: text,
    name: text,
    appKey: text,
    status: { type: 'string', enum: ['enabled', 'stopped'] },
    receive: { type: 'string', enum: ['stream', 'http', 'none'] },
    callbackUrl: { type: ['string', 'null'] },
  }),
  coolApps: list({ coolAppCode: text, robotCode: text }),
  privateChats: list({ openConversationId: text, members: texts, coolApps: texts }),
  groups: list({ openConversationId: text, title: text, owner: text, members: texts, robots: texts }),
  customRobots: list({
    robotCode: text,
    openConversationId: text,
    name: text,
    accessToken: text,
    secret: { type: ['string', 'null'] },
    keywords: texts,
    ipRanges: texts,
    webhookUrl: text,
  }),
});

export function toDirectory(directory: ConsoleDirectory) {
  return {
    corp: directory.corp,
    users: directory.users.map((u) => ({ userId: u.userId, name: u.name, isAdmin: u.isAdmin, hasPassword: u.passwordHash !== null, mobile: u.mobile })),
    apps: directory.apps.map(({ appKey, name, permissions }) => ({ appKey, name, permissions })),
    suites: directory.suites,
    robots: directory.robots.map(({ robotCode, name, appKey, status, receive, callbackUrl }) => ({ robotCode, name, appKey, status, receive, callbackUrl })),
    coolApps: directory.coolApps,
    privateChats: directory.privateChats,
    groups: directory.groups,
    customRobots: directory.customRobots,
  };
}
