#!/usr/bin/env node
import { formatBanner } from './banner.js';
import { ConfigError, readConfig } from './config.js';
import { startDingo } from './dingo.js';
import { readSeedFile, SeedError } from './domain/seed.js';
import { VERSION } from './packageRoot.js';
import { caDirectoryOf, CertificateAuthority } from './transparent/certificateAuthority.js';

const USAGE = `Usage:
  dingo serve [--host H] [--port P] [--db URL] [--seed FILE] [--dev]
              [--flow-limit N] [--app-qps N] [--monthly-quota N] [--log-level LEVEL]
              [--log-format json|pretty] [--public-url URL]
              [--transparent | --no-transparent] [--ca-dir DIR]
  dingo ca [--db URL] [--ca-dir DIR]     prints the path of transparent mode's CA certificate
  dingo seed check FILE
  dingo --version

Every flag has an environment variable (DINGO_HOST, DINGO_PORT, DINGO_DB, DINGO_SEED,
DINGO_DEV, DINGO_FLOW_LIMIT, DINGO_APP_QPS, DINGO_MONTHLY_QUOTA, DINGO_LOG_LEVEL,
DINGO_LOG_FORMAT, DINGO_PUBLIC_URL, DINGO_TRANSPARENT, DINGO_CA_DIR); flags win.
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
    if (error instanceof ConfigError || error instanceof SeedError) {
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
