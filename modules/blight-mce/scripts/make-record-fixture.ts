// Writes scaffolder/test/fixtures/blight-mce.record.json: the MCE record a real run of the blight & safety MCE
// exports. A fresh anvil, a Berkeley city directory in a temporary folder, runBlightEvent at its default scale
// (36 participants, four issuers, three business offers, redemptions, rejections), then exportMceRecord with the
// published evidence, the organizations' metadata and the event's announced targets; the record is validated
// before it is written.
//
// --graduating runs the variant that meets the scaffolder's graduation criteria (more redemptions, announced
// targets); the committed fixture is the default run, which fails two of them.
//
//   npx tsx modules/blight-mce/scripts/make-record-fixture.ts [--out <file>] [--graduating]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadCity } from '@citysync/sdk/node';
import { startAnvil } from '@citysync/devnet';

import { exportMceRecord, writeMceRecord } from '../src/index.js';
import { runBlightEvent } from './runEvent.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEFAULT_OUT = join(ROOT, 'scaffolder', 'test', 'fixtures', 'blight-mce.record.json');

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? (process.argv[i + 1] ?? DEFAULT_OUT) : DEFAULT_OUT;
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const anvil = await startAnvil();
  const cityDir = mkdtempSync(join(tmpdir(), 'blight-record-'));
  try {
    const graduating = process.argv.includes('--graduating');
    const run = await runBlightEvent({ rpcUrl: anvil.rpcUrl, cityDir: join(cityDir, 'berkeley'), graduating, log: (line) => console.log(`[${elapsed()}] ${line}`) });
    const { record, missingEvidence } = await exportMceRecord(run.client, {
      city: run.city,
      event: run.eventId,
      moduleDir: run.moduleDir,
      evidence: run.evidence,
      labels: run.labels,
      targets: run.targets,
      cityParameters: loadCity(run.cityDir).governance,
      fromBlock: run.fromBlock,
    });
    if (missingEvidence > 0) throw new Error(`${missingEvidence} verified completions without their evidence document`);
    const path = writeMceRecord(out, record, { force: true });
    const o = record.outcomes;
    console.log(`[${elapsed()}] ${run.eventId}: ${o.completions} completions (${o.verified} verified, ${o.rejected} rejected), ${o.participants} participants, ${o.creditsIssued} credits issued, ${o.creditsRedeemed} redeemed`);
    console.log(`wrote ${relative(process.cwd(), path)}`);
  } finally {
    await anvil.stop();
    rmSync(cityDir, { recursive: true, force: true });
  }
}

await main();
