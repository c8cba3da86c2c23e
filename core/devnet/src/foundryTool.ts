// How the devnet runs anvil (and the repository's scripts run forge): the one resolver of Foundry's npm binaries,
// shipped by @citysync/contracts as plain JavaScript so that plain-JS bins share it.
export { type FoundryTool, foundryBinary, resolveFoundryTool } from '@citysync/contracts/foundry-tool';
