import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { SchemaValidationError, assertDocument, parseJsonc } from '@citysync/schemas';

import { deployCityFromConfig } from '@citysync/sdk/node';
import type { CityDeployment } from '@citysync/sdk/node';
import { loadCity } from '@citysync/sdk/node';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, cityDirOf, connect, signerOf, walletOf } from '../context.js';
import { CityStateError } from '../errors.js';
import { createProgress } from '../progress.js';
import { PredeploysFileError } from '@citysync/devnet';
import { type PredeployedCityContracts, readPredeploys } from '@citysync/devnet';
import { CliUsageError } from '../errors.js';

/** `--predeploys <file>`: the chain's predeployed factory and implementations; a wrong file is a usage error. */
async function predeploysOf(path: string | undefined, client: Parameters<typeof readPredeploys>[1]): Promise<Partial<PredeployedCityContracts>> {
  if (path === undefined) return {};
  try {
    return await readPredeploys(path, client);
  } catch (error) {
    if (!(error instanceof PredeploysFileError)) throw error;
    throw new CliUsageError(error.shortMessage, { details: error.details, cause: error });
  }
}

/**
 * The city a new city starts from, shipped with the CLI (a copy of examples/berkeley, kept equal by a test): its
 * comments say what to change. The same path from src/commands and from the compiled dist/commands.
 */
const templateDir = fileURLToPath(new URL('../../templates/city/', import.meta.url));

type InitOptions = OutputOptions & { name: string; ticker: string };

export type InitResult = { dir: string; files: string[] };

/** The template's city.json text with the name and ticker replaced, comments kept. */
function cityJsonFor(options: InitOptions, file: string): string {
  const text = readFileSync(join(templateDir, 'city.json'), 'utf8')
    .replace(/^\/\/ Berkeley's city config/, `// ${options.name}'s city config (written by dpan city init)`)
    .replace(/("name"\s*:\s*)"[^"]*"/, (_m, key: string) => `${key}${JSON.stringify(options.name)}`)
    .replace(/("ticker"\s*:\s*)"[^"]*"/, (_m, key: string) => `${key}${JSON.stringify(options.ticker)}`);
  const parsed = parseJsonc(text, file);
  if (!parsed.ok) throw new SchemaValidationError([parsed.issue]);
  // The values given on the command line are checked before anything is written.
  const config = assertDocument('city', parsed.value, { file });
  if (config.name !== options.name || config.ticker !== options.ticker) {
    throw new CityStateError(`${join(templateDir, 'city.json')} no longer has the "name" and "ticker" lines dpan city init replaces.`);
  }
  return text;
}

/** `dpan city init <dir>`: a new city directory from the template (the Berkeley example), refusing a non-empty one. */
export const init = defineCommand(
  async (dirArg: string, options: InitOptions): Promise<InitResult> => {
    const dir = resolve(dirArg);
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new CityStateError(`${dirArg} is not empty: dpan city init writes into a new or empty directory only.`, {
        details: `Pick another directory, or check the city already there with: dpan validate ${dirArg}`,
      });
    }
    const files = {
      'city.json': cityJsonFor(options, join(dirArg, 'city.json')),
      'governance.json': readFileSync(join(templateDir, 'governance.json'), 'utf8'),
      '.gitignore': '# Runtime state: the embedded chain, the deployment record, the index.\n.citysync/\n',
    };
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { dir, files: Object.keys(files) };
  },
  {
    render: (r) =>
      `created ${r.dir}: ${r.files.join(', ')}\n` +
      'next: edit the lines marked CHANGE in city.json, then: dpan validate . && dpan chain start && dpan city deploy',
  },
);

type DeployOptions = ChainOptions &
  SignerOptions &
  OutputOptions & {
    force?: boolean | undefined;
    predeploys?: string | undefined;
  };

export type DeployResult = { name: string; ticker: string; path: string; deployment: CityDeployment };

/** The steps deployCity reports when it deploys its own factory. */
const DEPLOY_STEPS = 12;

/** `dpan city deploy`: validates city.json, deploys the city, records it in .citysync/deployment.json. */
export const deploy = defineCommand(
  async (options: DeployOptions): Promise<DeployResult> => {
    // An invalid config fails here, before any connection or transaction.
    loadCity(cityDirOf(options));
    const account = signerOf(options);
    const connection = await connect(options);
    const reuse = await predeploysOf(options.predeploys, connection.publicClient);
    const progress = createProgress('deploying', DEPLOY_STEPS);
    let done = 0;
    try {
      const { deployment, path, config } = await deployCityFromConfig({
        dir: connection.cityDir,
        wallet: walletOf(connection, account),
        publicClient: connection.publicClient,
        rpcUrl: connection.rpcUrl,
        force: options.force,
        ...reuse,
        onStep: (step) => progress.update(done++, step),
      });
      return { name: config.name, ticker: config.ticker, path, deployment };
    } finally {
      progress.stop();
    }
  },
  {
    render: ({ name, ticker, path, deployment: d }) =>
      [
        `deployed ${name} (${ticker}) on chain ${d.chainId} at block ${d.blockNumber}`,
        `  credit ${d.contracts.credit}   task board ${d.contracts.taskBoard}`,
        `  accreditation committee ${d.contracts.committees.accreditation}`,
        `recorded in ${path}`,
        'next: accredit organizations with dpan org accredit <address> --roles issuer --account <committee member>',
      ].join('\n'),
  },
);
