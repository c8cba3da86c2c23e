import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { SchemaValidationError } from '@citysync/schemas';
import { SimScenarioError, loadScenario, runYear, scenariosDir, validateScenario } from '@citysync/sim';

const read = (name: string) => JSON.parse(readFileSync(join(scenariosDir, `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('scenarios', () => {
  it('the shipped scenarios are valid', () => {
    for (const name of ['default', 'crosscheck', 'wide-bands']) expect(loadScenario(name).name).toBe(name);
  });

  it('a schema error names the file and the JSON pointer of the value', () => {
    const document = read('crosscheck');
    (document['participants'] as Record<string, unknown>)['regularShare'] = 2;
    delete document['seed'];
    const error = (() => {
      try {
        validateScenario(document, 'city.scenario.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SchemaValidationError);
    const lines = (error as SchemaValidationError).issues.map((i) => `${i.file}#${i.pointer}`);
    expect(lines).toContain('city.scenario.json#/participants/regularShare');
    expect(lines).toContain('city.scenario.json#');
    expect((error as Error).message).toMatch(/missing required property "seed"/);
  });

  it('rules the schema cannot state: rates and prices inside their bounds, names that exist', () => {
    const document = read('crosscheck');
    ((document['issuers'] as { tasks: { rate: number }[] }[])[0]?.tasks[0] as { rate: number }).rate = 1_000;
    (document['surge'] as { issuer: string }).issuer = 'nobody';
    expect(() => validateScenario(document, 's.json')).toThrow(/s\.json#\/issuers\/0\/tasks\/0\/rate: rate 1000 is outside rateBounds/);
    expect(() => validateScenario(document, 's.json')).toThrow(/s\.json#\/surge\/issuer: "nobody" is not an issuer's name/);
  });

  it('a missing file is a SimScenarioError naming it', () => {
    expect(() => loadScenario('./no-such.json')).toThrow(SimScenarioError);
    expect(() => loadScenario('./no-such.json')).toThrow(/no-such\.json/);
  });

  it('the same seed gives the same year; another seed another one', () => {
    const s = loadScenario('crosscheck');
    const policy = s.policies[0] as (typeof s.policies)[number];
    const figures = (seed: number) => {
      const year = runYear({ ...s, seed }, policy);
      year.index.close();
      return year.periods.map((p) => [p.row.issued, p.row.redeemed, p.row.engagement.active, p.row.balanceAccumulation.topDecileShare.value]);
    };
    expect(figures(7)).toEqual(figures(7));
    expect(figures(8)).not.toEqual(figures(7));
  });
});
