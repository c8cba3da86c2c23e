/** Every document kind with a schema, in the order the README lists them. */
export const schemaKinds = [
  'city',
  'governance-parameters',
  'manifest',
  'task-catalog',
  'verification-rules',
  'evidence',
  'mce-record',
  'redemption-offerings',
  // fork-parameters: what a city changes when it forks a published module (dpan fork --params)
  'fork-parameters',
  // validators: the QBFT validators of a production chain (dpan chain genesis --validators), a bare JSON array
  'validators',
  // besu-genesis: the Hyperledger Besu QBFT genesis dpan chain genesis writes
  'besu-genesis',
  // relay-request: the body of POST /v1/requests on `dpan serve` (a participant's signed forward request)
  'relay-request',
] as const;

export type SchemaKind = (typeof schemaKinds)[number];

/** Base of every schema `$id`; the schema of kind `k` is `${schemaBaseUrl}/${k}.schema.json`. */
export const schemaBaseUrl = 'https://schemas.citysync.dev';

/** Definitions shared by the kinds' schemas; not a document kind itself. */
export const commonSchemaId = `${schemaBaseUrl}/common.schema.json`;

export function schemaIdOf(kind: SchemaKind): string {
  return `${schemaBaseUrl}/${kind}.schema.json`;
}

/** The conventional file name of each kind, used in messages when the caller names no file. */
export const defaultFileNames: Record<SchemaKind, string> = {
  city: 'city.json',
  'governance-parameters': 'governance.json',
  manifest: 'dpan.json',
  'task-catalog': 'tasks.json',
  'verification-rules': 'verification.json',
  evidence: 'evidence.json',
  'mce-record': 'record.json',
  'redemption-offerings': 'offerings.json',
  // fork-parameters
  'fork-parameters': 'fork-parameters.json',
  validators: 'validators.json',
  'besu-genesis': 'genesis.json',
  'relay-request': 'request.json',
};

export function isSchemaKind(value: string): value is SchemaKind {
  return (schemaKinds as readonly string[]).includes(value);
}

/** The kind whose schema `$id` is `id` (as written in a document's `$schema`), if it is one of ours. */
export function kindOfSchemaId(id: string): SchemaKind | undefined {
  const match = /^https:\/\/schemas\.citysync\.dev\/([a-z-]+)\.schema\.json$/.exec(id);
  const kind = match?.[1];
  return kind !== undefined && isSchemaKind(kind) ? kind : undefined;
}
