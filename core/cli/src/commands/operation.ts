import { getAddress } from 'viem';

import {
  type OperationStatus,
  type OperationStepStatus,
  type ProposeInstallOperationReturnType,
  type SignedStep,
  applyOperation,
  approveOperation,
  isOperationId,
  readOperations,
} from '@citysync/sdk';
import { lockInstalledModule, unlockModule } from '@citysync/registry';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type OpenedCity, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { CliUsageError } from '../errors.js';
import { type RegistryOptions, openRegistryOf } from '../registryContext.js';

/** One operation as `dpan pending --json` and the others print it. */
export type OperationView = {
  operation: string;
  kind: OperationStatus['kind'];
  state: OperationStatus['state'];
  subject: OperationStatus['plan']['subject'];
  proposer: OperationStatus['proposer'];
  cancelled: string | undefined;
  next: string;
  steps: (Omit<OperationStepStatus, 'type'> & { executableAt: string | undefined })[];
};

export function viewOf(status: OperationStatus): OperationView {
  const { operation, kind, state, proposer, cancelled, next } = status;
  return {
    operation,
    kind,
    state,
    subject: status.plan.subject,
    proposer,
    cancelled,
    next,
    steps: status.steps.map(({ type: _type, ...s }) => ({ ...s, executableAt: s.readyAt === undefined ? undefined : new Date(s.readyAt * 1000).toISOString() })),
  };
}

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** The operation and each step: committee, proposal, approvals/threshold and who, when executable, next. */
export function renderOperation(view: OperationView): string {
  const lines = [`${view.operation}  ${view.kind} ${view.subject.name}@${view.subject.version}  ${view.state}${view.cancelled === undefined ? '' : `: ${view.cancelled}`}`];
  for (const [i, s] of view.steps.entries()) {
    const who = s.committee === undefined ? 'anyone  ' : `${s.committee} committee`;
    const proposal = s.proposalId === undefined ? '' : ` proposal ${s.proposalId}`;
    const approvals = s.committee === undefined || s.state === 'not proposed' ? '' : ` ${s.approvals}/${s.threshold}${s.approvedBy.length > 0 ? ` (${s.approvedBy.map(short).join(', ')})` : ''}`;
    lines.push(`  ${i + 1}. ${s.label}`, `     ${who}${proposal}: ${s.state}${approvals}; next: ${s.next}`);
  }
  lines.push(`  next: ${view.next}`);
  return lines.join('\n');
}

const renderSigned = (signed: readonly SignedStep[]): string[] =>
  signed.map((s) => `  ${s.committee} committee, ${s.step}: ${s.action} (proposal ${s.proposalId})${s.readyAt === undefined ? '' : `, executable from ${new Date(s.readyAt * 1000).toISOString()}`}`);

function parseOperationId(value: string): string {
  if (!isOperationId(value)) throw new CliUsageError(`<operation>: "${value}" is not an operation id (op- and 12 hex digits, as dpan pending lists them).`);
  return value;
}

const fromBlockOf = (connection: OpenedCity) => connection.deployment.blockNumber;

export type ProposedOperation = {
  operation: string;
  kind: OperationStatus['kind'];
  state: OperationStatus['state'];
  signed: SignedStep[];
  view: OperationView;
};

/** What `--propose` returns: the operation id, what the proposer sent, what each committee still needs. */
export function proposedOf(result: ProposeInstallOperationReturnType): ProposedOperation {
  return { operation: result.operation, kind: result.plan.kind, state: result.status.state, signed: result.signed, view: viewOf(result.status) };
}

export const renderProposed = (r: ProposedOperation): string =>
  [`proposed operation ${r.operation}: ${r.state}`, 'sent as the proposer:', ...renderSigned(r.signed), renderOperation(r.view)].join('\n');

type PendingOptions = ChainOptions & OutputOptions & { all?: boolean | undefined };

/** `dpan pending`: the city's open operations (and cancelled ones), read from the chain's committee events. */
export const pending = defineCommand(
  async (options: PendingOptions): Promise<{ operations: OperationView[] }> => {
    const connection = await openCityOf(options);
    const operations = await readOperations(connection.publicClient, { city: connection.city, fromBlock: fromBlockOf(connection) });
    return { operations: operations.filter((o) => options.all === true || o.state !== 'complete').map(viewOf) };
  },
  { render: (r) => (r.operations.length === 0 ? 'no open operation' : r.operations.map(renderOperation).join('\n\n')) },
);

/** `dpan approve <operation>`: as the signer, every proposal of the operation its committees own; idempotent. */
export const approve = defineCommand(
  async (operation: string, options: ChainOptions & SignerOptions & OutputOptions) => {
    const id = parseOperationId(operation);
    const connection = await openCityOf(options);
    const wallet = walletOf(connection, signerOf(options));
    const { signed, status } = await approveOperation(wallet, { city: connection.city, operation: id, fromBlock: fromBlockOf(connection) });
    return { operation: id, signer: getAddress(wallet.account.address), state: status.state, signed, view: viewOf(status) };
  },
  {
    render: (r) =>
      [
        `${r.signer} on operation ${r.operation}: ${r.signed.filter((s) => s.action === 'proposed' || s.action === 'approved').length === 0 ? 'nothing more to approve' : 'approved'}`,
        ...renderSigned(r.signed),
        renderOperation(r.view),
      ].join('\n'),
  },
);

type ApplyOptions = ChainOptions & SignerOptions & RegistryOptions & OutputOptions;

/**
 * `dpan apply <operation>` (anyone): executes what is executable now, in the operation's order, and says what waits
 * and until when; resumable. Once a registry install, update or uninstall is complete, the city's lockfile follows.
 */
export const apply = defineCommand(
  async (operation: string, options: ApplyOptions) => {
    const id = parseOperationId(operation);
    const connection = await openCityOf(options);
    const wallet = walletOf(connection, signerOf(options));
    const { applied, status } = await applyOperation(wallet, {
      city: connection.city,
      operation: id,
      fromBlock: fromBlockOf(connection),
      onStep: (step) => {
        if (options.json !== true) process.stderr.write(`applied ${step.step}: ${step.label} (${step.hash})\n`);
      },
    });
    let lockfile: string | undefined;
    const { subject, kind } = status.plan;
    if (status.state === 'complete' && subject.source === 'registry') {
      if (kind === 'uninstall') {
        unlockModule(connection.cityDir, subject.name);
      } else {
        const { trustedAuditors, minAttestations, allowUnaudited } = connection.config.installPolicy;
        await lockInstalledModule({
          network: await openRegistryOf(options),
          cityDir: connection.cityDir,
          policy: { trustedAuditors: trustedAuditors.map((a) => getAddress(a)), minAttestations, allowUnaudited },
          name: subject.name,
          version: subject.version,
          module: subject.module,
        });
      }
      lockfile = `${connection.cityDir}/dpan-lock.json`;
    }
    return { operation: id, state: status.state, applied, lockfile, view: viewOf(status) };
  },
  {
    render: (r) =>
      [
        r.applied.length === 0 ? `operation ${r.operation}: nothing executable now` : `operation ${r.operation}: applied ${r.applied.map((a) => a.step).join(', ')}`,
        ...(r.lockfile === undefined ? [] : [`${r.view.kind === 'uninstall' ? 'removed from' : 'locked in'} ${r.lockfile}`]),
        renderOperation(r.view),
      ].join('\n'),
  },
);
