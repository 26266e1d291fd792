import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { WEB_ROOT } from '../../src/http/webApp.js';
import type { SeedFile } from '../../src/domain/seed.js';
import { startTestDingo, type TestDingo } from '../harness.js';

/** Debian's Chromium, used where installed. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** /usr/bin/chromium if present, else the binary the @sparticuz/chromium package unpacks (into /tmp, once). */
export async function chromiumExecutable(): Promise<string> {
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/** A headless Chromium with a fresh profile; `close()` ends the browser and deletes the profile. */
export interface HeadlessBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: BrowserContextOptions = {}): Promise<HeadlessBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'dingo-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: await chromiumExecutable(),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      ...options,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The hooks of a browser suite: the built client checked, a test Dingo (of `seed`, else the test
 * directory) and a Chromium started (`started` gets them), both stopped at the end.
 */
export function chromiumSuite(started: (suite: { dingo: TestDingo; browser: HeadlessBrowser }) => void, seed?: SeedFile): void {
  let dingo: TestDingo | undefined;
  let browser: HeadlessBrowser | undefined;
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) {
      throw new Error(`The web client is not built (${WEB_ROOT} has no index.html). Run \`npm run build\` (npm test does) before the browser tests.`);
    }
    dingo = await startTestDingo({}, seed);
    browser = await launchChromium();
    started({ dingo, browser });
  });
  afterAll(async () => {
    await browser?.close();
    await dingo?.close();
  });
}
