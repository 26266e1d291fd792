import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/http/webApp.js';
import { startTestDingo, type TestDingo } from '../harness.js';
import { TINY_PNG } from '../media.js';
import { otoClient, sendOk } from '../oto.js';
import { launchChromium, type HeadlessBrowser } from './chromium.js';

/**
 * `--block-remote-images` in a real Chromium: a robot message whose picture is on another site
 * (a tracking pixel, here a second server on loopback) is fetched by the page, unless the option
 * is on; then the browser never asks for it and the client shows the placeholder naming it.
 */
describe('remote images in messages (Chromium)', () => {
  let allowing: TestDingo;
  let blocking: TestDingo;
  let browser: HeadlessBrowser;
  let pixelServer: Server;
  const pixelRequests: string[] = [];
  let pixelUrl: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) {
      throw new Error(`The web client is not built (${WEB_ROOT} has no index.html). Run \`npm run build\` (npm test does) before the browser tests.`);
    }
    pixelServer = createServer((request, response) => {
      pixelRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(TINY_PNG);
    });
    await new Promise<void>((resolve) => pixelServer.listen(0, '127.0.0.1', resolve));
    pixelUrl = `http://127.0.0.1:${(pixelServer.address() as AddressInfo).port}`;
    [allowing, blocking] = await Promise.all([startTestDingo(), startTestDingo({ blockRemoteImages: true })]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([allowing?.close(), blocking?.close()]);
    await new Promise((resolve) => pixelServer?.close(resolve));
  });

  async function openChatWithPixel(dingo: TestDingo, pixel: string) {
    const token = await dingo.appToken('appA', 'secretA');
    await sendOk(otoClient(dingo, token), { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleImageMsg', msgParam: JSON.stringify({ photoURL: `${pixelUrl}/${pixel}.png` }) });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${dingo.url}/chats/${encodeURIComponent('oto:appA')}?corpId=corpA&userId=bob`);
    return page;
  }

  it('loads a picture from another site by default', async () => {
    const page = await openChatWithPixel(allowing, 'allowed');
    try {
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('img.image-message');
        return img !== null && img.complete && img.naturalWidth === 1;
      });
      expect(pixelRequests).toContain('/allowed.png');
    } finally {
      await page.close();
    }
  });

  it('never asks another site for a picture with --block-remote-images, and shows the placeholder naming it', async () => {
    const page = await openChatWithPixel(blocking, 'blocked');
    try {
      await page.getByText(`Image · ${pixelUrl}/blocked.png`).waitFor();
      expect(await page.locator('img.image-message').count()).toBe(0);
      expect(pixelRequests).not.toContain('/blocked.png');
    } finally {
      await page.close();
    }
  });
});
