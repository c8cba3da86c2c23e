// The package itself: what every module package passes (describeModulePackage: dpan validate, the content hash,
// the setup's init inputs, the budget parameter); the evidence schema hash in dpan.json is the schema's, the typed
// ABI is the artifact's, the event's parameters, the default mapping covers every category, the evidence schema.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { readModuleDirectory, resolveModuleParameters } from '@citysync/module-kit';
import { describeModulePackage } from '@citysync/module-kit/test';
import { cellToLatLng } from 'h3-js';
import { describe, expect, it } from 'vitest';

import { blightMceAbi, hazardCategories, hazardEvidenceSchemaHash, loadMapping, validateHazardEvidence } from '../src/index.js';

const DIR = fileURLToPath(new URL('..', import.meta.url));

describeModulePackage(DIR);

describe('@citysync/dpan-blight-mce package', () => {
  it("dpan.json passes the evidence schema's canonical hash to the setup", () => {
    const pkg = readModuleDirectory(DIR);
    expect(pkg.manifest.contracts[0]?.init.evidenceSchemaHash).toBe(hazardEvidenceSchemaHash());
  });

  it("src/abi.ts is the artifact's ABI", () => {
    const artifact = JSON.parse(readFileSync(new URL('../artifacts/BlightMce.json', import.meta.url), 'utf8')) as { abi: unknown };
    expect(blightMceAbi).toEqual(artifact.abi);
  });

  it('parameters: the event budget and a duration of at most 48 hours', () => {
    const values = resolveModuleParameters(readModuleDirectory(DIR).parameters);
    expect(values['budget.perPeriod']).toBe(20_000);
    expect(values['event.durationSeconds']).toBe(172_800);
    expect(() => resolveModuleParameters(readModuleDirectory(DIR).parameters, { 'event.durationSeconds': 172_801 })).toThrow(/outside the allowed bounds/);
  });

  it('the default 311 mapping reaches every hazard category', () => {
    expect(new Set(Object.values(loadMapping()))).toEqual(new Set(hazardCategories));
  });

  it('a document at the zone\'s centre passes; the core schema still applies through $ref', () => {
    const cell = '8828308281fffff';
    const [lat, lon] = cellToLatLng(cell);
    const doc = {
      taskId: '1',
      participant: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
      observations: [{ kind: 'hazard-category', value: 'graffiti' }, { kind: 'severity', value: 2 }],
      photos: [],
      location: { lat, lon },
      startedAt: '2025-04-12T09:00:00Z',
      completedAt: '2025-04-12T10:45:00Z',
      zoneId: cell,
    };
    expect(validateHazardEvidence({ evidence: doc, cell })).toEqual([]);
    // The core schema still applies: an extra property fails through the allOf.
    expect(validateHazardEvidence({ evidence: { ...doc, extra: 1 }, cell }).map((i) => i.message)).toContain('must NOT have additional properties');
    expect(validateHazardEvidence({ evidence: { ...doc, zoneId: 'west-berkeley' }, cell }).map((i) => i.pointer)).toEqual(['/zoneId']);
  });
});
