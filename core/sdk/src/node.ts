// @citysync/sdk/node: what reads or writes files, for Node. Everything else is in the browser-safe main entry.
// Changing this list on purpose means updating core/sdk/test/exports.test.ts.

// A city from its directory: city.json and governance.json, the deployment record
export { loadCity, type LoadCityErrorType, type LoadCityReturnType } from './city/loadCity.js';
export { deploymentPath, readDeployment, writeDeployment, type CityDeployment } from './city/deployment.js';
export {
  deployCityFromConfig,
  type DeployCityFromConfigErrorType,
  type DeployCityFromConfigParameters,
  type DeployCityFromConfigReturnType,
} from './city/deployCityFromConfig.js';
// A module package from its directory, installed through the committees
export {
  MODULE_BUDGET_PARAMETER,
  installModule,
  type InstallModuleErrorType,
  type InstallModuleParameters,
  type InstallModuleReturnType,
  type InstallModuleStep,
} from './modules/installModule.js';
// Signers from Web3 Secret Storage v3 keystores (cast wallet new, geth)
export { KeystoreFormatError, KeystorePasswordError, KeystoreReadError } from './accounts/errors.js';
export {
  decryptKeystore,
  keystoreAccount,
  readKeystore,
  type DecryptKeystoreErrorType,
  type Keystore,
  type KeystoreAccountParameters,
  type ReadKeystoreErrorType,
} from './accounts/keystore.js';
