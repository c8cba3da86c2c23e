// `dpan vault ...`: give to the city's endowment, harvest its yield, propose a new split to the vault committee,
// read its status and a donor's annual statement; `accrue` simulates yield on the test asset (demos).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { formatIssue, formatIssues, parseJsonc } from '@citysync/schemas';
import { type Address, type Hash, erc20Abi, formatUnits, parseUnits } from 'viem';
import { readContract } from 'viem/actions';

import type { VaultBudgetLine } from '@citysync/sdk';
import { CityVaultAbi, YieldSplitterAbi } from '@citysync/contracts';
import type { CityVaultContracts } from '@citysync/sdk';
import { checkVaultSplit } from '@citysync/sdk';
import { donateToVault } from '@citysync/sdk';
import { claimVaultPayout, harvestVault, type VaultDeferredPayout, type VaultPayout } from '@citysync/sdk';
import { proposeVaultSplit } from '@citysync/sdk';
import { type DonorStatement, readDonorStatement } from '@citysync/sdk';
import { type VaultStatus, readVaultStatus } from '@citysync/sdk';
import { renderStatementHtml } from '@citysync/sdk';
import { renderStatementText } from '@citysync/sdk';
import { toJson } from '@citysync/sdk';
import { accrueTestYield, isTestAsset, mintTestDollars } from '@citysync/sdk';
import { type VaultAsset, readVaultAsset } from '@citysync/sdk';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type OpenedCity, type SignerOptions, assertSigners, devAccount, openCityOf, signerOf, walletOf } from '../context.js';
import { approveAndExecute, checkCommitteeSigners } from '../committeeSigners.js';
import { CityStateError, CliUsageError } from '../errors.js';
import { parseAddress, parseIndexList, parseSmallUint } from '../parse.js';

type ReadOptions = ChainOptions & OutputOptions;
type WriteOptions = ReadOptions & SignerOptions;

/** Checks an amount's shape before anything is read from the chain; its decimals are checked once known. */
function checkAmount(value: string, what: string): RegExpExecArray {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (match === null) throw new CliUsageError(`${what} must be an amount like 2500 or 2500.50, got "${value}".`);
  return match;
}

/** An amount in the asset's units ("2500.50") -> its smallest unit; more decimals than the asset has is refused. */
function parseAmount(value: string, what: string, decimals: number): bigint {
  const text = value.trim();
  const match = checkAmount(value, what);
  if ((match[2] ?? '').length > decimals) {
    throw new CliUsageError(`${what}: "${value}" has more than the asset's ${decimals} decimals.`);
  }
  const amount = parseUnits(text, decimals);
  if (amount === 0n) throw new CliUsageError(`${what} must be more than 0.`);
  return amount;
}

/** Checks what needs no chain, then opens the city and its vault (exit 1 with the fix when it has none). */
async function openVault(options: ChainOptions): Promise<{ connection: OpenedCity; vault: CityVaultContracts; asset: VaultAsset }> {
  const connection = await openCityOf(options);
  const vault = connection.city.vault;
  if (vault === undefined) {
    throw new CityStateError('This city has no vault (city.json has no `vault` section, or it was deployed without one).', {
      details: 'Add a `vault` section to city.json (see examples/berkeley/city.json) and deploy again: dpan city deploy --force',
    });
  }
  return { connection, vault, asset: await readVaultAsset(connection.publicClient, vault.asset) };
}

const show = (asset: VaultAsset, amount: bigint): string => `${formatUnits(amount, asset.decimals)} ${asset.symbol}`;

// ------------------------------------------------------------------ deposit

type DepositOptions = WriteOptions & {
  amount: string;
  dedication?: string | undefined;
  receiver?: string | undefined;
  mintTestAsset?: boolean | undefined;
};

export type DepositResult = {
  donor: Address;
  receiver: Address;
  /** In the asset's units. */
  amount: string;
  symbol: string;
  shares: bigint;
  principalAfter: string;
  minted: boolean;
  hash: Hash;
};

/** Longest dedication the vault accepts (CityVault.MAX_DEDICATION_BYTES). */
const MAX_DEDICATION_BYTES = 280;

