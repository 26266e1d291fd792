#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { formatBanner } from './banner.js';
import { ConfigError, readConfig } from './config.js';
import { startDingo } from './dingo.js';
import { readSeedFile, SeedError } from './domain/seed.js';
import { VERSION } from './packageRoot.js';
import { loadServerKey, ServerKeyError, serverKeySourceOf } from './secrets/serverKey.js';
import { WrongServerKeyError } from './secrets/storedSecrets.js';
import { openStore } from './store/openStore.js';
import { caDirectoryOf, CertificateAuthority } from './transparent/certificateAuthority.js';

const USAGE = `Usage:
  dingo serve [--host H] [--port P] [--db URL] [--seed FILE] [--dev]
              [--flow-limit N] [--app-qps N] [--monthly-quota N] [--log-level LEVEL]
              [--log-format json|pretty] [--public-url URL]
              [--transparent | --no-transparent] [--ca-dir DIR] [--secret-key-file FILE]
  dingo ca [--db URL] [--ca-dir DIR]     prints the path of transparent mode's CA certificate
  dingo rotate-key --new-key-file NEW [--db URL] [--secret-key-file FILE]
                                         seals every stored secret under the key in NEW
                                         (created when missing); then start with NEW
  dingo seed check FILE
  dingo --version

Every flag has an environment variable (DINGO_HOST, DINGO_PORT, DINGO_DB, DINGO_SEED,
DINGO_DEV, DINGO_FLOW_LIMIT, DINGO_APP_QPS, DINGO_MONTHLY_QUOTA, DINGO_LOG_LEVEL,
DINGO_LOG_FORMAT, DINGO_PUBLIC_URL, DINGO_TRANSPARENT, DINGO_CA_DIR,
DINGO_SECRET_KEY_FILE); flags win. DINGO_SECRET_KEY holds the server key itself.
Transparent mode (Dingo as HTTPS proxy for DingTalk's hosts) is on by default in dev mode only.
--db takes sqlite:<file> (default sqlite:.dingo/dingo.db), sqlite::memory: or postgres://…
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'ca':
      return printCaPath(rest);
    case 'rotate-key':
      return rotateKey(rest);
    case 'seed':
      if (rest[0] === 'check' && rest.length === 2) return checkSeed(rest[1] as string);
      break;
    case '--version':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
  }
  process.stderr.write(USAGE);
  return 2;
}

async function serve(args: string[]): Promise<number> {
  const config = readConfig(args, process.env);
  const dingo = await startDingo(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`dingo: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    dingo.server.log.info({ signal }, 'shutting down: finishing in-flight requests');
    dingo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`dingo: shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  // Before the banner: whoever reads it may send a signal at once.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stdout.write(await formatBanner(dingo));
  return new Promise<number>(() => {}); // runs until a signal stops it
}

/** `dingo ca`: the CA certificate's path, for the same settings as `serve` (the CA is made if it does not exist yet). */
function printCaPath(args: string[]): number {
  const config = readConfig(args, process.env);
  const dir = caDirectoryOf(config);
  if (dir === undefined) {
    throw new ConfigError('an in-memory database keeps its CA in a temporary directory that lives as long as the server: give --ca-dir to keep one');
  }
  process.stdout.write(`${CertificateAuthority.openOrCreate(dir).certPath}\n`);
  return 0;
}

/** `dingo rotate-key`: every stored secret sealed under a new server key, for the same settings as `serve` (docs/deployment.md). */
async function rotateKey(args: string[]): Promise<number> {
  const at = args.indexOf('--new-key-file');
  const newKeyFile = at === -1 ? undefined : args[at + 1];
  if (newKeyFile === undefined || newKeyFile.startsWith('--')) throw new ConfigError('rotate-key needs --new-key-file FILE: the new key (created, mode 0600, when missing)');
  const config = readConfig([...args.slice(0, at), ...args.slice(at + 2)], process.env);
  const current = serverKeySourceOf(config);
  if (current.kind === 'ephemeral') throw new ConfigError('an in-memory database keeps nothing: there is no key to rotate');
  if (current.kind === 'file' && !existsSync(current.path)) throw new ConfigError(`there is no server key file ${current.path}: give the current one with --secret-key-file`);
  const currentKey = loadServerKey(current);
  const newKey = loadServerKey({ kind: 'file', path: newKeyFile });
  if (newKey.equals(currentKey)) throw new ConfigError(`${newKeyFile} holds the current key`);
  const store = await openStore(config.db, currentKey, { filesDir: config.filesDir, sqliteSynchronous: config.sqliteSynchronous });
  try {
    await store.resealUnder(newKey);
  } finally {
    await store.close();
  }
  process.stdout.write(`Every stored secret is now sealed under the key in ${newKeyFile}: start every node with --secret-key-file ${newKeyFile} (or move it in place of the old key file); the old key opens nothing any more.\n`);
  return 0;
}

async function checkSeed(file: string): Promise<number> {
  const seed = await readSeedFile(file);
  /** "1 suite", "2 suites": `what` is the plural. */
  const count = (n: number | undefined, what: string) => `${n ?? 0} ${n === 1 ? what.replace(/s$/, '') : what}`;
  const corps = seed.corps;
  process.stdout.write(
    `${file}: OK — ${count(corps.length, 'corps')}, ${count(corps.reduce((n, c) => n + (c.users?.length ?? 0), 0), 'users')}, ` +
      `${count(corps.reduce((n, c) => n + (c.apps?.length ?? 0), 0), 'apps')}, ${count(seed.suites?.length, 'suites')}, ` +
      `${count(corps.reduce((n, c) => n + (c.privateChats?.length ?? 0), 0), 'person-to-person chats')}\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof SeedError || error instanceof ServerKeyError || error instanceof WrongServerKeyError) {
      process.stderr.write(`dingo: ${error.message}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      process.stderr.write(`dingo: cannot listen: ${(error as Error).message}\n`);
      process.exit(1);
    }
    process.stderr.write(`dingo: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
