import { describe, expect, it } from 'vitest';
import { robotSdk, runtime, sdkError } from './harness.js';
import { streamSuite } from './streamBot.js';
import { call, signInAs } from './webClientSession.js';

/**
 * Pictures and files from users to bots (docs/behaviour.md, Conversations and Stream mode): the bot
 * (`dingtalk-stream`) receives download codes and downloads the bytes with the official SDK's
 * `robotMessageFileDownload`; no other robot, and no robot of another corp, can.
 */

const stream = streamSuite(Date.UTC(2026, 4, 4, 9));

/** A PNG's signature and some bytes of every value: byte-for-byte checks see any re-encoding. */
const PICTURE = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256))]);
const say = (json: Record<string, unknown>) => stream.dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', ...json } });
const botA = () => stream.bot('appA', 'secretA');

/** The robot's `robotMessageFileDownload` through the official SDK, with a token of its app. */
async function downloadUrl(appKey: string, appSecret: string, robotCode: string, downloadCode: string) {
  const token = await stream.dingo.appToken(appKey, appSecret);
  return stream.dingo.robot.robotMessageFileDownloadWithOptions(
    new robotSdk.RobotMessageFileDownloadRequest({ downloadCode, robotCode }),
    new robotSdk.RobotMessageFileDownloadHeaders({ xAcsDingtalkAccessToken: token }),
    runtime,
  );
}

/** The robot's download URL, then the bytes behind it. */
async function download(appKey: string, appSecret: string, robotCode: string, downloadCode: string): Promise<Buffer> {
  const { body } = await downloadUrl(appKey, appSecret, robotCode, downloadCode);
  const response = await fetch(body?.downloadUrl ?? '');
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('a picture a user sends', () => {
  it('reaches the bot as a picture whose download code gives the robot the same bytes, and no other corp the file', async () => {
    const bot = await botA();
    const said = await say({ robotCode: 'appA', file: { name: 'chart.png', contentBase64: PICTURE.toString('base64'), kind: 'picture' } });
    expect(said.status).toBe(200);
    const payload = JSON.parse((await bot.next()).data);
    expect(payload).toMatchObject({ msgId: said.body.msgId, msgtype: 'picture', conversationType: '1' });
    expect(payload.content).toEqual({ downloadCode: expect.any(String), pictureDownloadCode: payload.content.downloadCode });
    expect(payload.text).toBeUndefined();
    expect((await download('appA', 'secretA', 'appA', payload.content.downloadCode)).equals(PICTURE)).toBe(true);

    const otherCorp = await sdkError(downloadUrl('appB', 'secretB', 'appB', payload.content.downloadCode));
    expect(otherCorp).toMatchObject({ statusCode: 400, code: 'invalidParameter.downloadCode.invalid' });

    // The chat shows it, served to the members by the web client's media route.
    const alice = await signInAs(stream.dingo, 'corpA', 'alice');
    const [shown] = (await call(stream.dingo, alice, '/api/chats/oto%3AappA/messages')).body.messages;
    expect(shown).toMatchObject({ kind: 'user', msgtype: 'picture', text: '', attachment: { kind: 'picture', mediaId: expect.stringMatching(/^@lA/) } });
    const served = await fetch(`${stream.dingo.url}/api/media/${encodeURIComponent(shown.attachment.mediaId)}`, { headers: { cookie: alice } });
    expect({ status: served.status, type: served.headers.get('content-type') }).toEqual({ status: 200, type: 'image/png' });
    expect(Buffer.from(await served.arrayBuffer()).equals(PICTURE)).toBe(true);
  });

  it('with text is one richText message', async () => {
    const bot = await botA();
    await say({ robotCode: 'appA', text: 'look at this', file: { name: 'chart.png', contentBase64: PICTURE.toString('base64'), kind: 'picture' } });
    const payload = JSON.parse((await bot.next()).data);
    expect(payload.msgtype).toBe('richText');
    expect(payload.content).toEqual({ richText: [{ text: 'look at this' }, { type: 'picture', downloadCode: expect.any(String) }] });
    expect((await download('appA', 'secretA', 'appA', payload.content.richText[1].downloadCode)).equals(PICTURE)).toBe(true);
  });
});

describe('a file a user sends in a group from the composer', () => {
  it('reaches the mentioned robot with its fileName and download code, which no other robot can use', async () => {
    const bot = await botA();
    const bob = await signInAs(stream.dingo, 'corpA', 'bob');
    const bytes = Buffer.from('quarterly numbers\n1,2,3\n');
    const sent = await call(stream.dingo, bob, `/api/chats/${encodeURIComponent('group:cidGroupA==')}/messages`, {
      method: 'POST',
      json: { file: { name: 'numbers.csv', contentBase64: bytes.toString('base64'), kind: 'file' }, atRobotCodes: ['appA'] },
    });
    expect(sent.status).toBe(200);
    const payload = JSON.parse((await bot.next()).data);
    expect(payload).toMatchObject({ msgId: sent.body.msgId, msgtype: 'file', conversationType: '2', content: { downloadCode: expect.any(String), fileName: 'numbers.csv' } });
    expect((await download('appA', 'secretA', 'appA', payload.content.downloadCode)).equals(bytes)).toBe(true);

    const otherRobot = await sdkError(downloadUrl('appA2', 'secretA2', 'appA2', payload.content.downloadCode));
    expect(otherRobot).toMatchObject({ statusCode: 400, code: 'invalidParameter.downloadCode.invalid' });

    // Every member sees a download card.
    const carol = await signInAs(stream.dingo, 'corpA', 'carol');
    const [shown] = (await call(stream.dingo, carol, `/api/chats/${encodeURIComponent('group:cidGroupA==')}/messages`)).body.messages;
    expect(shown).toMatchObject({ kind: 'user', msgtype: 'file', sender: { id: 'bob', name: 'Bob' }, attachment: { kind: 'file', name: 'numbers.csv' } });
  });

  it('refuses bad files, each with its code', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ robotCode: 'appA', file: { name: 'x.png', contentBase64: 'not base64!', kind: 'picture' } }, 'invalidParameter.file.invalid'],
      [{ robotCode: 'appA', file: { name: 'x.png', contentBase64: '', kind: 'picture' } }, 'invalidParameter.file.size'],
      [{ robotCode: 'appA', text: 'and a file', file: { name: 'x.txt', contentBase64: 'eA==', kind: 'file' } }, 'invalidParameter.text.withFile'],
      [{ robotCode: 'appA', file: { name: 'x.txt', contentBase64: 'eA==', kind: 'video' } }, 'invalidParameter.param.invalid'],
    ];
    for (const [body, code] of cases) {
      const answer = await say(body);
      expect({ status: answer.status, code: answer.body.code }, JSON.stringify(body)).toEqual({ status: 400, code });
    }
  });
});
