import type { RobotRecord } from '../store/directoryStore.js';
import { badRequest } from './errors.js';
import { ROBOT_NOT_IN_GROUP } from './groupChat.js';

/** How a user's group message names robots: by robotCode (the composer's picker, `/_dingo/say`'s robotCode), `atRobot`, and `@Name` in the text. */
export interface GroupMentionRequest {
  text: string;
  robotCodes: readonly string[];
  atRobot: boolean;
}

/**
 * The robots a group message mentions, sorted: those named by robotCode (each must be
 * installed in the group), those whose `@Name` is in the text, and with `atRobot` the
 * group's robot when none is named otherwise: the only one installed
 * (none → `invalidParameter.atRobot.noRobot`, several → `invalidParameter.atRobot.ambiguous`).
 */
export function resolveMentions(request: GroupMentionRequest, installed: readonly RobotRecord[]): string[] {
  const mentioned = new Set<string>();
  for (const robotCode of request.robotCodes) {
    if (!installed.some((robot) => robot.robotCode === robotCode)) throw badRequest(ROBOT_NOT_IN_GROUP, `robot ${robotCode} is not installed in this group`);
    mentioned.add(robotCode);
  }
  for (const robot of installed) if (mentionsByName(request.text, robot.name)) mentioned.add(robot.robotCode);
  if (request.atRobot && mentioned.size === 0) {
    if (installed.length === 0) throw badRequest('invalidParameter.atRobot.noRobot', 'atRobot: no robot is installed in this group');
    if (installed.length > 1) throw badRequest('invalidParameter.atRobot.ambiguous', 'atRobot: several robots are installed in this group; name one with robotCode or @Name in the text');
    mentioned.add((installed[0] as RobotRecord).robotCode);
  }
  return [...mentioned].sort();
}

/** `@Name` in the text, not followed by a letter or digit (so `@Robot A` is not found in `@Robot A2`). */
function mentionsByName(text: string, name: string): boolean {
  const at = `@${name}`;
  for (let index = text.indexOf(at); index !== -1; index = text.indexOf(at, index + 1)) {
    const next = text.charAt(index + at.length);
    if (!/[\p{L}\p{N}]/u.test(next)) return true;
  }
  return false;
}
