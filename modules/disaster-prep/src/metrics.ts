// The module's outcome metrics (dpan.json#/outcomeMetrics), recomputed from the public record alone: the
// TaskBoard's TaskPublished and CompletionVerified events and the DisasterPrep contract's emergency events.
// `computePreparednessMetrics` is the pure computation over decoded events; `readPreparednessMetrics` fetches
// them from a chain.
import { type CityReadClient, toId } from '@citysync/sdk';
import { TaskBoardAbi } from '@citysync/contracts';
import { type Address, type Hex, parseAbi } from 'viem';
import { getContractEvents } from 'viem/actions';

export const PACKAGE_NAME = '@citysync/dpan-disaster-prep';
export const TRAINING_TYPE = 'cert-basics';
export const GO_BAG_TYPE = 'go-bag-check';
export const DRILL_TYPE = 'drill-participation';

/** The DisasterPrep events the metrics read (the contract's ABI has them too; this keeps the module's src free of artifacts). */
export const disasterPrepEventsAbi = parseAbi([
  'event EmergencyActivated(uint256 indexed emergencyId, uint64 until, uint256 budgetCeiling)',
  'event EmergencyEnded(uint256 indexed emergencyId, uint64 at)',
  'event EmergencyTaskFunded(uint256 indexed emergencyId, uint256 indexed taskId, uint256 commitment, uint256 committed)',
]);

/** A task of the module as published (TaskPublished). */
export type PublishedTask = { taskId: bigint; taskType: Hex; zoneId: Hex; slots: number };
/** A verified completion (CompletionVerified). */
export type VerifiedCompletion = { completionId: bigint; taskId: bigint; participant: Address; credits: bigint };
/** Emergency events of the module contract, in log order. */
export type EmergencyEvent =
  | { kind: 'activated'; emergencyId: bigint; until: bigint; budgetCeiling: bigint }
  | { kind: 'ended'; emergencyId: bigint; at: bigint }
  | { kind: 'funded'; emergencyId: bigint; taskId: bigint; commitment: bigint; committed: bigint };

export type PreparednessEvents = {
  /** Only this module's tasks (TaskPublished filtered by moduleId). */
  tasks: readonly PublishedTask[];
  /** Every CompletionVerified in the range; completions of other modules' tasks are ignored. */
  verified: readonly VerifiedCompletion[];
  emergencies?: readonly EmergencyEvent[] | undefined;
};

export type ZoneHouseholds = { zoneId: Hex; zone: string | undefined; households: number };
export type DrillTurnout = { taskId: bigint; zoneId: Hex; zone: string | undefined; slots: number; turnout: number; share: number };
export type EmergencySpending = {
  emergencyId: bigint;
  until: bigint;
  budgetCeiling: bigint;
  /** Credits committed (rate x slots of the funded tasks); never above the ceiling on chain. */
  committed: bigint;
  /** Credits actually minted for completions of the funded tasks. */
  minted: bigint;
  tasks: number;
};

export type PreparednessMetrics = {
  /** households-prepared: verified go-bag checks, one per household, by zone (largest first). */
  householdsPrepared: { total: number; byZone: ZoneHouseholds[] };
  /** drill-turnout: verified drill participations per drill task and overall, and as a share of the slots offered. */
  drillTurnout: { total: number; slots: number; share: number; drills: DrillTurnout[] };
  /** trained-participants: distinct participants with a verified training. */
  trainedParticipants: number;
  /** emergency-credits-committed: per activation. */
  emergencies: EmergencySpending[];
};

export type ComputePreparednessMetricsOptions = {
  /** Zone names, so results carry `zone` beside its on-chain id (keccak256 of the name, as `toId`). */
  zones?: readonly string[] | undefined;
};

