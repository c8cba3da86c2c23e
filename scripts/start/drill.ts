// Mexico City's drill with its installed disaster-prep fork: participants take the CERT basics course (the
// instructor signs off, the module records the training), then, in the earthquake season, check in at the drill;
// the drill marshals (accredited verifiers) approve per the module's rule and each approval mints credits. The
// module's claim gate lets only trained participants claim the drill.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type CityContracts, type CityWalletClient, approveCompletion, claimTask, publishTask, submitCompletion, verifyCompletion } from '@citysync/sdk';
import { readModuleDirectory } from '@citysync/module-kit';
import { type Abi, type Address, type PublicClient, keccak256, toBytes } from 'viem';
import { getBlock, waitForTransactionReceipt, writeContract } from 'viem/actions';

export type RunDrillParameters = {
  city: CityContracts;
  /** The installed fork's package directory and its contract. */
  packageDir: string;
  name: string;
  module: Address;
  publicClient: PublicClient;
  issuer: CityWalletClient;
  verifiers: readonly CityWalletClient[];
  participants: readonly CityWalletClient[];
  /** Moves the chain's clock to a timestamp (the next block is stamped with it). */
  warpTo: (timestamp: bigint) => Promise<void>;
  onProgress?: ((done: number, total: number) => void) | undefined;
};

export type RunDrillReturnType = {
  trained: number;
  drillTaskId: bigint;
  /** Check-ins verified (the k-th marshal's approval) and the credits they minted. */
  approved: number;
  minted: bigint;
  verifiersRequired: number;
  drillAt: bigint;
};

const EVIDENCE_SCHEMA = keccak256(toBytes('https://schemas.citysync.dev/evidence.schema.json'));
const DAY = 86_400n;

export async function runDrill(p: RunDrillParameters): Promise<RunDrillReturnType> {
  const pkg = readModuleDirectory(p.packageDir);
  const abi = (JSON.parse(readFileSync(join(p.packageDir, 'artifacts', 'DisasterPrep.json'), 'utf8')) as { abi: Abi }).abi;
  const type = (id: string) => {
    const t = pkg.catalog.taskTypes.find((x) => x.id === id);
    if (t === undefined) throw new Error(`${p.name} has no ${id} task type`);
    return t;
  };
  const drill = type('drill-participation');
  const rule = pkg.rules.rules.find((r) => r.id === drill.verification);
  const verifiersRequired = rule?.verifiersRequired ?? 2;
  const now = async (): Promise<bigint> => (await getBlock(p.publicClient, { blockTag: 'latest' })).timestamp;
  const total = p.participants.length * 2;
  let done = 0;

  // The course: a training task (issuer-verified), then the module records each verified completion.
  const course = type('cert-basics');
  const { taskId: courseId } = await publishTask(p.issuer, {
    city: p.city, module: p.name, taskType: course.id, rate: BigInt(course.rate.default), slots: p.participants.length,
    end: (await now()) + 7n * DAY, zone: 'cdmx.coyoacan', evidenceSchemaHash: EVIDENCE_SCHEMA, gate: p.module,
  });
  for (const who of p.participants) {
    await claimTask(who, { city: p.city, taskId: courseId });
    const { completionId } = await submitCompletion(who, { city: p.city, taskId: courseId, evidenceHash: keccak256(toBytes(`course:${who.account.address}`)) });
    await verifyCompletion(p.issuer, { city: p.city, completionId });
    const hash = await writeContract(who, { address: p.module, abi, functionName: 'recordTraining', args: [completionId], chain: who.chain, account: who.account });
    await waitForTransactionReceipt(who, { hash });
    p.onProgress?.(++done, total);
  }

  // The drill in the earthquake season (opens on the module's season.earthquake.opens, e.g. 901: 1 September).
  const opens = Number(pkg.parameters.parameters['season.earthquake.opens']?.default ?? 901);
  const current = new Date(Number(await now()) * 1000);
  let at = Date.UTC(current.getUTCFullYear(), Math.floor(opens / 100) - 1, opens % 100, 9) / 1000;
  if (at <= Number(await now())) at = Date.UTC(current.getUTCFullYear() + 1, Math.floor(opens / 100) - 1, opens % 100, 9) / 1000;
  await p.warpTo(BigInt(at));
  const rate = BigInt(drill.rate.default);
  const { taskId: drillTaskId } = await publishTask(p.issuer, {
    city: p.city, module: p.name, taskType: drill.id, rate, slots: p.participants.length,
    end: BigInt(at) + DAY, zone: 'cdmx.coyoacan', evidenceSchemaHash: EVIDENCE_SCHEMA, verifiersRequired, gate: p.module,
  });
  let approved = 0;
  let minted = 0n;
  for (const who of p.participants) {
    await claimTask(who, { city: p.city, taskId: drillTaskId });
    const { completionId } = await submitCompletion(who, { city: p.city, taskId: drillTaskId, evidenceHash: keccak256(toBytes(`drill:${who.account.address}`)) });
    for (const verifier of p.verifiers.slice(0, verifiersRequired)) {
      const { verified } = await approveCompletion(verifier, { city: p.city, completionId });
      if (verified !== undefined) {
        approved += 1;
        minted += verified.credits;
      }
    }
    p.onProgress?.(++done, total);
  }
  return { trained: p.participants.length, drillTaskId, approved, minted, verifiersRequired, drillAt: BigInt(at) };
}
