import type { DpanManifest } from '@citysync/schemas';
import { type AbiFunction, type AbiParameter, type Address, type Hex, encodeAbiParameters, isAddress, isHex } from 'viem';

import { type CityContracts, committeeNames } from '../types/city.js';
import { toId } from '../utils/toId.js';
import { ModulePackageError } from './errors.js';
import type { ModuleArtifact, ReadModuleDirectoryReturnType } from '@citysync/module-kit';

export type EncodeModuleInitParameters = {
  module: Pick<ReadModuleDirectoryReturnType, 'manifest' | 'catalog' | 'rules' | 'parameters' | 'offerings'>;
  /** Which of the manifest's contracts: its index in `contracts`. Default 0, the setup. */
  contractIndex?: number | undefined;
  artifact: ModuleArtifact;
  /** Resolved parameter values (resolveModuleParameters). */
  parameters: Readonly<Record<string, number>>;
  city: CityContracts;
};

/**
 * The `initData` the kernel passes to the setup's `prepareInstallation`: the ABI encoding of the inputs of the
 * setup's `initData(...)` function, each taken by name from the manifest contract's `init`. An init value is
 *  - `"city:<contract>"`: the city's contract address (`city:issuance`, `city:committees.rates`, ...);
 *  - `"<file>#<pointer>"`: values from one of the manifest's files, a `*` segment mapping over an array (the
 *    general economy's `taskTypes` is every task type's id in tasks.json);
 *  - a key of the module's parameters: its resolved value;
 *  - else the literal (a string, number, boolean or a list of them).
 * Strings become bytes32 as `toId` does (keccak256 of the text, unless already 32 bytes of hex).
 */
export function encodeModuleInit(parameters: EncodeModuleInitParameters): Hex {
  const { module, artifact, city } = parameters;
  const index = parameters.contractIndex ?? 0;
  const contract = module.manifest.contracts[index];
  const base = `dpan.json#/contracts/${index}`;
  if (contract === undefined) throw new ModulePackageError(`${base}`, 'the manifest has no such contract');
  const fn = artifact.abi.find((item): item is AbiFunction => item.type === 'function' && item.name === 'initData');
  if (fn === undefined) {
    throw new ModulePackageError(`${base}/artifact`, `${artifact.contractName} has no initData(...) function`, {
      details: 'A module setup declares its init parameters as the inputs of `function initData(...) returns (bytes)`.',
    });
  }
  const files = fileMap(module);
  const args = fn.inputs.map((input, i) => {
    const name = input.name ?? `#${i}`;
    const location = `${base}/init/${name}`;
    if (!(name in contract.init)) {
      throw new ModulePackageError(`${base}/init`, `missing "${name}" (${input.type}), an input of ${artifact.contractName}.initData`);
    }
    const raw = resolveValue(contract.init[name], { files, parameters: parameters.parameters, city, location });
    return coerce(input, raw, location);
  });
  return encodeAbiParameters(fn.inputs, args);
}

type Context = {
  files: Record<string, unknown>;
  parameters: Readonly<Record<string, number>>;
  city: CityContracts;
  location: string;
};

function fileMap(module: EncodeModuleInitParameters['module']): Record<string, unknown> {
  const { files } = module.manifest;
  const map: Record<string, unknown> = {
    'dpan.json': module.manifest,
    [files.taskCatalog]: module.catalog,
    [files.verificationRules]: module.rules,
    [files.parameters]: module.parameters,
  };
  if (files.offerings !== undefined) map[files.offerings] = module.offerings;
  return map;
}

function resolveValue(value: DpanManifest['contracts'][number]['init'][string] | undefined, context: Context): unknown {
  if (typeof value !== 'string') return value;
  const cityRef = /^city:(.+)$/.exec(value)?.[1];
  if (cityRef !== undefined) return cityAddress(cityRef, context);
  const fileRef = /^([^#]+\.json)#(\/.*)?$/.exec(value);
  if (fileRef !== null) {
    const [, file = '', pointer = ''] = fileRef;
    if (!(file in context.files)) {
      throw new ModulePackageError(context.location, `"${file}" is not one of the module's files (${Object.keys(context.files).join(', ')})`);
    }
    return select(context.files[file], pointer.split('/').slice(1).map(unescape), context.location, value);
  }
  if (value in context.parameters) return context.parameters[value];
  return value;
}

function cityAddress(ref: string, context: Context): Address {
  const committee = /^committees\.(.+)$/.exec(ref)?.[1];
  if (committee !== undefined && (committeeNames as readonly string[]).includes(committee)) {
    return context.city.committees[committee as (typeof committeeNames)[number]];
  }
  const address = (context.city as unknown as Record<string, unknown>)[ref];
  if (typeof address !== 'string' || !isAddress(address)) {
    throw new ModulePackageError(context.location, `"city:${ref}" is not a city contract`, {
      details: 'Use city:<manager|forwarder|accreditation|credit|votes|issuance|taskBoard|governor|kernel> or city:committees.<name>.',
    });
  }
  return address;
}

function select(value: unknown, segments: string[], location: string, ref: string): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (head === '*') {
    if (!Array.isArray(value)) throw new ModulePackageError(location, `"${ref}": * must stand for an array`);
    return value.map((item) => select(item, rest, location, ref));
  }
  const next = Array.isArray(value) ? value[Number(head)] : typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[head] : undefined;
  if (next === undefined) throw new ModulePackageError(location, `"${ref}" selects nothing (no "${head}")`);
  return select(next, rest, location, ref);
}

function unescape(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function coerce(parameter: AbiParameter, value: unknown, location: string): unknown {
  const array = /^(.*)\[\d*\]$/.exec(parameter.type);
  if (array !== null) {
    if (!Array.isArray(value)) throw new ModulePackageError(location, `${parameter.type} needs a list, got ${JSON.stringify(value)}`);
    return value.map((item, i) => coerce({ ...parameter, type: array[1] ?? '' }, item, `${location}/${i}`));
  }
  const { type } = parameter;
  const fail = (): never => {
    throw new ModulePackageError(location, `${JSON.stringify(value)} is not a valid ${type}`);
  };
  if (/^u?int\d*$/.test(type)) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
    return fail();
  }
  if (type === 'bytes32') return typeof value === 'string' ? toId(value) : fail();
  if (type === 'address') return typeof value === 'string' && isAddress(value) ? value : fail();
  if (type === 'bool') return typeof value === 'boolean' ? value : fail();
  if (type === 'string') return typeof value === 'string' ? value : fail();
  if (type === 'bytes') return typeof value === 'string' && isHex(value) ? value : fail();
  return fail();
}
