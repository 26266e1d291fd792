import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { problemOfSettings } from './customRobotSettings.js';

/** The directory as a seed file describes it (README, The directory and the seed file). */
export interface SeedFile {
  corps: SeedCorp[];
  suites?: SeedSuite[];
}

export interface SeedCorp {
  corpId: string;
  name: string;
  users?: Array<{ userId: string; name: string; password?: string; admin?: boolean; mobile?: string }>;
  apps?: SeedApp[];
  coolApps?: Array<{ coolAppCode: string; robotCode: string }>;
  privateChats?: Array<{ openConversationId: string; members: string[]; coolApps?: string[] }>;
  groups?: SeedGroup[];
}

/** A group chat: its owner is one of its members; `robots` are the robots installed in it. */
export interface SeedGroup {
  openConversationId: string;
  title: string;
  owner: string;
  members: string[];
  robots?: string[];
  /** Webhook robots that tools post to with `/robot/send?access_token=…`. */
  customRobots?: SeedCustomRobot[];
}

/** A group's custom robot: its token is unique across the deployment; `secret` starts with SEC; `ipRanges` are addresses or CIDR ranges. */
export interface SeedCustomRobot {
  name: string;
  accessToken: string;
  secret?: string;
  keywords?: string[];
  ipRanges?: string[];
}

export interface SeedApp {
  appKey: string;
  appSecret: string;
  name: string;
  type?: 'internal';
  permissions?: string[];
  robots?: SeedRobot[];
}

export interface SeedRobot {
  /** Omitted: the robot is addressed by its app's key, as on DingTalk. */
  robotCode?: string;
  name: string;
  status?: 'enabled' | 'stopped';
  /** How the robot hears what users write: `stream` (the default), `http` (needs callbackUrl) or `none`. */
  receive?: 'stream' | 'http' | 'none';
  /** Where `receive: http` posts the messages: an http(s) URL. */
  callbackUrl?: string;
}

export interface SeedSuite {
  suiteKey: string;
  suiteSecret: string;
  name?: string;
  authorizedCorps?: string[];
  permissions?: string[];
  robots?: SeedRobot[];
}

/** A seed file that cannot be applied; the message names the file, the path inside it and what is wrong. */
export class SeedError extends Error {
  override name = 'SeedError';
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path === '' ? '' : `${path}: `}${problem}`);
  }
}

const id = { type: 'string', minLength: 1, maxLength: 128 } as const;
const text = { type: 'string', minLength: 1, maxLength: 256 } as const;
const ids = { type: 'array', items: id } as const;
/** Digits, optionally a leading + and dashes, as DingTalk shows mobiles ("13800000001", "+86-13800000001"). */
export const MOBILE_PATTERN = '^\\+?[0-9][0-9-]{2,30}$';
const robot = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    robotCode: id,
    name: text,
    status: { enum: ['enabled', 'stopped'] },
    receive: { enum: ['stream', 'http', 'none'] },
    callbackUrl: { type: 'string', minLength: 1, maxLength: 2048 },
  },
} as const;

const seedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['corps'],
  properties: {
    corps: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['corpId', 'name'],
        properties: {
          corpId: id,
          name: text,
          users: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['userId', 'name'],
              properties: { userId: id, name: text, password: text, admin: { type: 'boolean' }, mobile: { type: 'string', pattern: MOBILE_PATTERN } },
            },
          },
          apps: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['appKey', 'appSecret', 'name'],
              properties: {
                appKey: id,
                appSecret: text,
                name: text,
                type: { const: 'internal' },
                permissions: ids,
                robots: { type: 'array', items: robot },
              },
            },
          },
          coolApps: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['coolAppCode', 'robotCode'],
              properties: { coolAppCode: id, robotCode: id },
            },
          },
          privateChats: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['openConversationId', 'members'],
              properties: { openConversationId: id, members: ids, coolApps: ids },
            },
          },
          groups: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['openConversationId', 'title', 'owner', 'members'],
              properties: {
                openConversationId: id,
                title: text,
                owner: id,
                members: { ...ids, minItems: 1 },
                robots: ids,
                customRobots: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['name', 'accessToken'],
                    properties: { name: text, accessToken: id, secret: text, keywords: { type: 'array', items: text }, ipRanges: { type: 'array', items: text } },
                  },
                },
              },
            },
          },
        },
      },
    },
    suites: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['suiteKey', 'suiteSecret'],
        properties: {
          suiteKey: id,
          suiteSecret: text,
          name: text,
          authorizedCorps: ids,
          permissions: ids,
          robots: { type: 'array', items: robot },
        },
      },
    },
  },
} as const;

const validateShape = new Ajv({ allErrors: false, strict: true }).compile<SeedFile>(seedSchema);

/** Reads a seed file (JSON, or YAML for .yaml/.yml) and checks it whole. */
export async function readSeedFile(file: string): Promise<SeedFile> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedError(file, '', `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseSeed(content, file);
}

