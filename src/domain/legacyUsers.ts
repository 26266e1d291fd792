import { createHash } from 'node:crypto';
import type { DirectoryStore, UserRecord } from '../store/directoryStore.js';
import { LegacyApiError } from './errors.js';

/** The legacy user reads a bot makes on its way (docs/behaviour.md, Legacy endpoints). */
export const USER_GET_API = '/topapi/v2/user/get';
export const USER_GET_BY_MOBILE_API = '/topapi/v2/user/getbymobile';

/** The one department every user is in: Dingo's directory has no departments, DingTalk's root is 1. */
const ROOT_DEPARTMENT_ID = 1;

/**
 * `result` of `topapi/v2/user/get`: the documented fields the directory can fill.
 * `mobile` only when the user has one; `dept_order_list` and the rest are left out.
 */
export interface LegacyUserDetail {
  userid: string;
  unionid: string;
  name: string;
  mobile?: string;
  admin: boolean;
  boss: false;
  active: true;
  dept_id_list: number[];
  leader_in_dept: Array<{ dept_id: number; leader: false }>;
}

/**
 * Reads of a corp's directory through the legacy oapi, for a token of that corp: another
 * corp's users are unknown, exactly like made-up ones. Refusals are LegacyApiErrors with
 * the codes of DingTalk's global table.
 */
export class LegacyUsers {
  constructor(private readonly directory: Pick<DirectoryStore, 'findUser' | 'findUserByMobile'>) {}

  async get(corpId: string, userId: string | undefined): Promise<LegacyUserDetail> {
    const user = await this.directory.findUser(corpId, required('userid', userId));
    if (!user) throw userNotFound();
    return detailOf(user);
  }

  async userIdByMobile(corpId: string, mobile: string | undefined): Promise<{ userid: string }> {
    const user = await this.directory.findUserByMobile(corpId, required('mobile', mobile));
    if (!user) throw userNotFound();
    return { userid: user.userId };
  }
}

/**
 * A user's `unionid`: stable for one user of one corp, opaque, not reversible, and the
 * shape of DingTalk's (24 characters, letters and digits).
 */
export function unionIdOf(corpId: string, userId: string): string {
  const digest = createHash('sha256').update(`unionid\u0000${corpId}\u0000${userId}`).digest('base64');
  return digest.replace(/[+/=]/g, '').slice(0, 24);
}

function detailOf(user: UserRecord): LegacyUserDetail {
  return {
    userid: user.userId,
    unionid: unionIdOf(user.corpId, user.userId),
    name: user.name,
    ...(user.mobile === null ? {} : { mobile: user.mobile }),
    admin: user.isAdmin,
    boss: false,
    active: true,
    dept_id_list: [ROOT_DEPARTMENT_ID],
    leader_in_dept: [{ dept_id: ROOT_DEPARTMENT_ID, leader: false }],
  };
}

function required(field: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new LegacyApiError(40035, `不合法的参数: ${field} is required`);
  return value;
}

function userNotFound(): LegacyApiError {
  return new LegacyApiError(60121, '找不到该用户');
}
