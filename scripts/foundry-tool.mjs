// The platform binary of a Foundry tool installed from npm (`@foundry-rs/<tool>-<platform>/bin/<tool>`), for the
// root scripts. Never the npm wrapper (node_modules/.bin/forge, 1.7.1): it exits 0 even when forge fails.
// The SDK's twin, for TypeScript callers, is core/src/chain/foundryTool.ts.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PLATFORM = {
  linux: { x64: 'linux-amd64', arm64: 'linux-arm64' },
  darwin: { x64: 'darwin-amd64', arm64: 'darwin-arm64' },
  win32: { x64: 'win32-amd64' },
}[process.platform]?.[process.arch];

/** Path of the tool's binary, or undefined (with the reason) when it is not installed for this platform. */
export function foundryBinary(tool) {
  if (!PLATFORM) return { reason: `no @foundry-rs/${tool} binary package for ${process.platform}/${process.arch}` };
  const pkgName = `@foundry-rs/${tool}-${PLATFORM}`;
  let pkg;
  try {
    pkg = createRequire(import.meta.url).resolve(`${pkgName}/package.json`);
  } catch {
    return { reason: `${pkgName} is not installed (npm install)` };
  }
  const binary = join(dirname(pkg), 'bin', process.platform === 'win32' ? `${tool}.exe` : tool);
  return existsSync(binary) ? { binary } : { reason: `${tool} binary not found at ${binary}` };
}