/** `dpan vault deposit --amount <n> [--dedication <text>] [--receiver <addr>] [--mint-test-asset]`. */
export const deposit = defineCommand(
  async (options: DepositOptions): Promise<DepositResult> => {
    const receiver = options.receiver === undefined ? undefined : parseAddress(options.receiver, '--receiver');
    const dedication = options.dedication ?? '';
    const bytes = new TextEncoder().encode(dedication).length;
    if (bytes > MAX_DEDICATION_BYTES) {
      throw new CliUsageError(`--dedication is ${bytes} bytes; the vault records at most ${MAX_DEDICATION_BYTES}.`);
    }
    checkAmount(options.amount, '--amount');
    const account = signerOf(options);
    const { connection, vault, asset } = await openVault(options);
    const amount = parseAmount(options.amount, '--amount', asset.decimals);
    const wallet = walletOf(connection, account);
    if (options.mintTestAsset === true) {
      if (!(await isTestAsset(connection.publicClient, vault))) {
        throw new CliUsageError('--mint-test-asset works only for the test asset ("asset": "test" in city.json).');
      }
      await mintTestDollars(wallet, connection.city, { amount });
    }
    // Checked before the approval, so a donor short of funds sends nothing.
    const balance = await readContract(connection.publicClient, { address: asset.address, abi: erc20Abi, functionName: 'balanceOf', args: [account.address] });
    if (balance < amount) {
      throw new CityStateError(`${account.address} holds ${show(asset, balance)}, less than the ${show(asset, amount)} to give.`, {
        details: (await isTestAsset(connection.publicClient, vault)) ? 'On the test asset, add --mint-test-asset to mint it first.' : `Fund the account with ${asset.symbol} first.`,
      });
    }
    const result = await donateToVault(wallet, connection.city, { amount, receiver, dedication });
    return {
      donor: account.address,
      receiver: receiver ?? account.address,
      amount: formatUnits(amount, asset.decimals),
      symbol: asset.symbol,
      shares: result.shares,
      principalAfter: formatUnits(result.principalAfter, asset.decimals),
      minted: options.mintTestAsset === true,
      hash: result.hash,
    };
  },
  {
    render: (r) =>
      `gave ${r.amount} ${r.symbol} to the vault for ever${r.minted ? ' (minted first: test asset)' : ''}: ${r.shares} shares to ${r.receiver}; principal now ${r.principalAfter} ${r.symbol}`,
  },
);

// ------------------------------------------------------------------ harvest

export type HarvestResult = {
  harvested: string;
  symbol: string;
  payouts: (Omit<VaultPayout, 'amount'> & { amount: string })[];
  /** Payments a recipient refused: kept for it to claim with `dpan vault claim`, the other lines paid regardless. */
  deferred: (Omit<VaultDeferredPayout, 'amount'> & { amount: string })[];
  hash: Hash;
};

/** `dpan vault harvest`: anyone may. */
export const harvest = defineCommand(
  async (options: WriteOptions): Promise<HarvestResult> => {
    const account = signerOf(options);
    const { connection, asset } = await openVault(options);
    const result = await harvestVault(walletOf(connection, account), connection.city);
    return {
      harvested: formatUnits(result.harvested, asset.decimals),
      symbol: asset.symbol,
      payouts: result.payouts.map((p) => ({ ...p, amount: formatUnits(p.amount, asset.decimals) })),
      deferred: result.deferred.map((p) => ({ ...p, amount: formatUnits(p.amount, asset.decimals) })),
      hash: result.hash,
    };
  },
  {
    render: (r) =>
      [
        `harvested ${r.harvested} ${r.symbol}${r.payouts.length === 0 ? '; no line was paid' : ''}`,
        ...r.payouts.map((p) => `  paid ${p.amount} ${r.symbol} to ${p.purpose} (${p.recipient})`),
        ...r.deferred.map(
          (p) => `  ${p.recipient} refused ${p.amount} ${r.symbol} for ${p.purpose}: held for it (dpan vault claim "${p.purpose}" --to <address>)`,
        ),
      ].join('\n'),
  },
);

// ------------------------------------------------------------------ claim

export type ClaimResult = { purpose: string; amount: string; symbol: string; to: Address; hash: Hash };

