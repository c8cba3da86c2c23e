import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A Foundry tool shipped on npm as `@foundry-rs/<tool>` with its binary in `@foundry-rs/<tool>-<platform>`. */
export type FoundryTool = 'forge' | 'anvil';

const PLATFORM_PACKAGES: Record<string, Record<string, string>> = {
  linux: { x64: 'linux-amd64', arm64: 'linux-arm64' },
  darwin: { x64: 'darwin-amd64', arm64: 'darwin-arm64' },
  win32: { x64: 'win32-amd64' },
};

/**
 * How to run a Foundry tool: the platform binary installed from npm when it is there, else `npx --no-install`.
 * The binary is preferred because the npm wrapper (node_modules/.bin/forge, 1.7.1) exits 0 even when forge fails.
 */
export function resolveFoundryTool(tool: FoundryTool): { command: string; args: string[] } {
  const suffix = PLATFORM_PACKAGES[process.platform]?.[process.arch];
  if (suffix !== undefined) {
    try {
      const pkgJson = createRequire(import.meta.url).resolve(`@foundry-rs/${tool}-${suffix}/package.json`);
      const binary = join(dirname(pkgJson), 'bin', process.platform === 'win32' ? `${tool}.exe` : tool);
      if (existsSync(binary)) return { command: binary, args: [] };
    } catch {
      // not installed: fall through to npx
    }
  }
  return { command: 'npx', args: ['--no-install', tool] };
}
