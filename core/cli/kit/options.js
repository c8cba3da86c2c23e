// The options commands share, as builders (a commander Option can belong to one command only). Plugins receive them
// through the kit, so `--city`, `--rpc`, the signer and `--json` read and mean the same in every command.
import { Option } from 'commander';

export const cityOption = () =>
  new Option('--city <dir>', 'city directory (holds city.json and .citysync/)').default('.', 'current directory');

export const rpcOption = () =>
  new Option('--rpc <url>', 'JSON-RPC endpoint (default: the embedded chain of --city, .citysync/chain/anvil.json)');

export const jsonOption = () => new Option('--json', 'print one JSON object on stdout (for scripts)');

export const accountOption = () =>
  new Option('--account <index>', 'dev account index of the mnemonic "test test ... junk" (the embedded chain only)')
    .conflicts(['privateKey', 'keystore'])
    .default('0');

export const privateKeyOption = () =>
  new Option('--private-key <hex>', 'sign with this key instead of a dev account').env('DPAN_PRIVATE_KEY');

export const keystoreOption = () =>
  new Option('--keystore <file>', 'sign with the key of this encrypted keystore (Web3 Secret Storage v3, as `cast wallet new` writes)').conflicts(
    'privateKey',
  );

export const passwordFileOption = () =>
  new Option('--password-file <file>', "the keystore's password on the file's first line (else DPAN_PASSWORD, else a prompt on a terminal)");

/** The signer options: --account, --private-key, --keystore with --password-file. */
export function signerOptions(cmd) {
  return cmd.addOption(accountOption()).addOption(privateKeyOption()).addOption(keystoreOption()).addOption(passwordFileOption());
}

/** --city, --rpc, the signer (--account / --private-key / --keystore) of a command that sends transactions, and --json. */
export function onChain(cmd, { signer = true } = {}) {
  cmd.addOption(cityOption()).addOption(rpcOption());
  if (signer) signerOptions(cmd);
  return cmd.addOption(jsonOption());
}

export const registryDirOption = () =>
  new Option('--registry-dir <dir>', 'the embedded registry network: packages, users, chain state, network.json').default(
    '.citysync/registry',
  );

/** Where the registry network is: the embedded one of --registry-dir, or explicit endpoints. */
export function onRegistry(cmd, { signer = false, json = true } = {}) {
  cmd
    .addOption(registryDirOption())
    .addOption(new Option('--registry <url>', 'npm registry URL (default: the embedded one of --registry-dir)'))
    .addOption(new Option('--registry-rpc <url>', 'registry chain JSON-RPC URL (default: the embedded one)'))
    .addOption(new Option('--module-registry <address>', 'ModuleRegistry address on the registry chain (default: network.json)'));
  if (signer) signerOptions(cmd);
  return json ? cmd.addOption(jsonOption()) : cmd;
}
