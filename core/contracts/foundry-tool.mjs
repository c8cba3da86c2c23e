// The platform binary of a Foundry tool installed from npm (`@foundry-rs/<tool>-<platform>/bin/<tool>`): the one
// place that finds it, for the repository's scripts, the module kit's `dpan-forge` and the devnet's anvil.
// Never the npm wrapper (node_modules/.bin/forge, 1.7.1): it exits 0 even when forge fails.
// Plain JavaScript so that plain-JS bins use it without a TypeScript loader; typed by foundry-tool.d.mts.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PLATFORM = {
  linux: { x64: 'linux-amd64', arm64: 'linux-arm64' },
  darwin: { x64: 'darwin-amd64', arm64: 'darwin-arm64' },
  win32: { x64: 'win32-amd64' },
}[process.platform]?.[process.arch];

/**
 * Path of the tool's binary, or undefined (with the reason) when it is not installed for this platform.
 * `from` is where resolution starts (a file URL or path): the package that depends on the tool.
 */
export function foundryBinary(tool, from = import.meta.url) {
  if (!PLATFORM) return { reason: `no @foundry-rs/${tool} binary package for ${process.platform}/${process.arch}` };
  const pkgName = `@foundry-rs/${tool}-${PLATFORM}`;
  let pkg;
  try {
    pkg = createRequire(from).resolve(`${pkgName}/package.json`);
  } catch {
    return { reason: `${pkgName} is not installed (npm install)` };
  }
  const binary = join(dirname(pkg), 'bin', process.platform === 'win32' ? `${tool}.exe` : tool);
  return existsSync(binary) ? { binary } : { reason: `${tool} binary not found at ${binary}` };
}

/**
 * How to run a Foundry tool: its platform binary when installed, else `npx --no-install <tool>` (whose exit code
 * is not reliable for forge; callers that must fail on a failing forge check `binary` first).
 */
export function resolveFoundryTool(tool, from = import.meta.url) {
  const { binary } = foundryBinary(tool, from);
  return binary ? { command: binary, args: [] } : { command: 'npx', args: ['--no-install', tool] };
}
