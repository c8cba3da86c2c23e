export {
  getFreePort,
  resolveAnvilCommand,
  startAnvil,
  type AnvilInstance,
  type StartAnvilOptions,
} from './anvil.js';
// The embedded chain (anvil with its state in the city's directory)
export {
  EmbeddedChainRunningError,
  EmbeddedChainStopError,
  embeddedChainDir,
  embeddedChainStatus,
  startEmbeddedChain,
  stopEmbeddedChain,
  type EmbeddedChain,
  type EmbeddedChainRecord,
  type EmbeddedChainStatus,
  type StartEmbeddedChainOptions,
} from './embeddedChain.js';
// --- issue 8 (chain genesis) ---
// A city's production chain: a Besu QBFT genesis, predeploys, node configs (dpan chain genesis)
export {
  writeBesuNetwork,
  devChainId,
  type PredeploysFile,
  type WriteBesuNetworkParameters,
  type WriteBesuNetworkReturnType,
} from './genesis/writeBesuNetwork.js';
export { buildQbftGenesis, qbftDefaults, qbftMixHash, type BuildQbftGenesisParameters } from './genesis/buildQbftGenesis.js';
export { decodeQbftExtraData, encodeQbftExtraData } from './genesis/extraData.js';
export {
  buildPredeployAlloc,
  predeployAddresses,
  predeployContracts,
  predeployDeployer,
  type PredeployName,
} from './genesis/predeploys.js';
export { readPredeploys, type PredeployedCityContracts } from './genesis/readPredeploys.js';
export { readValidatorsFile } from './genesis/readValidators.js';
export { anvilGenesisArgs } from './genesis/anvilGenesisArgs.js';
export { besuNodeConfig, besuNodePorts, type BesuNodeConfigParameters } from './genesis/besuNodeConfig.js';
export { networkReadme, type NetworkReadmeParameters } from './genesis/networkReadme.js';
export { ChainGenesisInputError, PredeployError, PredeploysFileError, QbftExtraDataError } from './genesis/errors.js';
