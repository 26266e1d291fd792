/**
 * `npm start` runs this first: it builds the server and the web client only when
 * their sources changed since this script last built them (or their output is missing,
 * as in a fresh clone), so a second start with nothing changed starts at once.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../src/packageRoot.js';

interface BuildPart {
  /** The npm script that builds it. */
  script: string;
  /** Files and directories (relative to the package root) whose contents the output depends on. */
  sources: string[];
  /** A file the build writes; its absence means "never built". */
  output: string;
  /** Where the hash of the sources of the last build is kept (outside what the build empties). */
  stamp: string;
}

const PARTS: BuildPart[] = [
  {
    script: 'build:server',
    sources: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    output: 'dist/server/cli.js',
    stamp: 'dist/.sources/server.sha256',
  },
  {
    script: 'build:web',
    sources: ['web', 'package-lock.json'],
    output: 'dist/web/index.html',
    stamp: 'dist/.sources/web.sha256',
  },
];

/** Every file under `path` (or `path` itself when it is a file), relative to the package root. */
function listFiles(path: string): string[] {
  const absolute = join(PACKAGE_ROOT, path);
  if (!existsSync(absolute)) return [];
  if (statSync(absolute).isFile()) return [path];
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(PACKAGE_ROOT, join(entry.parentPath, entry.name)));
}

/** A hash of the names and contents of the sources: it changes when any source does. */
function hashSources(sources: string[]): string {
  const hash = createHash('sha256');
  for (const file of sources.flatMap(listFiles).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(PACKAGE_ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

// Run through the npm that runs this script (npm_execpath), so it works wherever `npm start` does.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

for (const part of PARTS) {
  const stamp = join(PACKAGE_ROOT, part.stamp);
  const sourcesHash = hashSources(part.sources);
  const built = existsSync(join(PACKAGE_ROOT, part.output));
  if (built && existsSync(stamp) && readFileSync(stamp, 'utf8') === sourcesHash) continue;
  process.stdout.write(`npm run ${part.script}: ${built ? 'its sources changed since the last build' : 'not built yet'}\n`);
  const [command, ...args] = npm as [string, ...string[]];
  const { status } = spawnSync(command, [...args, 'run', '--silent', part.script], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, sourcesHash);
}
