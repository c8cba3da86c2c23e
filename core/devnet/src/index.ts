// Background processes on loopback (anvil, the registry's verdaccio): started attached or detached, recorded in a
// JSON state file, found and stopped by pid from another process
export { getFreePort } from './process/getFreePort.js';
export { startProcess, type StartProcessParameters, type StartedProcess } from './process/startProcess.js';
export {
  isProcessAlive,
  liveProcessRecord,
  readProcessRecord,
  removeProcessRecord,
  stopRecordedProcess,
  writeProcessRecord,
  type ProcessRecord,
  type StopRecordedProcessParameters,
} from './process/processRecord.js';
export { resolveAnvilCommand, startAnvil, type AnvilInstance, type StartAnvilOptions } from './anvil.js';
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
// A deployed city on its chain (the rpc URL given, else its running embedded chain)
export { openCity, type OpenCityErrorType, type OpenCityParameters, type OpenCityReturnType } from './openCity.js';
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
// A rehearsal of the production chain: anvil from the genesis, behind a filter that refuses anvil's own methods
export { startGenesisAnvil, type StartGenesisAnvilParameters } from './genesis/startGenesisAnvil.js';
export {
  DEV_METHOD_PREFIXES,
  RpcFilterProxyError,
  startRpcFilterProxy,
  type RpcFilterProxy,
  type RpcMethodCounts,
  type StartRpcFilterProxyParameters,
} from './rpcFilterProxy.js';
export { besuNodeConfig, besuNodePorts, type BesuNodeConfigParameters } from './genesis/besuNodeConfig.js';
export { networkReadme, type NetworkReadmeParameters } from './genesis/networkReadme.js';
export { ChainGenesisInputError, PredeployError, PredeploysFileError, QbftExtraDataError } from './genesis/errors.js';
