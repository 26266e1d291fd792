import { RuntimeOptions } from '@alicloud/tea-util';
import { OffsetClock } from '../src/clock.js';
import type { SeedFile } from '../src/domain/seed.js';
import type { DingoEvent } from '../src/events/bus.js';
import { TEST_DIRECTORY } from './directory.js';
import { robotSdk, type TestDingo } from './harness.js';

/**
 * Helpers of the one-to-one message tests: the three endpoints through the
 * official SDK with one token, the control plane, and event capture.
 */

export interface SendRequest {
  robotCode?: string;
  userIds?: string[];
  msgKey?: string;
  msgParam?: string;
}

/** The one-to-one endpoints through the official SDK, as the app behind `token`. */
export function otoClient(dingo: TestDingo, token: string) {
  return {
    send: (request: SendRequest) =>
      dingo.robot.batchSendOTOWithOptions(
        new robotSdk.BatchSendOTORequest(request),
        new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      ),
    readStatus: (request: { robotCode?: string; processQueryKey?: string }) =>
      dingo.robot.batchOTOQueryWithOptions(
        new robotSdk.BatchOTOQueryRequest(request),
        new robotSdk.BatchOTOQueryHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      ),
    recall: (request: { robotCode?: string; processQueryKeys?: string[] }) =>
      dingo.robot.batchRecallOTOWithOptions(
        new robotSdk.BatchRecallOTORequest(request),
        new robotSdk.BatchRecallOTOHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      ),
  };
}

export type OtoClient = ReturnType<typeof otoClient>;

/** A plain text message of robot `robotCode` to `userIds`. */
export function textTo(robotCode: string, userIds: string[], content = 'hello'): SendRequest {
  return { robotCode, userIds, msgKey: 'sampleText', msgParam: JSON.stringify({ content }) };
}

/** Sends and returns the 200 body; fails the test on anything else. */
export async function sendOk(client: OtoClient, request: SendRequest) {
  const response = await client.send(request);
  if (response.statusCode !== 200 || !response.body?.processQueryKey) {
    throw new Error(`expected a 200 with a processQueryKey, got ${response.statusCode} ${JSON.stringify(response.body)}`);
  }
  return {
    processQueryKey: response.body.processQueryKey,
    invalidStaffIdList: response.body.invalidStaffIdList ?? [],
    flowControlledStaffIdList: response.body.flowControlledStaffIdList ?? [],
  };
}

export interface InboxMessage {
  processQueryKey: string;
  robotCode: string;
  openConversationId?: string;
  msgKey: string;
  msgParam: string;
  read: boolean;
  createdAt: string;
}

/** What `userId` of `corpId` sees now (GET /_dingo/inbox). */
export async function inbox(dingo: TestDingo, corpId: string, userId: string): Promise<InboxMessage[]> {
  const response = await dingo.http(`/_dingo/inbox?corpId=${encodeURIComponent(corpId)}&userId=${encodeURIComponent(userId)}`);
  if (response.status !== 200) throw new Error(`inbox of ${corpId}/${userId}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.messages as InboxMessage[];
}

/** The keys in the inbox of `userId` of `corpId`, in the inbox's order (oldest first). */
export async function inboxKeys(dingo: TestDingo, corpId: string, userId: string): Promise<string[]> {
  return (await inbox(dingo, corpId, userId)).map((m) => m.processQueryKey);
}

/** Every inbox of the test directory, for "nothing was written" comparisons. */
export async function allInboxes(dingo: TestDingo): Promise<Record<string, InboxMessage[]>> {
  const people: Array<[string, string]> = [
    ['corpA', 'alice'],
    ['corpA', 'bob'],
    ['corpA', 'carol'],
    ['corpA', 'dave'],
    ['corpB', 'erin'],
    ['corpB', 'alice'],
  ];
  const result: Record<string, InboxMessage[]> = {};
  for (const [corpId, userId] of people) result[`${corpId}/${userId}`] = await inbox(dingo, corpId, userId);
  return result;
}

/** POST /_dingo/read: `userId` opens the chat holding the message. */
export function markRead(dingo: TestDingo, corpId: string, userId: string, processQueryKey: string) {
  return dingo.http('/_dingo/read', { method: 'POST', json: { corpId, userId, processQueryKey } });
}

/** Records every event published on the bus from now on. */
export function captureEvents(dingo: TestDingo): { events: DingoEvent[]; stop: () => void } {
  const events: DingoEvent[] = [];
  const stop = dingo.services.events.subscribe((event) => events.push(event));
  return { events, stop };
}

/**
 * A Dingo clock frozen at `iso`: time moves only when a test moves it
 * (clock.advance), so windows are exact and nothing depends on timing luck.
 */
export function frozenClock(iso: string): OffsetClock {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) throw new Error(`not a time: ${iso}`);
  return new OffsetClock(() => at);
}

/** A second enabled robot of app `appA` (the test directory's other robot of appA is stopped). */
export const SECOND_ROBOT = 'robotA2nd';

/** The test directory with `SECOND_ROBOT` added to app appA of corpA. */
export function directoryWithSecondRobot(): SeedFile {
  const seed = structuredClone(TEST_DIRECTORY);
  const appA = seed.corps.find((c) => c.corpId === 'corpA')?.apps?.find((a) => a.appKey === 'appA');
  if (!appA?.robots) throw new Error('the test directory has no app appA with robots');
  appA.robots.push({ robotCode: SECOND_ROBOT, name: 'Robot A second' });
  return seed;
}
