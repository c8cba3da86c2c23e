// The schema documents, imported as JSON modules so that validating needs no file system (browsers too). The files
// stay in the package root: src/ and dist/ sit at the same depth, so the same '../x.schema.json' works from both.
import besuGenesis from '../besu-genesis.schema.json' with { type: 'json' };
import city from '../city.schema.json' with { type: 'json' };
import common from '../common.schema.json' with { type: 'json' };
import evidence from '../evidence.schema.json' with { type: 'json' };
import forkParameters from '../fork-parameters.schema.json' with { type: 'json' };
import governanceParameters from '../governance-parameters.schema.json' with { type: 'json' };
import manifest from '../manifest.schema.json' with { type: 'json' };
import mceRecord from '../mce-record.schema.json' with { type: 'json' };
import redemptionOfferings from '../redemption-offerings.schema.json' with { type: 'json' };
import relayRequest from '../relay-request.schema.json' with { type: 'json' };
import taskCatalog from '../task-catalog.schema.json' with { type: 'json' };
import validators from '../validators.schema.json' with { type: 'json' };
import verificationRules from '../verification-rules.schema.json' with { type: 'json' };
import { type SchemaKind, schemaKinds } from './kinds.js';

/** A schema file's parsed JSON. */
export type SchemaDocument = { $id: string; [keyword: string]: unknown };

/** Names of the schema files in the package root: one per kind, plus the shared definitions. */
export const schemaFileNames: readonly string[] = ['common.schema.json', ...schemaKinds.map(schemaFileName)];

export function schemaFileName(kind: SchemaKind): string {
  return `${kind}.schema.json`;
}

/** Every schema file's document by file name. Shared objects, never handed out: ajv is given them as they are. */
export const schemaDocuments: ReadonlyMap<string, SchemaDocument> = new Map<string, SchemaDocument>([
  ['common.schema.json', common],
  ['city.schema.json', city],
  ['governance-parameters.schema.json', governanceParameters],
  ['manifest.schema.json', manifest],
  ['task-catalog.schema.json', taskCatalog],
  ['verification-rules.schema.json', verificationRules],
  ['evidence.schema.json', evidence],
  ['mce-record.schema.json', mceRecord],
  ['redemption-offerings.schema.json', redemptionOfferings],
  ['fork-parameters.schema.json', forkParameters],
  ['validators.schema.json', validators],
  ['besu-genesis.schema.json', besuGenesis],
  ['relay-request.schema.json', relayRequest],
]);

/** The local file behind one of our `https://schemas.citysync.dev/...` ids (fragment ignored), if any. */
export function schemaFileNameOfUrl(url: string): string | undefined {
  const match = /^https:\/\/schemas\.citysync\.dev\/([a-z-]+\.schema\.json)(#.*)?$/i.exec(url);
  const name = match?.[1];
  return name !== undefined && schemaFileNames.includes(name) ? name : undefined;
}
