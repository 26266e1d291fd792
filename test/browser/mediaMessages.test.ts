import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/http/webApp.js';
import { startTestDingo, type TestDingo } from '../harness.js';
import { TINY_PNG, uploadMedia } from '../media.js';
import { otoClient, sendOk } from '../oto.js';
import { launchChromium, type HeadlessBrowser } from './chromium.js';

/**
 * Media ids in robot messages, in a real Chromium: a bot uploads through
 * `/media/upload`, sends the media id, and the recipient sees the picture and
 * downloads the file. Needs the built client (dist/web): `npm test` builds it.
 */
describe('media ids in the web client (Chromium)', () => {
  let dingo: TestDingo;
  let browser: HeadlessBrowser;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) {
      throw new Error(`The web client is not built (${WEB_ROOT} has no index.html). Run \`npm run build\` (npm test does) before the browser tests.`);
    }
    dingo = await startTestDingo();
    browser = await launchChromium({ acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await dingo?.close();
  });

  it('shows an uploaded picture and a file card that downloads the uploaded bytes', async () => {
    const token = await dingo.appToken('appA', 'secretA');
    const oto = otoClient(dingo, token);
    const pictureId = (await uploadMedia(dingo, token, 'image', TINY_PNG)).body.media_id as string;
    const report = Buffer.from('quarter,revenue\nQ1,42\n');
    const fileId = (await uploadMedia(dingo, token, 'file', report, { fileName: 'revenue.csv', contentType: 'text/csv' })).body.media_id as string;
    await sendOk(oto, { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleImageMsg', msgParam: JSON.stringify({ photoURL: pictureId }) });
    await sendOk(oto, { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleFile', msgParam: JSON.stringify({ mediaId: fileId, fileName: 'revenue.csv', fileType: 'csv' }) });

    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(`${dingo.url}/chats/${encodeURIComponent('oto:appA')}?corpId=corpA&userId=bob`);
      const picture = page.locator('img.image-message');
      await picture.waitFor();
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('img.image-message');
        return img !== null && img.complete;
      });
      expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
      expect(await picture.getAttribute('src')).toBe(`/api/media/${encodeURIComponent(pictureId)}`);

      const fileCard = page.locator('a.media-placeholder', { hasText: 'revenue.csv' });
      const [download] = await Promise.all([page.waitForEvent('download'), fileCard.click()]);
      expect(download.suggestedFilename()).toBe('revenue.csv');
      const path = await download.path();
      expect((await readFile(path)).equals(report)).toBe(true);
    } finally {
      await page.close();
    }
  });
});
