import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../src/packageRoot.js';

const execFileAsync = promisify(execFile);

/** The environment of a spawned CLI: this one without any DINGO_ setting, plus `extra`. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DINGO_'))), ...extra };
}

/** Runs `dingo ARGS` from the sources to its end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: PACKAGE_ROOT, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** A running `dingo serve`. */
export interface ServingCli {
  /** The API base URL from the banner. */
  url: string;
  /** Everything written to stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with stdout once it matches `pattern`; rejects if the process ends first. */
  waitForStdout(pattern: RegExp): Promise<string>;
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `dingo serve ARGS` and resolves once its banner names the API base URL. */
export async function serveCli(args: string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<ServingCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', ...args], {
    cwd: PACKAGE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = true;
      resolve({ code, signal });
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const waitForStdout = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (pattern.test(stdout)) {
          child.stdout.off('data', check);
          resolve(stdout);
        } else if (ended) {
          reject(new Error(`dingo ended before printing ${pattern}:\n${stdout}\n${stderr}`));
        }
      };
      child.stdout.on('data', check);
      void exited.then(() => setImmediate(check));
      check();
    });

  try {
    const banner = await waitForStdout(/API base URL {2}http:\/\/\S+\n/);
    const url = /API base URL {2}(http:\/\/\S+)\n/.exec(banner)?.[1] as string;
    return {
      url,
      output: () => ({ stdout, stderr }),
      waitForStdout,
      async stop(signal = 'SIGTERM') {
        if (!ended) child.kill(signal);
        return exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
