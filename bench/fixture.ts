/**
 * What every bench Dingo is seeded with: one corp with 20 users, one app whose robot (addressed by
 * the app's key, hearing users over Stream) sends to all of them, and a group of the 20 with the robot in it.
 */
export const CORP_ID = 'dingbenchcorp';
export const APP_KEY = 'dingbenchapp';
export const APP_SECRET = 'bench-secret';
export const GROUP_ID = 'cidbenchgroup';
export const USER_IDS = Array.from({ length: 20 }, (_, i) => `user${i + 1}`);

export const SEED = {
  corps: [
    {
      corpId: CORP_ID,
      name: 'Bench Corp',
      users: USER_IDS.map((userId) => ({ userId, name: `User ${userId}` })),
      apps: [{ appKey: APP_KEY, appSecret: APP_SECRET, name: 'Bench', robots: [{ name: 'Bench Bot' }] }],
      groups: [{ openConversationId: GROUP_ID, title: 'Bench group', owner: 'user1', members: USER_IDS, robots: [APP_KEY] }],
    },
  ],
};

/** The request bodies of the rows. */
export const BATCH_SEND_BODY = JSON.stringify({ robotCode: APP_KEY, userIds: USER_IDS, msgKey: 'sampleText', msgParam: '{"content":"benchmark"}' });
export const GROUP_SEND_BODY = JSON.stringify({ robotCode: APP_KEY, openConversationId: GROUP_ID, msgKey: 'sampleText', msgParam: '{"content":"benchmark"}' });
export const SESSION_REPLY_BODY = JSON.stringify({ msgtype: 'text', text: { content: 'benchmark reply' } });

/** What a user writes to the robot with `/_dingo/say`; `text` carries the bench's send time for the Stream row. */
export function sayBody(userId: string, text: string): string {
  return JSON.stringify({ corpId: CORP_ID, userId, robotCode: APP_KEY, text });
}
