// The real `dpan` binary, as a city team runs it (from the repository root unless `cwd` is given): exit code and
// output. dpan finds this package's `dpan mce` commands as a plugin (node_modules, or the city's dpan-lock.json).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DPAN = fileURLToPath(new URL('../../../core/cli/bin/dpan.js', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type DpanResult = { code: number; stdout: string; stderr: string };

export function dpanIn(cwd: string, ...args: string[]): Promise<DpanResult> {
  // A key in the environment would sign instead of the --account a test names.
  const { DPAN_PRIVATE_KEY: _ignored, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [DPAN, ...args], { cwd, env }, (error, stdout, stderr) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : error === null ? 0 : 1, stdout, stderr }),
    );
  });
}

export const dpan = (...args: string[]): Promise<DpanResult> => dpanIn(REPO_ROOT, ...args);