/** `dpan vault claim <purpose> [--to <address>]`: a line's recipient pulls the payments its address refused. */
export const claim = defineCommand(
  async (purpose: string, options: WriteOptions & { to?: string | undefined }): Promise<ClaimResult> => {
    const to = options.to === undefined ? undefined : parseAddress(options.to, '--to');
    const account = signerOf(options);
    const { connection, asset } = await openVault(options);
    const result = await claimVaultPayout(walletOf(connection, account), connection.city, { purpose, to });
    return { purpose, amount: formatUnits(result.amount, asset.decimals), symbol: asset.symbol, to: result.to, hash: result.hash };
  },
  { render: (r) => `claimed ${r.amount} ${r.symbol} of ${r.purpose} to ${r.to}` },
);

// ------------------------------------------------------------------ split

type SplitOptions = WriteOptions & {
  line?: string[] | undefined;
  file?: string | undefined;
  description?: string | undefined;
  approveAs?: string | undefined;
};

export type SplitResult = {
  proposalId: bigint;
  committee: Address;
  lines: { recipient: Address; purpose: string; bps: number; capPerPeriod: string }[];
  approvals: number;
  threshold: number;
  state: 'pending' | 'scheduled' | 'executed';
  next?: string | undefined;
};

/** `--line <recipient>,<bps>,<cap>,<purpose>` (the purpose may itself hold commas). */
function parseLine(value: string, i: number, decimals: number): VaultBudgetLine {
  const parts = value.split(',');
  if (parts.length < 4) {
    throw new CliUsageError(`--line ${i + 1}: "${value}" is not <recipient>,<bps>,<cap>,<purpose>, e.g. 0xa0Ee...9720,4000,50000,emergency backstop.`);
  }
  const [recipient = '', bps = '', cap = ''] = parts;
  return {
    recipient: parseAddress(recipient.trim(), `--line ${i + 1} recipient`),
    bps: parseSmallUint(bps, `--line ${i + 1} bps`, 10_000),
    capPerPeriod: parseAmount(cap, `--line ${i + 1} cap`, decimals),
    purpose: parts.slice(3).join(',').trim(),
  };
}

