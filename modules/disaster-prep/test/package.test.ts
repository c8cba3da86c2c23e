// The package itself: what every module package passes (describeModulePackage: dpan validate, the content hash,
// the setup's init inputs, the budget parameter), and this module's parameter values.
import { fileURLToPath } from 'node:url';

import { readModuleDirectory, resolveModuleParameters } from '@citysync/module-kit';
import { describeModulePackage } from '@citysync/module-kit/test';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('..', import.meta.url));

describeModulePackage(DIR);

describe('@citysync/dpan-disaster-prep package', () => {
  it('budget.perPeriod: 20,000 credits by default, from 1,000 to 500,000', () => {
    const { parameters } = readModuleDirectory(DIR);
    expect(resolveModuleParameters(parameters)['budget.perPeriod']).toBe(20_000);
    expect(() => resolveModuleParameters(parameters, { 'budget.perPeriod': 999 })).toThrow(
      'parameters.json#/parameters/budget.perPeriod: 999 is outside the allowed bounds [1000, 500000] (credits)',
    );
  });
});
