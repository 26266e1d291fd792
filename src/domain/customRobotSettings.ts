import { createHash, randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { CustomRobotRecord } from '../store/customRobotStore.js';

/** DingTalk's signing secrets start with this. */
export const SECRET_PREFIX = 'SEC';

/** What an admin or a seed sets on a custom robot (its token is made once and never edited). */
export interface CustomRobotSettings {
  name: string;
  secret: string | null;
  keywords: string[];
  ipRanges: string[];
}

/**
 * The robotCode of a custom robot's messages: `custom:` and a digest of its token. The token
 * itself must never be shown to members; the colon keeps it apart from every DingTalk robotCode.
 */
export function customRobotCodeOf(accessToken: string): string {
  return `custom:${createHash('sha256').update(accessToken).digest('hex').slice(0, 24)}`;
}

export function isCustomRobotCode(robotCode: string): boolean {
  return robotCode.startsWith('custom:');
}

/** 256 random bits in hex, as long as DingTalk's tokens. */
export function newCustomRobotToken(): string {
  return randomBytes(32).toString('hex');
}

/** `SEC` and 256 random bits in hex, the shape of DingTalk's signing secrets. */
export function newCustomRobotSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('hex')}`;
}

/** What is wrong with the settings, or undefined when they are valid: the seed and the console share these rules. */
export function problemOfSettings(settings: Partial<CustomRobotSettings>): { field: string; index?: number; problem: string } | undefined {
  if (settings.name !== undefined && settings.name.trim() === '') return { field: 'name', problem: 'must not be empty' };
  if (settings.secret != null && (!settings.secret.startsWith(SECRET_PREFIX) || settings.secret.length <= SECRET_PREFIX.length)) {
    return { field: 'secret', problem: `must start with "${SECRET_PREFIX}"` };
  }
  const emptyKeyword = settings.keywords?.findIndex((k) => k.trim() === '') ?? -1;
  if (emptyKeyword >= 0) return { field: 'keywords', index: emptyKeyword, problem: 'must not be empty' };
  const badRange = settings.ipRanges?.findIndex((range) => parseIpRange(range) === undefined) ?? -1;
  if (badRange >= 0) return { field: 'ipRanges', index: badRange, problem: 'must be an IPv4 or IPv6 address, or a CIDR range such as "10.0.0.0/8"' };
  return undefined;
}

/** Whether `address` (as the server saw the caller; an IPv4-mapped IPv6 address counts as IPv4) is inside one of `ranges`. */
export function isAddressAllowed(address: string, ranges: readonly string[]): boolean {
  const caller = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const family = isIP(caller);
  if (family === 0) return false;
  const allowed = new BlockList();
  for (const range of ranges) {
    const parsed = parseIpRange(range);
    if (parsed) allowed.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return allowed.check(caller, family === 4 ? 'ipv4' : 'ipv6');
}

/** "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8" → address, prefix length and family; undefined when not one. */
function parseIpRange(range: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, ...rest] = range.trim().split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: bits, family: family === 4 ? 'ipv4' : 'ipv6' };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  return { address, prefix: Number(prefixText), family: family === 4 ? 'ipv4' : 'ipv6' };
}

/** Names and keywords trimmed, duplicate keywords and ranges dropped. */
export function normalizedSettings<Settings extends Pick<CustomRobotSettings, 'name' | 'keywords' | 'ipRanges'>>(settings: Settings): Settings {
  const unique = (values: readonly string[]) => [...new Set(values.map((v) => v.trim()))];
  return { ...settings, name: settings.name.trim(), keywords: unique(settings.keywords), ipRanges: unique(settings.ipRanges) };
}

/** A custom robot as a seed gives it: its robotCode is derived from its token. */
export function customRobotOfSeed(
  openConversationId: string,
  robot: { name: string; accessToken: string; secret?: string; keywords?: string[]; ipRanges?: string[] },
): CustomRobotRecord {
  const { name, accessToken } = robot;
  return normalizedSettings({ robotCode: customRobotCodeOf(accessToken), openConversationId, name, accessToken, secret: robot.secret ?? null, keywords: robot.keywords ?? [], ipRanges: robot.ipRanges ?? [] });
}
