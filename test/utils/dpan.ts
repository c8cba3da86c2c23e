// Runs the real `dpan` binary as a child process, the way a city team runs it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DPAN_BIN = fileURLToPath(new URL('../../core/cli/bin/dpan.js', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type DpanResult = { code: number | null; stdout: string; stderr: string };

/** `node core/cli/bin/dpan.js ...args` from the repository root; resolves when it exits. */
export function dpan(...args: string[]): Promise<DpanResult> {
  return dpanIn(REPO_ROOT, ...args);
}

/** The same from `cwd` (dpan reads plugins from the cwd's node_modules, and --city defaults to the cwd). */
export function dpanIn(cwd: string, ...args: string[]): Promise<DpanResult> {
  // A key in the environment would sign instead of the --account a test names.
  const { DPAN_PRIVATE_KEY: _ignored, ...env } = process.env;
  return runProcess(process.execPath, [DPAN_BIN, ...args], { cwd, env });
}

/** Any command as a child process with its output collected; resolves when it exits, whatever its exit code. */
export function runProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<DpanResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `dpan ... --json`, expecting exit code 0, parsed. */
export async function dpanJson<T>(...args: string[]): Promise<T> {
  const result = await dpan(...args, '--json');
  if (result.code !== 0) {
    throw new Error(`dpan ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}
