// `dpan publish`, `dpan audit`, `dpan yank`: module versions on the registry network (npm registry + ModuleRegistry).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Address, Hash, Hex } from 'viem';

import { auditModule, revokeAudit } from '@citysync/registry';
import { publishModule } from '@citysync/registry';
import type { AttestationVerdict } from '@citysync/registry';
import { yankModule } from '@citysync/registry';
import { type OutputOptions, defineCommand } from '../command.js';
import { type SignerOptions, signerOf } from '../context.js';
import { CliUsageError } from '../errors.js';
import { type RegistryOptions, type TokenOptions, openRegistryOf, parsePackageSpec } from '../registryContext.js';

type SignedRegistryOptions = RegistryOptions & SignerOptions & OutputOptions;

export type PublishResult = {
  /** `name@version`. */
  id: string;
  name: string;
  version: string;
  integrity: string;
  manifestHash: Hex;
  forkedFrom: string | null;
  publisher: Address;
  registryUser: string;
  url: string;
  recordedOnChain: boolean;
  transactionHash: Hash | null;
  publishedToRegistry: boolean;
};

/** `dpan publish <dir>`: validate, pack, record on chain, publish the same bytes to the npm registry. */
export const publish = defineCommand(
  async (dir: string, options: SignedRegistryOptions & TokenOptions): Promise<PublishResult> => {
    const signer = signerOf(options);
    const network = await openRegistryOf(options);
    const result = await publishModule({ dir: resolve(dir), network, publisher: network.walletOf(signer), token: options.token });
    return {
      id: `${result.name}@${result.version}`,
      name: result.name,
      version: result.version,
      integrity: result.integrity,
      manifestHash: result.manifestHash,
      forkedFrom: result.forkedFrom ?? null,
      publisher: result.publisher,
      registryUser: result.registryUser,
      url: result.url,
      recordedOnChain: result.recordedOnChain,
      transactionHash: result.transactionHash ?? null,
      publishedToRegistry: result.publishedToRegistry,
    };
  },
  {
    render: (r) =>
      [
        r.recordedOnChain || r.publishedToRegistry ? `published ${r.id}` : `${r.id} was already published with these bytes: nothing to do`,
        `  integrity:     ${r.integrity}`,
        `  manifest hash: ${r.manifestHash}`,
        `  forked from:   ${r.forkedFrom ?? 'none'}`,
        `  chain:         ${r.transactionHash !== null ? `recorded by ${r.publisher} in tx ${r.transactionHash}` : 'already recorded with these bytes'}`,
        `  npm registry:  ${r.publishedToRegistry ? `published to ${r.url} as ${r.registryUser}` : `${r.url} already holds these bytes`}`,
        `next: an accredited auditor attests it: dpan audit ${r.id} --report <file> --verdict pass|fail`,
      ].join('\n'),
  },
);

export type AuditResult =
  | { action: 'attest'; id: string; verdict: AttestationVerdict; reportHash: Hex; auditor: Address; transactionHash: Hash }
  | { action: 'revoke'; id: string; verdict: AttestationVerdict; auditor: Address; transactionHash: Hash };

type AuditOptions = SignedRegistryOptions & { report?: string | undefined; verdict?: string | undefined; revoke?: boolean | undefined };

/** `dpan audit <name@version> --report <file> --verdict pass|fail`, or `--revoke`: an accredited auditor's attestation. */
export const audit = defineCommand(
  async (spec: string, options: AuditOptions): Promise<AuditResult> => {
    const { name, version, id } = versionSpecOf(spec);
    const signer = signerOf(options);
    if (options.revoke === true) {
      if (options.report !== undefined || options.verdict !== undefined) {
        throw new CliUsageError('--revoke withdraws your attestation: give it without --report and --verdict.');
      }
      const network = await openRegistryOf(options);
      const r = await revokeAudit(network.walletOf(signer), { network, name, version });
      return { action: 'revoke', id, verdict: r.verdict, auditor: r.auditor, transactionHash: r.transactionHash };
    }
    const verdict = parseVerdict(options.verdict);
    if (options.report === undefined) {
      throw new CliUsageError('--report <file> is required: the audit report whose hash is recorded with the verdict (or --revoke).');
    }
    const report = readReport(options.report);
    const network = await openRegistryOf(options);
    const r = await auditModule(network.walletOf(signer), { network, name, version, report, verdict });
    return { action: 'attest', id, verdict, reportHash: r.reportHash, auditor: r.auditor, transactionHash: r.transactionHash };
  },
  {
    render: (r) =>
      r.action === 'attest'
        ? `${r.id}: ${r.verdict} by auditor ${r.auditor}\n  report hash: ${r.reportHash}\n  tx:          ${r.transactionHash}`
        : `${r.id}: the ${r.verdict} attestation of ${r.auditor} is revoked (tx ${r.transactionHash}); it no longer counts for any city`,
  },
);

/** `<name@version>` with its version required (exit 2 otherwise). */
function versionSpecOf(spec: string): { name: string; version: string; id: string } {
  const { name, version } = parsePackageSpec(spec, '<name@version>', { requireVersion: true });
  if (version === undefined) throw new CliUsageError(`<name@version>: "${spec}" needs a version.`);
  return { name, version, id: `${name}@${version}` };
}

function parseVerdict(value: string | undefined): AttestationVerdict {
  if (value === 'pass' || value === 'fail') return value;
  throw new CliUsageError(
    value === undefined ? '--verdict pass|fail is required (or --revoke).' : `--verdict: "${value}" is not a verdict; use pass or fail.`,
  );
}

function readReport(path: string): Uint8Array {
  try {
    return readFileSync(resolve(path));
  } catch (error) {
    throw new CliUsageError(`--report: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`, {
      details: 'Give the path of the audit report file (any format: its keccak256 is recorded).',
    });
  }
}

export type YankResult = {
  id: string;
  reason: string;
  by: Address;
  /** False when this was one co-maintainer's vote and the majority has not voted for the same reason yet. */
  yanked: boolean;
  votes: bigint;
  quorum: bigint;
  transactionHash: Hash;
};

/** `dpan yank <name@version> --reason <text>`: a maintainer yanks a version for good (a vote when it has co-maintainers). */
export const yank = defineCommand(
  async (spec: string, options: SignedRegistryOptions & { reason: string }): Promise<YankResult> => {
    const { name, version, id } = versionSpecOf(spec);
    const signer = signerOf(options);
    const network = await openRegistryOf(options);
    const r = await yankModule(network.walletOf(signer), { network, name, version, reason: options.reason });
    return { id, reason: r.reason, by: r.by, yanked: r.yanked, votes: r.votes, quorum: r.quorum, transactionHash: r.transactionHash };
  },
  {
    render: (r) =>
      r.yanked
        ? `${r.id} yanked by ${r.by}: "${r.reason}" (tx ${r.transactionHash})\ninstalls now refuse it; cities that have it installed see an advisory`
        : `${r.by} voted to yank ${r.id}: "${r.reason}" (${r.votes} of ${r.quorum} maintainer votes; tx ${r.transactionHash})\n` +
          `it is yanked when a majority of its maintainers run dpan yank with the same --reason`,
  },
);
