import { readHealthReport } from '@citysync/dashboard';
import { type ApplyHealthActionsReturnType, applyHealthActions } from '@citysync/indexer';
import type { HealthRow } from '@citysync/indexer';
import { formatHealthTable } from '@citysync/indexer';
import type { PlanHealthActionsReturnType } from '@citysync/indexer';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { type IndexResult, indexWithProgress } from './indexer.js';

type HealthOptions = ChainOptions & SignerOptions & OutputOptions & { propose?: boolean | undefined };

export type HealthResult = {
  index: Pick<IndexResult, 'toBlock' | 'events'>;
  periods: HealthRow[];
  coverageBps: number;
  plan: PlanHealthActionsReturnType;
  /** With --propose: the issuance committee proposals made from the plan. */
  proposed: { proposalId: bigint; toBps: number; band: string }[];
};

/**
 * `dpan health`: indexes, then computes the four indicators per period with the bands of the city's governance
 * parameters, and the self-correction plan for the last complete period; `--propose` proposes it to the issuance
 * committee (as a member), where its threshold and delay apply as for any decision.
 */
export const health = defineCommand(
  async (options: HealthOptions): Promise<HealthResult> => {
    const account = options.propose === true ? signerOf(options) : undefined;
    const connection = await openCityOf(options);
    // The same report the dashboard shows (@citysync/dashboard's readHealthReport): one place computes the figures.
    const { index, periods, coverageBps, plan } = await readHealthReport(connection, await indexWithProgress(connection));
    let proposals: ApplyHealthActionsReturnType = [];
    if (account !== undefined && plan.actions.length > 0) {
      proposals = await applyHealthActions(walletOf(connection, account), { city: connection.city, actions: plan.actions });
    }
    return {
      index: { toBlock: index.toBlock, events: index.events },
      periods,
      coverageBps,
      plan,
      proposed: proposals.map((p) => ({ proposalId: p.proposalId, toBps: p.action.toBps, band: p.action.band })),
    };
  },
  {
    render: (r) =>
      [
        formatHealthTable(r.periods),
        '',
        `coverage ratio ${r.coverageBps} bps. ${r.plan.reasons.join(' ')}`,
        ...r.plan.actions.map((a) => `planned (${a.band}): coverage ${a.fromBps} -> ${a.toBps} bps through the issuance committee`),
        ...(r.plan.signal !== undefined && r.plan.actions.length === 0
          ? [`red period ${r.plan.signal.period}: no coverage step is possible; the issuance committee must act outside the ratio`]
          : []),
        ...r.proposed.map((p) => `proposed to the issuance committee: proposal ${p.proposalId} (coverage -> ${p.toBps} bps)`),
        ...(r.plan.actions.length > 0 && r.proposed.length === 0 ? ['propose it with: dpan health --propose --account <issuance member>'] : []),
      ].join('\n'),
  },
);
