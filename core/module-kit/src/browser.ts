// @citysync/module-kit/browser: the part of the kit that imports no `node:` module, for browser bundles (the SDK's
// browser-safe entry re-exports it). Changing this list on purpose means updating test/exports.test.ts.
export { ModuleNotFoundError, ModulePackageError, ModuleParameterError } from './errors.js';
export {
  resolveModuleParameters,
  type ResolveModuleParametersErrorType,
  type ResolveModuleParametersOptions,
  type ResolveModuleParametersReturnType,
} from './resolveModuleParameters.js';
