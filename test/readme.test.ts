import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDingo, type Dingo } from '../src/dingo.js';
import { DEMO } from '../src/domain/directory.js';
import { parseSeed } from '../src/domain/seed.js';
import { PACKAGE_ROOT } from '../src/packageRoot.js';
import { newTestDatabase, TEST_CONFIG } from './harness.js';

/**
 * The README as a test: every fenced block of README.md is run here, in order, as a
 * reader who pastes it would run it, against a fresh Dingo with the demo directory
 * (what `npm start` makes of an empty store); or it is listed below with the test
 * that covers it. A new block that is neither fails the test.
 */

/** The address the README's commands use; each is rewritten to this test's Dingo. */
const README_ADDRESS = '127.0.0.1:3000';

/** Blocks not run here, each with the test that covers it, or why none does. */
const COVERED_ELSEWHERE = new Map([
  ['npm install && npm start', 'installing needs the registry; `dingo serve --dev`, its banner and the banner\'s curl are run by test/config.test.ts'],
  ['npm test', 'this very run'],
  ['npm run bench', 'a measurement for a person to read: it asserts nothing, and speed is never asserted in tests'],
  [
    [
      'HTTPS_PROXY=http://127.0.0.1:3000',
      'NODE_EXTRA_CA_CERTS=/path/to/.dingo/ca/dingo-ca.pem',
      'REQUESTS_CA_BUNDLE=/path/to/.dingo/ca/dingo-ca.pem',
      'SSL_CERT_FILE=/path/to/.dingo/ca/dingo-ca.pem',
    ].join('\n'),
    "the banner's lines with a placeholder path: test/config.test.ts checks the banner prints them, test/transparent.test.ts runs the dingtalk-stream SDK with the first two",
  ],
]);

interface ReadmeBlock {
  /** The fence's language: sh, ts, yaml. */
  lang: string;
  text: string;
  /** The prose between the previous block and this one (it names the file a snippet is saved as). */
  before: string;
  line: number;
}

function readmeBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split('\n');
  let prose: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = /^```(\w*)\s*$/.exec(lines[index] as string);
    if (!opening) {
      prose.push(lines[index] as string);
      continue;
    }
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && !/^```\s*$/.test(lines[index] as string); index++) body.push(lines[index] as string);
    if (index === lines.length) throw new Error(`README.md:${start + 1}: a fenced block is never closed`);
    blocks.push({ lang: opening[1] as string, text: `${body.join('\n')}\n`, before: prose.join('\n'), line: start + 1 });
    prose = [];
  }
  return blocks;
}

type BlockKind = 'scratch project' | 'SDK snippet' | 'SDK run' | 'bot run' | 'curl' | 'seed file';

