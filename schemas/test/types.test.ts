import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { generateTypes, generatedTypesPath } from '../scripts/gen-types.js';

describe('generated types', () => {
  it('src/generated/types.ts matches the schemas', async () => {
    const fresh = await generateTypes();
    const checkedIn = readFileSync(generatedTypesPath, 'utf8');
    if (fresh !== checkedIn) {
      expect.fail('schemas/src/generated/types.ts is stale: run npm run gen:types and commit the result');
    }
  });

  it('declare the document type of every kind once', () => {
    const source = readFileSync(generatedTypesPath, 'utf8');
    for (const name of [
      'CityConfig',
      'GovernanceParameters',
      'DpanManifest',
      'TaskCatalog',
      'VerificationRules',
      'EvidenceDocument',
      'MceRecord',
      'RedemptionOfferings',
      // fork-parameters
      'ForkParameters',
    ]) {
      expect(source.match(new RegExp(`^export interface ${name} \\{`, 'gm')), name).toHaveLength(1);
    }
    // A shared definition declared twice would come out as Name1.
    expect(source).not.toMatch(/^export (interface|type) \w+\d \b/m);
  });
});
