/** A Foundry tool shipped on npm as `@foundry-rs/<tool>` with its binary in `@foundry-rs/<tool>-<platform>`. */
export type FoundryTool = 'forge' | 'anvil' | 'cast';

/** Path of the tool's binary, or the reason it is not installed for this platform. */
export function foundryBinary(tool: FoundryTool, from?: string): { binary?: string; reason?: string };

/** The tool's platform binary when installed, else `npx --no-install <tool>`. */
export function resolveFoundryTool(tool: FoundryTool, from?: string): { command: string; args: string[] };