/** Parses and checks seed text; `file` names it in errors and picks the syntax by its extension. */
export function parseSeed(content: string, file: string): SeedFile {
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  let data: unknown;
  try {
    data = yaml ? parseYaml(content) : JSON.parse(content);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      // The yaml library ends its first line with the position again (" at line 3, column 1:"): it is already said.
      const problem = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new SeedError(file, '', `is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${problem}`);
    }
    throw new SeedError(file, '', `is not valid JSON: ${(error as Error).message}`);
  }
  if (!validateShape(data)) {
    const [first] = validateShape.errors ?? [];
    throw describeShapeError(file, first);
  }
  checkReferences(data, file);
  return data;
}

function describeShapeError(file: string, error: ErrorObject | undefined): SeedError {
  if (!error) return new SeedError(file, '', 'does not match the seed format');
  const path = pointerToPath(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return new SeedError(file, joinPath(path, String(error.params.missingProperty)), 'is required');
    case 'additionalProperties':
      return new SeedError(file, joinPath(path, String(error.params.additionalProperty)), 'is not a field of the seed format');
    case 'enum':
      return new SeedError(file, path, `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    case 'const':
      return new SeedError(file, path, `must be ${JSON.stringify(error.params.allowedValue)}`);
    case 'minLength':
    case 'minItems':
      return new SeedError(file, path, 'must not be empty');
    case 'pattern':
      return new SeedError(file, path, 'must be a phone number: digits, optionally a leading + and dashes');
    default:
      return new SeedError(file, path, error.message ?? 'is not valid');
  }
}

/** "/corps/0/apps/1/appKey" → "corps[0].apps[1].appKey" */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : joinPath(path, part)), '');
}

function joinPath(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

/** The checks a schema cannot express: uniqueness and references between entries. */
function checkReferences(seed: SeedFile, file: string): void {
  const fail = (path: string, problem: string): never => {
    throw new SeedError(file, path, problem);
  };
  const firstSeen = new Map<string, string>();
  const unique = (scope: string, value: string, path: string, what: string) => {
    const key = `${scope}\u0000${value}`;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) fail(path, `${what} ${JSON.stringify(value)} is already used at ${earlier}`);
    firstSeen.set(key, path);
  };

  const corpIds = new Set(seed.corps.map((c) => c.corpId));
  const robotsOfCorp = new Map<string, Set<string>>(seed.corps.map((c) => [c.corpId, new Set<string>()]));

  seed.corps.forEach((corp, ci) => {
    const at = `corps[${ci}]`;
    unique('corp', corp.corpId, `${at}.corpId`, 'corpId');
    corp.users?.forEach((u, ui) => unique(`user:${corp.corpId}`, u.userId, `${at}.users[${ui}].userId`, 'userId'));
    corp.apps?.forEach((app, ai) => {
      unique('appKey', app.appKey, `${at}.apps[${ai}].appKey`, 'appKey');
      app.robots?.forEach((r, ri) => {
        checkReceive(r, `${at}.apps[${ai}].robots[${ri}]`, fail);
        const code = r.robotCode ?? app.appKey;
        unique(`robot:${corp.corpId}`, code, `${at}.apps[${ai}].robots[${ri}]`, 'robotCode');
        robotsOfCorp.get(corp.corpId)?.add(code);
      });
    });
  });

  seed.suites?.forEach((suite, si) => {
    const at = `suites[${si}]`;
    unique('appKey', suite.suiteKey, `${at}.suiteKey`, 'suiteKey');
    suite.robots?.forEach((r, ri) => checkReceive(r, `${at}.robots[${ri}]`, fail));
    suite.authorizedCorps?.forEach((corpId, ai) => {
      if (!corpIds.has(corpId)) fail(`${at}.authorizedCorps[${ai}]`, `corp ${JSON.stringify(corpId)} is not in this file`);
      suite.robots?.forEach((r, ri) => {
        const code = r.robotCode ?? suite.suiteKey;
        unique(`robot:${corpId}`, code, `${at}.robots[${ri}]`, `robotCode (in corp ${corpId})`);
        robotsOfCorp.get(corpId)?.add(code);
      });
    });
  });

  seed.corps.forEach((corp, ci) => {
    const at = `corps[${ci}]`;
    const users = new Set(corp.users?.map((u) => u.userId));
    const robots = robotsOfCorp.get(corp.corpId) ?? new Set<string>();
    const coolApps = new Set<string>();
    corp.coolApps?.forEach((coolApp, ki) => {
      unique(`coolApp:${corp.corpId}`, coolApp.coolAppCode, `${at}.coolApps[${ki}].coolAppCode`, 'coolAppCode');
      if (!robots.has(coolApp.robotCode)) {
        fail(`${at}.coolApps[${ki}].robotCode`, `robot ${JSON.stringify(coolApp.robotCode)} is not a robot of corp ${corp.corpId}`);
      }
      coolApps.add(coolApp.coolAppCode);
    });
    corp.privateChats?.forEach((chat, pi) => {
      const chatAt = `${at}.privateChats[${pi}]`;
      unique('chat', chat.openConversationId, `${chatAt}.openConversationId`, 'openConversationId');
      if (chat.members.length !== 2 || chat.members[0] === chat.members[1]) {
        fail(`${chatAt}.members`, 'a person-to-person chat has exactly two different members');
      }
      chat.members.forEach((userId, mi) => {
        if (!users.has(userId)) fail(`${chatAt}.members[${mi}]`, `user ${JSON.stringify(userId)} is not a user of corp ${corp.corpId}`);
      });
      chat.coolApps?.forEach((code, ki) => {
        if (!coolApps.has(code)) fail(`${chatAt}.coolApps[${ki}]`, `cool app ${JSON.stringify(code)} is not a cool app of corp ${corp.corpId}`);
      });
    });
    corp.groups?.forEach((group, gi) => {
      const groupAt = `${at}.groups[${gi}]`;
      // Person-to-person chats and groups share one space of conversation ids.
      unique('chat', group.openConversationId, `${groupAt}.openConversationId`, 'openConversationId');
      group.members.forEach((userId, mi) => {
        unique(`member:${corp.corpId}:${group.openConversationId}`, userId, `${groupAt}.members[${mi}]`, 'member');
        if (!users.has(userId)) fail(`${groupAt}.members[${mi}]`, `user ${JSON.stringify(userId)} is not a user of corp ${corp.corpId}`);
      });
      if (!users.has(group.owner)) fail(`${groupAt}.owner`, `user ${JSON.stringify(group.owner)} is not a user of corp ${corp.corpId}`);
      if (!group.members.includes(group.owner)) fail(`${groupAt}.owner`, `the owner ${JSON.stringify(group.owner)} must be one of the members`);
      group.robots?.forEach((code, ri) => {
        unique(`groupRobot:${corp.corpId}:${group.openConversationId}`, code, `${groupAt}.robots[${ri}]`, 'robot');
        if (!robots.has(code)) fail(`${groupAt}.robots[${ri}]`, `robot ${JSON.stringify(code)} is not a robot of corp ${corp.corpId}`);
      });
      group.customRobots?.forEach((robot, ri) => {
        const robotAt = `${groupAt}.customRobots[${ri}]`;
        unique('customRobotToken', robot.accessToken, `${robotAt}.accessToken`, 'accessToken');
        const problem = problemOfSettings({ secret: robot.secret, keywords: robot.keywords, ipRanges: robot.ipRanges });
        if (problem) fail(`${robotAt}.${problem.field}${problem.index === undefined ? '' : `[${problem.index}]`}`, problem.problem);
      });
    });
  });
}

/** `receive: http` needs a callbackUrl, an http(s) URL; a callbackUrl is only for `receive: http`. */
function checkReceive(robot: SeedRobot, at: string, fail: (path: string, problem: string) => never): void {
  if (robot.receive === 'http' && robot.callbackUrl === undefined) fail(`${at}.callbackUrl`, 'is required when receive is "http"');
  if (robot.callbackUrl === undefined) return;
  if (robot.receive !== 'http') fail(`${at}.callbackUrl`, 'is only for receive: "http"');
  let protocol: string | undefined;
  try {
    protocol = new URL(robot.callbackUrl).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') fail(`${at}.callbackUrl`, `must be an http:// or https:// URL, got ${JSON.stringify(robot.callbackUrl)}`);
}
