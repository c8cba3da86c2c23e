// Public API of @citysync/core. Changing this list on purpose means updating core/test/ts/exports.test.ts.
export { CitySyncError, type CitySyncErrorOptions } from './errors/base.js';
export { AnvilStartError } from './errors/chain.js';
export {
  getFreePort,
  resolveAnvilCommand,
  startAnvil,
  type AnvilInstance,
  type StartAnvilOptions,
} from './chain/anvil.js';
// Contract ABIs and creation bytecode: <Name>Abi / <Name>Bytecode (regenerate with `npm run gen:abis`).
export * from './generated/abis.js';