/** What this test does with a block, or undefined when it does not know the block. */
function kindOf(block: ReadmeBlock): BlockKind | undefined {
  const commands = block.text.trim().split('\n');
  if (block.lang === 'ts') return 'SDK snippet';
  if (block.lang === 'yaml') return 'seed file';
  if (block.lang !== 'sh') return undefined;
  if (commands.includes('npm init -y')) return 'scratch project';
  // A bot keeps running until it is stopped: a file named …bot.ts.
  if (commands.length === 1 && /^npx tsx \w*bot\.ts$/.test(commands[0] as string)) return 'bot run';
  if (commands.every((command) => command.startsWith('npx tsx '))) return 'SDK run';
  if (commands.every((command) => /^(\w+=\$\()?curl /.test(command))) return 'curl';
  return undefined;
}

/** Runs `script` with sh, as a pasted block runs, in an environment without the test runner's npm settings. */
function shell(script: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return new Promise((resolvePromise) =>
    execFile('sh', ['-c', script], { cwd, env }, (error, stdout, stderr) =>
      resolvePromise({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** Polls `condition` every 50 ms until it holds; fails after `timeoutMs`, saying what it waited for. */
async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

/** The package an import specifier names: `@scope/name/deep/path` → `@scope/name`. */
function packageOf(specifier: string): string {
  return specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/**
 * In place of `npm install` (no registry in tests): links each package, and its commands, from this
 * repository's own install into the scratch project.
 */
function linkInstalled(projectDir: string, name: string): void {
  const installed = join(PACKAGE_ROOT, 'node_modules', name);
  const target = join(projectDir, 'node_modules', name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(installed, target);
  const { bin } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const commands = typeof bin === 'string' ? { [name.split('/').pop() as string]: bin } : (bin ?? {});
  mkdirSync(join(projectDir, 'node_modules', '.bin'), { recursive: true });
  for (const [command, file] of Object.entries(commands)) symlinkSync(resolve(installed, file), join(projectDir, 'node_modules', '.bin', command));
}

const blocks = readmeBlocks(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8'));

describe('README.md, pasted as a reader would', () => {
  let dingo: Dingo;
  let work: string;
  /** The SDK's scratch project, once the README's block made it, and what its `npm install` named. */
  let scratch: { dir: string; installed: string[] } | undefined;
  /** The processQueryKeys the SDK snippets printed. */
  const sdkSent: string[] = [];
  /** The control-plane paths the README's curls called. */
  const controlPlaneCalls = new Set<string>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'dingo-readme-'));
    // No seed and an empty store: the demo directory, as `npm start` makes it.
    dingo = await startDingo({ ...TEST_CONFIG, db: await newTestDatabase(), transparent: true, caDir: join(work, 'ca') });
  });
  afterAll(async () => {
    await dingo?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const managerInbox = () => dingo.services.messages.inbox(DEMO.corpId, DEMO.manager.userId);
  const withTestAddress = (text: string) => text.replaceAll(README_ADDRESS, new URL(dingo.url).host);

  /** Each control-plane call: what its curl must answer, and do. */
  const controlPlaneChecks: Record<string, (block: ReadmeBlock, runCurl: (output?: 'json' | 'text') => Promise<any>) => Promise<void>> = {
    async 'ca.pem'(_block, runCurl) {
      const pem = await runCurl('text');
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
      expect(pem).toBe(readFileSync(dingo.services.certificateAuthority?.certPath as string, 'utf8'));
    },
    async clock(block, runCurl) {
      const advanceMs = Number(/"advanceMs":(\d+)/.exec(block.text)?.[1]);
      const before = dingo.services.clock.now();
      const answer = await runCurl();
      expect(answer).toEqual({ now: expect.any(String) });
      expect(Date.parse(answer.now)).toBeGreaterThanOrEqual(before + advanceMs);
      expect(Date.parse(answer.now)).toBeLessThanOrEqual(dingo.services.clock.now());
    },
    async read(_block, runCurl) {
      const newest = (await managerInbox()).at(-1);
      expect(newest?.readAt).toBeNull();
      expect(await runCurl()).toEqual({ ok: true });
      const after = (await managerInbox()).find((message) => message.processQueryKey === newest?.processQueryKey);
      expect(after?.readAt).not.toBeNull();
    },
    async inbox(_block, runCurl) {
      const answer = await runCurl();
      const expected = (await managerInbox()).map((m) =>
        expect.objectContaining({ processQueryKey: m.processQueryKey, msgKey: m.msgKey, read: m.readAt !== null, createdAt: new Date(m.createdAt).toISOString() }),
      );
      expect(answer).toEqual({ messages: expected });
      // What the SDK snippets sent is there.
      expect(answer.messages.map((message: { processQueryKey: string }) => message.processQueryKey)).toEqual(expect.arrayContaining(sdkSent));
    },
    async say(block, runCurl) {
      const answer = await runCurl();
      expect(answer).toEqual({ msgId: expect.stringMatching(/^msg/) });
      const said = JSON.parse(/-d '([^']+)'/.exec(block.text)?.[1] ?? '{}');
      const { store } = dingo.services;
      const written =
        said.openConversationId === undefined
          ? await store.conversations.listOneToOneMessages(DEMO.corpId, said.userId, said.robotCode)
          : await store.conversations.listGroupMessages(DEMO.corpId, said.userId, said.openConversationId);
      const message = written.find((m) => m.msgId === answer.msgId);
      if (said.file === undefined) expect(message?.content).toEqual({ content: said.text });
      else {
        expect(message?.msgtype).toBe(said.file.kind);
        const file = await dingo.services.mediaFiles.find(DEMO.corpId, String(message?.content.mediaId));
        expect(file?.bytes.toString('base64')).toBe(said.file.contentBase64);
      }
      // The Demo Bot receives each of them (in the group, through atRobot).
      const pushed = (await store.botDeliveries.listWithLog(DEMO.corpId, { robotCode: DEMO.robotCode, limit: 20 })).map((d) => JSON.parse(d.payload).msgId);
      expect(pushed).toContain(answer.msgId);
    },
    async deliveries(_block, runCurl) {
      const answer = await runCurl();
      expect(answer).toMatchObject({ corpId: DEMO.corpId, robotCode: DEMO.robotCode, receive: 'stream', connections: [] });
      expect(answer.deliveries[0]).toMatchObject({ channel: 'stream', status: 'waiting', payload: { text: { content: 'hello bot' } } });
      expect(answer.deliveries[0].attempts.map((attempt: { event: string }) => attempt.event)).toEqual(['queued']);
    },
    async 'streams/disconnect'(_block, runCurl) {
      expect(await runCurl()).toEqual({ disconnected: 0 });
    },
    async faults(block, runCurl) {
      const answer = await runCurl();
      if (block.text.includes('-X DELETE')) {
        expect(answer).toEqual({ cleared: 1 });
        expect(dingo.services.faults.list()).toEqual([]);
      } else if (block.text.includes(' -d ')) {
        expect(answer).toMatchObject({ api: '/v1.0/robot/oToMessages/batchSend', code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', status: 403, remaining: 2 });
      } else {
        expect(answer).toEqual({ faults: [expect.objectContaining({ api: '/v1.0/robot/oToMessages/batchSend', remaining: 2 })] });
      }
    },
    async reset(_block, runCurl) {
      expect(await managerInbox()).not.toEqual([]);
      expect(await runCurl()).toEqual({ ok: true });
      for (const user of DEMO.users) expect(await dingo.services.messages.inbox(DEMO.corpId, user.userId)).toEqual([]);
    },
  };

  const runners: Record<BlockKind, (block: ReadmeBlock) => Promise<void>> = {
    async 'scratch project'(block) {
      // `npm init -y` is run for real; `npm install` is recorded, then done by linking this repository's install.
      const record = join(work, 'npm-install.txt');
      const npmWithoutRegistry = `npm() { if [ "$1" = install ]; then shift; printf '%s\\n' "$PWD" "$@" > '${record}'; else command npm "$@"; fi; }\n`;
      const result = await shell(npmWithoutRegistry + block.text, work);
      expect(result, result.stderr).toMatchObject({ code: 0 });
      const [dir, ...installed] = readFileSync(record, 'utf8').trim().split('\n');
      scratch = { dir: dir as string, installed };
      // A project as `npm init -y` makes it: CommonJS, whether or not its npm writes the "type".
      const packageJson = JSON.parse(readFileSync(join(scratch.dir, 'package.json'), 'utf8')) as { type?: string };
      expect(packageJson.type ?? 'commonjs').toBe('commonjs');
      for (const name of installed) linkInstalled(scratch.dir, name);
    },

    async 'SDK snippet'(block) {
      expect(scratch, 'the scratch project is made before the snippet').toBeDefined();
      const file = [...block.before.matchAll(/`([\w.-]+\.[cm]?ts)`/g)].at(-1)?.[1];
      expect(file, 'the prose before the snippet names the file to save it as').toBeDefined();
      expect(block.text).toContain(README_ADDRESS);
      const imported = [...block.text.matchAll(/^import .* from '([^']+)';$/gm)].map((match) => packageOf(match[1] as string));
      expect(imported.length).toBeGreaterThan(0);
      expect(scratch?.installed, 'the README installs every package the snippet imports').toEqual(expect.arrayContaining(imported));
      writeFileSync(join(scratch?.dir as string, file as string), withTestAddress(block.text));
    },

    async 'SDK run'(block) {
      expect(scratch, 'the scratch project is made before the snippet runs').toBeDefined();
      const result = await shell(block.text, scratch?.dir as string);
      expect(result).toEqual({ code: 0, stdout: expect.stringMatching(/^[A-Za-z0-9+/]{20,}={0,2}\n$/), stderr: '' });
      const processQueryKey = result.stdout.trim();
      sdkSent.push(processQueryKey);
      // Sent to the two users the snippet names.
      for (const userId of [DEMO.manager.userId, 'user2']) {
        const keys = (await dingo.services.messages.inbox(DEMO.corpId, userId)).map((message) => message.processQueryKey);
        expect(keys, userId).toContain(processQueryKey);
      }
    },

    async 'bot run'(block) {
      expect(scratch, 'the scratch project is made before the bot runs').toBeDefined();
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
      // Started as a reader starts it, in its own process group so that stopping it (Ctrl-C) stops npx and tsx too.
      const bot: ChildProcess = spawn('sh', ['-c', block.text], { cwd: scratch?.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      bot.stdout?.on('data', (chunk) => (output += chunk));
      bot.stderr?.on('data', (chunk) => (output += chunk));
      const gateway = dingo.services.streamGateway;
      try {
        await waitFor(`the bot to connect (its output: ${output})`, async () => gateway.connectionCount(DEMO.robotCode) > 0);
        // What the reader does in the browser: write to the Demo Bot, and read its answer in the chat.
        const said = await fetch(`${dingo.url}/_dingo/say`, {
          method: 'POST',
          body: JSON.stringify({ corpId: DEMO.corpId, userId: DEMO.manager.userId, robotCode: DEMO.robotCode, text: 'are you there?' }),
        });
        expect(said.status).toBe(200);
        const answer = `${DEMO.manager.name}, you said: are you there?`;
        await waitFor(`the bot's answer (its output: ${output})`, async () =>
          (await managerInbox()).some((message) => message.robotCode === DEMO.robotCode && message.msgParam === JSON.stringify({ content: answer })),
        );
        // It acks the message (after its answer, as the snippet does): nothing is pushed to it again.
        await waitFor('the ack', async () => {
          const [delivery] = await dingo.services.store.botDeliveries.listWithLog(DEMO.corpId, { robotCode: DEMO.robotCode, limit: 1 });
          return delivery?.status === 'acked';
        });
      } finally {
        process.kill(-(bot.pid as number), 'SIGINT');
        await waitFor('the bot to stop', async () => gateway.connectionCount(DEMO.robotCode) === 0);
      }
    },

    async curl(block) {
      const path = [...block.text.matchAll(/\/_dingo\/([\w/.]+)/g)].at(-1)?.[1] as string;
      const check = controlPlaneChecks[path];
      expect(check, `the test knows what ${block.text} answers`).toBeDefined();
      controlPlaneCalls.add(`/_dingo/${path}`);
      await check?.(block, async (output = 'json') => {
        const result = await shell(withTestAddress(block.text), work);
        if (output === 'text') {
          expect(result).toMatchObject({ code: 0, stderr: '' });
          return result.stdout;
        }
        // -w '\n': the answer ends its line, so the shell's prompt starts on a new one.
        expect(result).toEqual({ code: 0, stdout: expect.stringMatching(/^\{.*\}\n$/), stderr: '' });
        return JSON.parse(result.stdout);
      });
    },

    async 'seed file'(block) {
      const seed = parseSeed(block.text, 'seed.yaml');
      expect(seed.corps?.length).toBeGreaterThan(0);
    },
  };

  it('runs every block or names the test that covers it, and lists no block the README no longer has', () => {
    const unknown = blocks.filter((block) => kindOf(block) === undefined && !COVERED_ELSEWHERE.has(block.text.trim()));
    expect(unknown.map((block) => `README.md:${block.line}: ${block.text}`)).toEqual([]);
    const texts = new Set(blocks.map((block) => block.text.trim()));
    expect([...COVERED_ELSEWHERE.keys()].filter((text) => !texts.has(text))).toEqual([]);
  });

  for (const block of blocks) {
    const kind = kindOf(block);
    if (kind === undefined) continue;
    it(`README.md:${block.line}, ${kind}: ${block.text.split('\n')[0]}`, () => runners[kind](block));
  }

  it('shows a curl for every control-plane call', async () => {
    const documented = Object.keys(((await (await fetch(`${dingo.url}/openapi.json`)).json()) as { paths: Record<string, unknown> }).paths);
    expect([...controlPlaneCalls].sort()).toEqual(documented.filter((path) => path.startsWith('/_dingo/')).sort());
  });
});
