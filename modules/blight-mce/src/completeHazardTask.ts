import { type CityContracts, type CityWalletClient, type CompleteTaskReturnType, completeTask, getTask, toId } from '@citysync/sdk';
import type { TaskCatalog } from '@citysync/schemas';

import { assertHazardEvidence } from './evidence.js';
import { BlightEventStateError } from './errors.js';
import { cellOf } from './zones.js';

export type CompleteHazardTaskParameters = {
  city: Pick<CityContracts, 'taskBoard'>;
  /** The evidence document; its taskId names the task. */
  evidence: unknown;
  /** The module's catalog (tasks.json): the task type's required observations and photos. */
  catalog: TaskCatalog;
  /** Claim in the same transaction (a check-in). Default false. */
  claim?: boolean | undefined;
  file?: string | undefined;
};

/**
 * Completes an event task with its evidence document: reads the task from chain, validates the document against
 * the module's evidence schema, the task type's requirements and the task's zone (the point's H3 cell is the
 * zone), and only then lets core's completeTask hash it canonically and submit the hash.
 * `HazardEvidenceError` (nothing is sent), then completeTask's errors.
 */
export async function completeHazardTask(client: CityWalletClient, parameters: CompleteHazardTaskParameters): Promise<CompleteTaskReturnType> {
  const { city, catalog } = parameters;
  const raw = parameters.evidence as { taskId?: unknown };
  const taskId = BigInt(typeof raw?.taskId === 'string' && /^\d+$/.test(raw.taskId) ? raw.taskId : 0);
  const task = await getTask(client, { city, taskId });
  const cell = cellOf(task.zoneId);
  if (cell === undefined) throw new BlightEventStateError(`Task ${taskId} is not in an H3 zone: it is not a blight & safety MCE task.`);
  const taskType = catalog.taskTypes.find((t) => toId(t.id) === task.taskType);
  const evidence = assertHazardEvidence({ evidence: parameters.evidence, cell, taskType, file: parameters.file });
  return await completeTask(client, { city, evidence, taskId, claim: parameters.claim, file: parameters.file });
}