/** The module's outcome metrics from its decoded events. */
export function computePreparednessMetrics(
  events: PreparednessEvents,
  options: ComputePreparednessMetricsOptions = {},
): PreparednessMetrics {
  const zoneNames = new Map((options.zones ?? []).map((name) => [toId(name), name] as const));
  const zoneName = (id: Hex): string | undefined => zoneNames.get(id.toLowerCase() as Hex);
  const goBag = toId(GO_BAG_TYPE);
  const drill = toId(DRILL_TYPE);
  const training = toId(TRAINING_TYPE);
  const tasks = new Map(events.tasks.map((t) => [t.taskId, t] as const));

  const households = new Map<Hex, number>();
  const turnout = new Map<bigint, number>();
  const trained = new Set<string>();
  const mintedByTask = new Map<bigint, bigint>();
  for (const v of events.verified) {
    const task = tasks.get(v.taskId);
    if (task === undefined) continue;
    mintedByTask.set(v.taskId, (mintedByTask.get(v.taskId) ?? 0n) + v.credits);
    if (task.taskType === goBag) households.set(task.zoneId, (households.get(task.zoneId) ?? 0) + 1);
    else if (task.taskType === drill) turnout.set(v.taskId, (turnout.get(v.taskId) ?? 0) + 1);
    else if (task.taskType === training) trained.add(v.participant.toLowerCase());
  }

  const byZone = [...households.entries()]
    .map(([zoneId, count]) => ({ zoneId, zone: zoneName(zoneId), households: count }))
    .sort((a, b) => b.households - a.households || (a.zoneId < b.zoneId ? -1 : 1));
  const drills = events.tasks
    .filter((t) => t.taskType === drill)
    .map((t) => {
      const count = turnout.get(t.taskId) ?? 0;
      return { taskId: t.taskId, zoneId: t.zoneId, zone: zoneName(t.zoneId), slots: t.slots, turnout: count, share: count / t.slots };
    });
  const drillTotal = drills.reduce((sum, d) => sum + d.turnout, 0);
  const drillSlots = drills.reduce((sum, d) => sum + d.slots, 0);

  const emergencies = new Map<bigint, EmergencySpending>();
  for (const e of events.emergencies ?? []) {
    if (e.kind === 'activated') {
      emergencies.set(e.emergencyId, { emergencyId: e.emergencyId, until: e.until, budgetCeiling: e.budgetCeiling, committed: 0n, minted: 0n, tasks: 0 });
      continue;
    }
    const spending = emergencies.get(e.emergencyId);
    if (spending === undefined) continue;
    if (e.kind === 'ended') spending.until = e.at;
    else {
      spending.committed = e.committed;
      spending.minted += mintedByTask.get(e.taskId) ?? 0n;
      spending.tasks += 1;
    }
  }

  return {
    householdsPrepared: { total: byZone.reduce((sum, z) => sum + z.households, 0), byZone },
    drillTurnout: { total: drillTotal, slots: drillSlots, share: drillSlots === 0 ? 0 : drillTotal / drillSlots, drills },
    trainedParticipants: trained.size,
    emergencies: [...emergencies.values()],
  };
}

export type ReadPreparednessMetricsParameters = ComputePreparednessMetricsOptions & {
  taskBoard: Address;
  /** The installed DisasterPrep contract (its emergency events); omit to skip emergency spending. */
  module?: Address | undefined;
  /** Package name of the installed module (a fork's own name): its tasks' moduleId. */
  name?: string | undefined;
  fromBlock?: bigint | undefined;
  toBlock?: bigint | undefined;
};

/** Reads the module's events from the chain and computes its outcome metrics. */
export async function readPreparednessMetrics(
  client: CityReadClient,
  parameters: ReadPreparednessMetricsParameters,
): Promise<PreparednessMetrics> {
  const range = { fromBlock: parameters.fromBlock ?? 0n, toBlock: parameters.toBlock ?? ('latest' as const) };
  const moduleId = toId(parameters.name ?? PACKAGE_NAME);
  const [published, verified] = await Promise.all([
    getContractEvents(client, { address: parameters.taskBoard, abi: TaskBoardAbi, eventName: 'TaskPublished', args: { moduleId }, ...range, strict: true }),
    getContractEvents(client, { address: parameters.taskBoard, abi: TaskBoardAbi, eventName: 'CompletionVerified', ...range, strict: true }),
  ]);
  const emergencyLogs =
    parameters.module === undefined
      ? []
      : await getContractEvents(client, { address: parameters.module, abi: disasterPrepEventsAbi, ...range, strict: true });
  const emergencies = emergencyLogs.map((log): EmergencyEvent => {
    switch (log.eventName) {
      case 'EmergencyActivated':
        return { kind: 'activated', emergencyId: log.args.emergencyId, until: log.args.until, budgetCeiling: log.args.budgetCeiling };
      case 'EmergencyEnded':
        return { kind: 'ended', emergencyId: log.args.emergencyId, at: log.args.at };
      case 'EmergencyTaskFunded':
        return { kind: 'funded', emergencyId: log.args.emergencyId, taskId: log.args.taskId, commitment: log.args.commitment, committed: log.args.committed };
    }
  });
  return computePreparednessMetrics(
    {
      tasks: published.map((log) => ({
        taskId: log.args.taskId,
        taskType: log.args.params.taskType,
        zoneId: log.args.params.zoneId,
        slots: log.args.params.slots,
      })),
      verified: verified.map((log) => ({
        completionId: log.args.completionId,
        taskId: log.args.taskId,
        participant: log.args.participant,
        credits: log.args.credits,
      })),
      emergencies,
    },
    { zones: parameters.zones },
  );
}
