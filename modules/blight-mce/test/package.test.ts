// The package itself: every file valid, the evidence schema hash in dpan.json is the schema's, the typed ABI is the
// artifact's, the setup's initData inputs are the manifest's init keys, the default mapping covers every category.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { readModuleDirectory } from '@citysync/module-kit';
import { resolveModuleParameters } from '@citysync/sdk';
import { formatIssue, validatePath } from '@citysync/schemas';
import { cellToLatLng } from 'h3-js';
import type { AbiFunction } from 'viem';
import { describe, expect, it } from 'vitest';

import { blightMceAbi, hazardCategories, hazardEvidenceSchemaHash, loadMapping, validateHazardEvidence } from '../src/index.js';

const DIR = fileURLToPath(new URL('..', import.meta.url));

describe('@citysync/dpan-blight-mce package', () => {
  it('passes dpan validate', () => {
    expect(validatePath(DIR).map(formatIssue)).toEqual([]);
  });

  it("dpan.json passes the evidence schema's canonical hash to the setup", () => {
    const pkg = readModuleDirectory(DIR);
    expect(pkg.manifest.contracts[0]?.init.evidenceSchemaHash).toBe(hazardEvidenceSchemaHash());
  });

  it("the setup's initData inputs are exactly the manifest's init keys; src/abi.ts is the artifact's ABI", () => {
    const pkg = readModuleDirectory(DIR);
    const [setup] = pkg.manifest.contracts;
    const initData = pkg.artifacts[setup?.name ?? '']?.abi.find((item): item is AbiFunction => item.type === 'function' && item.name === 'initData');
    expect(initData?.inputs.map((i) => i.name)).toEqual(Object.keys(setup?.init ?? {}));
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
