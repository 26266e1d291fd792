import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import { DOWNLOAD_URL_LIFETIME_MS, MEDIA_SIZE_LIMITS } from '../src/domain/mediaFiles.js';
import { TEST_DIRECTORY } from './directory.js';
import { robotSdk, runtime, sdkError, startTestDingo, type TestDingo } from './harness.js';
import { TINY_PNG, uploadMedia, webSessionOf } from './media.js';

const MB = 1024 * 1024;

async function fetchWith(dingo: TestDingo, path: string, cookie?: string) {
  const response = await fetch(`${dingo.url}${path}`, { headers: cookie === undefined ? {} : { cookie } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** One server for the upload and web tests; the download tests run on a clock of their own. */
let dingo: TestDingo;
let token: string;
beforeAll(async () => {
  dingo = await startTestDingo();
  token = await dingo.appToken('appA', 'secretA');
});
afterAll(() => dingo.close());

describe('POST /media/upload', () => {
  it('stores each type and answers its media id, which the corp\'s web users can fetch byte for byte', async () => {
    const cookie = await webSessionOf(dingo, 'corpA', 'bob');
    const uploads = [
      { type: 'image', bytes: TINY_PNG, fileName: 'dot.png', contentType: 'image/png' },
      { type: 'voice', bytes: Buffer.from('#!AMR\n voice'), fileName: 'hello.amr', contentType: 'audio/amr' },
      { type: 'video', bytes: Buffer.from('....ftypmp42 video'), fileName: 'clip.mp4', contentType: 'video/mp4' },
      { type: 'file', bytes: Buffer.from('%PDF-1.4 report'), fileName: '季度报告.pdf', contentType: 'application/pdf' },
    ];
    const mediaIds = new Set<string>();
    for (const upload of uploads) {
      const before = dingo.clock.now();
      const { status, body } = await uploadMedia(dingo, token, upload.type, upload.bytes, upload);
      expect(status).toBe(200);
      expect(body).toEqual({ errcode: 0, errmsg: 'ok', type: upload.type, media_id: expect.stringMatching(/^@lA[\w-]{24}$/), created_at: expect.any(Number) });
      expect(body.created_at).toBeGreaterThanOrEqual(before);
      mediaIds.add(body.media_id as string);

      const served = await fetchWith(dingo, `/api/media/${encodeURIComponent(body.media_id as string)}`, cookie);
      expect(served.status).toBe(200);
      expect(served.bytes.equals(upload.bytes)).toBe(true);
      expect(served.headers.get('content-type')).toBe(upload.contentType);
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      if (upload.type === 'image') expect(served.headers.get('content-disposition')).toBe('inline');
      else expect(served.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(upload.fileName)}`);
    }
    expect(mediaIds.size).toBe(uploads.length);
  });

  it('gives the same content uploaded twice two media ids', async () => {
    const first = await uploadMedia(dingo, token, 'image', TINY_PNG);
    const second = await uploadMedia(dingo, token, 'image', TINY_PNG);
    expect(first.body.media_id).not.toBe(second.body.media_id);
  });

  it('refuses a missing access token with errcode 41001, an unknown or expired one with 40014', async () => {
    const expected = { errcode: 40014, errmsg: '不合法的access_token' };
    expect((await uploadMedia(dingo, 'not-a-token', 'image', TINY_PNG)).body).toEqual(expected);
    expect((await uploadMedia(dingo, '', 'image', TINY_PNG)).body).toEqual({ errcode: 41001, errmsg: '缺少access_token参数' });
    const clock = new OffsetClock();
    const later = await startTestDingo({}, TEST_DIRECTORY, clock);
    try {
      const expiring = await later.appToken('appA', 'secretA');
      clock.advance(7200_001);
      const { status, body } = await uploadMedia(later, expiring, 'image', TINY_PNG);
      expect(status).toBe(200);
      expect(body).toEqual(expected);
    } finally {
      await later.close();
    }
  });

  it('refuses a missing or unknown type with errcode 40004', async () => {
    for (const type of ['', 'picture', 'IMAGE']) {
      expect((await uploadMedia(dingo, token, type, TINY_PNG)).body).toEqual({ errcode: 40004, errmsg: '不合法的媒体文件类型' });
    }
  });

  it('refuses a body without the media field with errcode 41005, and an unreadable multipart body with 40035', async () => {
    const otherField = await uploadMedia(dingo, token, 'image', TINY_PNG, { field: 'file' });
    expect(otherField.body).toMatchObject({ errcode: 41005 });
    const query = new URLSearchParams({ access_token: token, type: 'image' });
    const json = await fetch(`${dingo.url}/media/upload?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"media":"x"}' });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ errcode: 41005 });
    const broken = await fetch(`${dingo.url}/media/upload?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' }, // no boundary
      body: 'garbage',
    });
    expect(await broken.json()).toMatchObject({ errcode: 40035 });
  });

  it('takes a voice of exactly 2 MB and refuses one byte more, or an empty file, with errcode 40006', async () => {
    expect(MEDIA_SIZE_LIMITS).toEqual({ image: 20 * MB, voice: 2 * MB, video: 20 * MB, file: 20 * MB });
    const atLimit = await uploadMedia(dingo, token, 'voice', Buffer.alloc(2 * MB, 1), { contentType: 'audio/amr', fileName: 'long.amr' });
    expect(atLimit.body).toMatchObject({ errcode: 0, type: 'voice' });
    const over = await uploadMedia(dingo, token, 'voice', Buffer.alloc(2 * MB + 1, 1), { contentType: 'audio/amr', fileName: 'long.amr' });
    expect(over).toEqual({ status: 200, body: { errcode: 40006, errmsg: '不合法的文件大小' } });
    expect((await uploadMedia(dingo, token, 'file', Buffer.alloc(0))).body).toEqual({ errcode: 40006, errmsg: '不合法的文件大小' });
  });

  it('counts against the platform limits, refused in the legacy form: 90018 per second, 90020 per month', async () => {
    const fixedTime = Date.parse('2026-05-01T08:00:00Z');
    const qps = await startTestDingo({ appQps: 1 }, TEST_DIRECTORY, new OffsetClock(() => fixedTime));
    const quota = await startTestDingo({ monthlyQuota: 1 });
    try {
      const qpsToken = await qps.appToken('appA', 'secretA');
      expect((await uploadMedia(qps, qpsToken, 'image', TINY_PNG)).body).toMatchObject({ errcode: 0 });
      expect((await uploadMedia(qps, qpsToken, 'image', TINY_PNG)).body).toMatchObject({ errcode: 90018 });
      const quotaToken = await quota.appToken('appA', 'secretA');
      expect((await uploadMedia(quota, quotaToken, 'image', TINY_PNG)).body).toMatchObject({ errcode: 0 });
      expect((await uploadMedia(quota, quotaToken, 'image', TINY_PNG)).body).toMatchObject({ errcode: 90020 });
    } finally {
      await qps.close();
      await quota.close();
    }
  });
});

describe('media ids in robot messages', () => {
  async function send(msgKey: string, msgParam: Record<string, unknown>) {
    return dingo.robot.batchSendOTOWithOptions(
      new robotSdk.BatchSendOTORequest({ robotCode: 'appA', userIds: ['alice'], msgKey, msgParam: JSON.stringify(msgParam) }),
      new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
  }

  it('serves a sampleImageMsg picture to the recipient, and never to another corp or to nobody', async () => {
    const mediaId = (await uploadMedia(dingo, token, 'image', TINY_PNG)).body.media_id as string;
    await send('sampleImageMsg', { photoURL: mediaId });

    const alice = await webSessionOf(dingo, 'corpA', 'alice');
    const chats = await (await fetch(`${dingo.url}/api/chats`, { headers: { cookie: alice } })).json();
    const chat = chats.chats.find((c: { kind: string }) => c.kind === 'robot');
    expect(JSON.parse(chat.lastMessage.msgParam)).toEqual({ photoURL: mediaId });

    const picture = await fetchWith(dingo, `/api/media/${encodeURIComponent(mediaId)}`, alice);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(picture.bytes.equals(TINY_PNG)).toBe(true);

    // Corp B has a user named alice too: the media id is still corp A's only.
    const aliceOfB = await webSessionOf(dingo, 'corpB', 'alice');
    const refused = await fetch(`${dingo.url}/api/media/${encodeURIComponent(mediaId)}`, { headers: { cookie: aliceOfB } });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ code: 'media.notFound' });
    const anonymous = await fetch(`${dingo.url}/api/media/${encodeURIComponent(mediaId)}`);
    expect(anonymous.status).toBe(401);
  });

  it('serves a sampleFile as a download under its uploaded name', async () => {
    const report = Buffer.from('name,amount\nalice,3\n');
    const mediaId = (await uploadMedia(dingo, token, 'file', report, { fileName: 'résumé Q1.csv', contentType: 'text/csv' })).body.media_id as string;
    await send('sampleFile', { mediaId, fileName: 'report.csv', fileType: 'csv' });
    const file = await fetchWith(dingo, `/api/media/${encodeURIComponent(mediaId)}`, await webSessionOf(dingo, 'corpA', 'alice'));
    expect(file.status).toBe(200);
    expect(file.bytes.equals(report)).toBe(true);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="r_sum_ Q1.csv"; filename*=UTF-8''r%C3%A9sum%C3%A9%20Q1.csv`);
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('never shows an uploaded non-picture inline, whatever type its uploader declared', async () => {
    const page = Buffer.from('<script>alert(1)</script>');
    const mediaId = (await uploadMedia(dingo, token, 'image', page, { fileName: 'x.html', contentType: 'text/html' })).body.media_id as string;
    const served = await fetchWith(dingo, `/api/media/${encodeURIComponent(mediaId)}`, await webSessionOf(dingo, 'corpA', 'alice'));
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
  });
});

describe('POST /v1.0/robot/messageFiles/download', () => {
  const fixedTime = Date.parse('2026-05-01T08:00:00Z');
  let clock: OffsetClock;
  let dingo: TestDingo;
  beforeAll(async () => {
    clock = new OffsetClock(() => fixedTime);
    dingo = await startTestDingo({}, TEST_DIRECTORY, clock);
  });
  afterAll(() => dingo.close());

  /** A file a user of corp A sent to robot `robotCode`, and the download code its message carries. */
  async function fileSentTo(robotCode: string, bytes: Buffer) {
    const file = await dingo.services.mediaFiles.save('corpA', 'file', { name: 'notes.txt', contentType: 'text/plain', bytes });
    return { file, downloadCode: await dingo.services.mediaFiles.issueDownloadCode('corpA', robotCode, file) };
  }

  function download(token: string, request: { downloadCode?: string; robotCode?: string }) {
    return dingo.robot.robotMessageFileDownloadWithOptions(
      new robotSdk.RobotMessageFileDownloadRequest(request),
      new robotSdk.RobotMessageFileDownloadHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
  }

  it('hands the robot a download URL (the official SDK) that serves the bytes, byte for byte, for one hour', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const { downloadCode } = await fileSentTo('appA', bytes);
    expect(downloadCode).toMatch(/^[A-Za-z0-9+/]{64}$/);
    const token = await dingo.appToken('appA', 'secretA');
    const { body } = await download(token, { downloadCode, robotCode: 'appA' });
    const downloadUrl = body?.downloadUrl ?? '';
    expect(downloadUrl.startsWith(`${dingo.url}/files/download?token=`)).toBe(true);

    const served = await fetch(downloadUrl);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect(served.headers.get('content-disposition')).toContain('filename="notes.txt"');
    expect(served.headers.get('cache-control')).toBe('no-store');

    clock.advance(DOWNLOAD_URL_LIFETIME_MS);
    expect((await fetch(downloadUrl)).status).toBe(200);
    clock.advance(1);
    const expired = await fetch(downloadUrl);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ code: 'downloadUrl.expired' });
    // The code itself still works: a new URL for another hour.
    const again = await download(await dingo.appToken('appA', 'secretA'), { downloadCode, robotCode: 'appA' });
    expect((await fetch(again.body?.downloadUrl ?? '')).status).toBe(200);
  });

  it('refuses a download URL it did not issue', async () => {
    for (const query of ['?token=made-up', `?token=${'A'.repeat(80)}`, '']) {
      const response = await fetch(`${dingo.url}/files/download${query}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'downloadUrl.invalid' });
    }
  });

  it("refuses a code of another robot or another corp, or an unknown one, alike", async () => {
    const { downloadCode } = await fileSentTo('appA', Buffer.from('for robot A only'));
    const otherRobot = await sdkError(download(await dingo.appToken('appA2', 'secretA2'), { downloadCode, robotCode: 'appA2' }));
    expect(otherRobot).toMatchObject({ statusCode: 400, code: 'invalidParameter.downloadCode.invalid' });
    const otherCorp = await sdkError(download(await dingo.appToken('appB', 'secretB'), { downloadCode, robotCode: 'appB' }));
    expect(otherCorp).toMatchObject({ statusCode: 400, code: 'invalidParameter.downloadCode.invalid' });
    const unknown = await sdkError(download(await dingo.appToken('appA', 'secretA'), { downloadCode: 'bm90IGEgY29kZQ==', robotCode: 'appA' }));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'invalidParameter.downloadCode.invalid' });
  });

  it('checks the request: robotCode, then downloadCode, then the robot belongs to the app', async () => {
    const { downloadCode } = await fileSentTo('appA', Buffer.from('x'));
    const token = await dingo.appToken('appA', 'secretA');
    expect(await sdkError(download(token, { downloadCode }))).toMatchObject({ statusCode: 400, code: 'invalidParameter.robotCode.empty' });
    expect(await sdkError(download(token, { robotCode: 'appA', downloadCode: '' }))).toMatchObject({ statusCode: 400, code: 'invalidParameter.downloadCode.empty' });
    expect(await sdkError(download(token, { robotCode: 'appA2', downloadCode }))).toMatchObject({ statusCode: 400, code: 'invalidParameter.robotCode.notExsit' });
    expect(await sdkError(download('not-a-token', { robotCode: 'appA', downloadCode }))).toMatchObject({ statusCode: 400, code: 'InvalidAuthentication' });
  });
});