/** A split file: `{ "budgetLines": [...] }` (or the bare array), lines as in city.json#/vault/budgetLines. */
function readSplitFile(file: string, decimals: number): { lines: VaultBudgetLine[]; pointer: string } {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (error) {
    throw new CliUsageError(`--file ${file}: cannot read it (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = parseJsonc(text, file);
  if (!parsed.ok) throw new CliUsageError(`--file: ${formatIssue(parsed.issue)}`);
  const document = parsed.value;
  const pointer = Array.isArray(document) ? '' : '/budgetLines';
  const items = Array.isArray(document) ? document : (document as { budgetLines?: unknown } | null)?.budgetLines;
  if (!Array.isArray(items)) {
    throw new CliUsageError(`${file}#${pointer}: not an array of budget lines; write { "budgetLines": [{ "recipient", "purpose", "bps", "capPerPeriod" }] }.`);
  }
  const lines = items.map((item: unknown, i): VaultBudgetLine => {
    const at = `${file}#${pointer}/${i}`;
    const line = (item ?? {}) as Record<string, unknown>;
    const field = (name: string, ok: (v: unknown) => boolean, want: string): unknown => {
      if (!ok(line[name])) throw new CliUsageError(`${at}/${name}: ${JSON.stringify(line[name]) ?? 'missing'}; ${want}.`);
      return line[name];
    };
    const recipient = field('recipient', (v) => typeof v === 'string', 'give the address paid') as string;
    const purpose = field('purpose', (v) => typeof v === 'string', 'give what the line pays for') as string;
    const bps = field('bps', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10_000, 'give its share in bps, 0 to 10000') as number;
    const cap = field('capPerPeriod', (v) => typeof v === 'string' || typeof v === 'number', 'give the cap per period in the asset\'s units, e.g. "50000"');
    return {
      recipient: parseAddress(recipient, `${at}/recipient`),
      purpose,
      bps,
      capPerPeriod: parseAmount(String(cap), `${at}/capPerPeriod`, decimals),
    };
  });
  return { lines, pointer };
}

/**
 * `dpan vault split --line ... | --file split.json [--approve-as i,j]`: proposes the new split to the vault
 * committee as `--account`; with --approve-as (embedded chain only) those members approve, the clock passes the
 * delay and the proposal is executed.
 */
export const split = defineCommand(
  async (options: SplitOptions): Promise<SplitResult> => {
    const fromLines = options.line !== undefined && options.line.length > 0;
    if (fromLines === (options.file !== undefined)) throw new CliUsageError('Give the new split: --line <recipient>,<bps>,<cap>,<purpose> (repeated), or --file <split.json>.');
    const approvers = options.approveAs === undefined ? [] : parseIndexList(options.approveAs, '--approve-as').map(devAccount);
    const proposer = signerOf(options);
    const { connection, vault, asset } = await openVault(options);
    const { lines, pointer, file } = fromLines
      ? { lines: (options.line ?? []).map((l, i) => parseLine(l, i, asset.decimals)), pointer: '', file: '--line' }
      : { ...readSplitFile(options.file ?? '', asset.decimals), file: options.file ?? '' };
    assertSigners(connection, [proposer, ...approvers]);

    // Everything is checked before the first transaction: the split against the bounds, then every signer.
    const { publicClient, city } = connection;
    const [minBps, maxBps] = await readContract(publicClient, { address: vault.splitter, abi: YieldSplitterAbi, functionName: 'splitBounds' });
    const issues = checkVaultSplit({ lines, bounds: { minBps, maxBps }, file, pointer });
    if (issues.length > 0) throw new CliUsageError(`The split breaks the splitter's rules; nothing was proposed.`, { details: formatIssues(issues) });
    const committee = city.committees.vault;
    const signers = { name: 'vault', committee, proposer, approvers };
    const threshold = await checkCommitteeSigners(publicClient, signers);

    const description = options.description ?? `vault split: ${lines.map((l) => `${l.purpose} ${l.bps} bps`).join(', ')}`;
    const { proposalId } = await proposeVaultSplit(walletOf(connection, proposer), city, { lines, description, file, pointer });
    const result: SplitResult = {
      proposalId,
      committee,
      lines: lines.map((l) => ({ ...l, capPerPeriod: formatUnits(l.capPerPeriod, asset.decimals) })),
      approvals: 1,
      threshold: Number(threshold),
      state: threshold <= 1n ? 'scheduled' : 'pending',
    };
    const carried = await approveAndExecute(connection, { ...signers, proposalId, command: 'dpan vault split --approve-as' });
    result.approvals = Math.max(result.approvals, carried.approvals);
    if (carried.executed) return { ...result, state: 'executed' };
    const next =
      result.approvals < result.threshold
        ? `dpan committee approve vault ${proposalId} --account <member> (${result.threshold - result.approvals} more), then dpan committee execute vault ${proposalId} after the delay`
        : `dpan committee execute vault ${proposalId} after the committee's delay`;
    return { ...result, next };
  },
  {
    render: (r) =>
      [
        r.state === 'executed'
          ? `the vault's split is now (proposal ${r.proposalId}: ${r.approvals}/${r.threshold} approvals, executed):`
          : `proposed a new split to the vault committee: proposal ${r.proposalId} (${r.approvals}/${r.threshold} approvals):`,
        ...r.lines.map((l) => `  ${l.purpose}: ${l.bps} bps, cap ${l.capPerPeriod} per period, to ${l.recipient}`),
        ...(r.next === undefined ? [] : [`next: ${r.next}`]),
      ].join('\n'),
  },
);

// ------------------------------------------------------------------ status

/** `dpan vault status [--json]`: amounts in JSON are in the asset's smallest unit (see asset.decimals). */
export const status = defineCommand(
  async (options: ReadOptions): Promise<VaultStatus> => {
    const { connection } = await openVault(options);
    return await readVaultStatus(connection.publicClient, connection.city);
  },
  {
    render: (s) => {
      const a = (v: bigint) => show(s.asset, v);
      return [
        `vault ${s.contracts.vault} (${s.asset.symbol}${s.testAsset ? ', test asset' : ''})`,
        `  principal (locked for ever): ${a(s.principal)} from ${s.donations} donation(s), ${s.shareSupply} shares`,
        `  value now:                   ${a(s.value)} (harvestable ${a(s.harvestable)})`,
        `  harvested to date:           ${a(s.totalHarvested)}; paid ${a(s.totalPaid)}; held in the splitter ${a(s.pending)}`,
        `  payout period ${s.period.current} (ends ${new Date(Number(s.period.endsAt) * 1000).toISOString()}); each line ${s.bounds.minBps}-${s.bounds.maxBps} bps`,
        'budget lines:',
        ...s.lines.map(
          (l) =>
            `  ${l.purpose} (${l.recipient}): ${l.bps} bps, paid ${a(l.paidThisPeriod)} of cap ${a(l.capPerPeriod)} this period, owed ${a(l.owed)}, paid total ${a(l.paidTotal)}${l.unclaimed > 0n ? `, refused and unclaimed ${a(l.unclaimed)}` : ''}`,
        ),
      ].join('\n');
    },
  },
);

// ------------------------------------------------------------------ statement

type StatementOptions = ReadOptions & { donor: string; year: string; format?: string | undefined; out?: string | undefined };

const formats = ['text', 'json', 'html'] as const;
const isFormat = (value: string): value is (typeof formats)[number] => (formats as readonly string[]).includes(value);

export type StatementResult = { format: (typeof formats)[number]; /** The file written, with --out. */ out?: string | undefined; statement: DonorStatement };

function renderStatement(format: StatementResult['format'], statement: DonorStatement): string {
  return format === 'html' ? renderStatementHtml(statement) : format === 'json' ? toJson(statement) : renderStatementText(statement);
}

/** `dpan vault statement --donor <address> --year <yyyy> [--format text|json|html] [--out <file>]`. */
export const statement = defineCommand(
  async (options: StatementOptions): Promise<StatementResult> => {
    const donor = parseAddress(options.donor, '--donor');
    if (!/^\d{4}$/.test(options.year.trim())) throw new CliUsageError(`--year must be a year like 2026, got "${options.year}".`);
    const year = Number(options.year.trim());
    const format = options.format ?? 'text';
    if (!isFormat(format)) throw new CliUsageError(`--format: "${format}" is not one of ${formats.join(', ')}.`);
    const { connection } = await openVault(options);
    const result = await readDonorStatement(connection.publicClient, connection.city, {
      donor,
      year,
      cityName: connection.config.name,
      fromBlock: connection.deployment.blockNumber,
    });
    const out = options.out === undefined ? undefined : resolve(options.out);
    if (out !== undefined) {
      const text = renderStatement(format, result);
      writeFileSync(out, text.endsWith('\n') ? text : `${text}\n`);
    }
    return { format, out, statement: result };
  },
  {
    render: (r) =>
      r.out === undefined ? renderStatement(r.format, r.statement) : `wrote the ${r.statement.year} statement of ${r.statement.donor} (${r.format}) to ${r.out}`,
  },
);

// ------------------------------------------------------------------ accrue

export type AccrueResult = { accrued: string; symbol: string; harvestable: string; hash: Hash };

/** `dpan vault accrue --amount <n>`: test asset only, for demos. */
export const accrue = defineCommand(
  async (options: WriteOptions & { amount: string }): Promise<AccrueResult> => {
    checkAmount(options.amount, '--amount');
    const account = signerOf(options);
    const { connection, vault, asset } = await openVault(options);
    const amount = parseAmount(options.amount, '--amount', asset.decimals);
    if (!(await isTestAsset(connection.publicClient, vault))) {
      throw new CliUsageError('dpan vault accrue works only for the test asset ("asset": "test" in city.json): real yield comes from the yield source.');
    }
    const { hash } = await accrueTestYield(walletOf(connection, account), connection.city, { amount });
    const harvestable = await readContract(connection.publicClient, { address: vault.vault, abi: CityVaultAbi, functionName: 'harvestable' });
    return { accrued: formatUnits(amount, asset.decimals), symbol: asset.symbol, harvestable: formatUnits(harvestable, asset.decimals), hash };
  },
  { render: (r) => `accrued ${r.accrued} ${r.symbol} of test yield; harvestable now ${r.harvestable} ${r.symbol} (dpan vault harvest pays it out)` },
);
