import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';

import { SchemaValidationError, type ValidationIssue } from '@citysync/schemas';
import { SimScenarioError } from './errors.js';
import type { Scenario } from './scenario.js';

/** The folder of the scenarios shipped with the package (default.json, crosscheck.json, the schema). */
export const scenariosDir = resolve(dirname(fileURLToPath(import.meta.url)), '../scenarios');

let validate: ReturnType<Ajv2020['compile']> | undefined;

function validator() {
  if (validate === undefined) {
    const schema = JSON.parse(readFileSync(join(scenariosDir, 'scenario.schema.json'), 'utf8')) as object;
    validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  }
  return validate;
}

/** One issue per ajv error: the pointer of the offending value and what is wrong with it. */
function issueOf(error: ErrorObject, file: string): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return { file, pointer: error.instancePath, message: `missing required property "${String(params.missingProperty)}"` };
  }
  if (error.keyword === 'additionalProperties') {
    return { file, pointer: `${error.instancePath}/${String(params.additionalProperty)}`, message: 'unknown property' };
  }
  return { file, pointer: error.instancePath, message: error.message ?? error.keyword };
}

/** Rules the schema cannot state: cross-references and the contracts' bounds. */
function semanticIssues(s: Scenario, file: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = (pointer: string, message: string) => issues.push({ file, pointer, message });
  const { coverage: c } = s;
  if (c.minBps > c.maxBps) at('/coverage/minBps', `${c.minBps} is above maxBps (${c.maxBps})`);
  if (c.ratioBps < c.minBps || c.ratioBps > c.maxBps) at('/coverage/ratioBps', `${c.ratioBps} is outside [${c.minBps}, ${c.maxBps}]`);
  if (s.rateBounds.min > s.rateBounds.max) at('/rateBounds/min', 'is above max');
  if (s.priceBounds.min > s.priceBounds.max) at('/priceBounds/min', 'is above max');
  const rate = (pointer: string, r: number) => {
    if (r < s.rateBounds.min || r > s.rateBounds.max) at(pointer, `rate ${r} is outside rateBounds [${s.rateBounds.min}, ${s.rateBounds.max}]`);
  };
  const price = (pointer: string, p: number) => {
    if (p < s.priceBounds.min || p > s.priceBounds.max) at(pointer, `price ${p} is outside priceBounds [${s.priceBounds.min}, ${s.priceBounds.max}]`);
  };
  s.issuers.forEach((issuer, i) => issuer.tasks.forEach((t, k) => rate(`/issuers/${i}/tasks/${k}/rate`, t.rate)));
  s.redeemers.forEach((r, i) => r.offers.forEach((o, k) => price(`/redeemers/${i}/offers/${k}/price`, o.price)));
  const modules = s.issuers.map((i) => i.module);
  modules.forEach((m, i) => {
    if (modules.indexOf(m) !== i) at(`/issuers/${i}/module`, `"${m}" is already another issuer's module; each issuer has its own budget`);
  });
  const redeemers = s.redeemers.map((r) => r.name);
  for (const [h, b] of Object.entries(s.health)) {
    if (typeof b === 'number') continue;
    const higherIsBetter = h !== 'balanceAccumulation' && h !== 'topDecileShare';
    if (higherIsBetter ? b.amber > b.green : b.amber < b.green) at(`/health/${h}/amber`, `${b.amber} is on the wrong side of green (${b.green})`);
  }
  if (s.surge) {
    if (s.surge.period >= s.periods) at('/surge/period', `${s.surge.period} is not before periods (${s.periods})`);
    if (!s.issuers.some((i) => i.name === s.surge?.issuer)) at('/surge/issuer', `"${s.surge.issuer}" is not an issuer's name`);
    rate('/surge/task/rate', s.surge.task.rate);
    s.surge.offers.forEach((o, k) => {
      if (!redeemers.includes(o.redeemer)) at(`/surge/offers/${k}/redeemer`, `"${o.redeemer}" is not a redeemer's name`);
      price(`/surge/offers/${k}/price`, o.price);
    });
  }
  const inflation = s.adversaries?.capacityInflation;
  if (inflation && !redeemers.includes(inflation.redeemer)) {
    at('/adversaries/capacityInflation/redeemer', `"${inflation.redeemer}" is not a redeemer's name`);
  }
  if (s.adversaries?.sockPuppet) rate('/adversaries/sockPuppet/rate', s.adversaries.sockPuppet.rate);
  const names = s.policies.map((p) => p.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) at(`/policies/${i}/name`, `"${n}" is used twice`);
  });
  return issues;
}

/** Checks a scenario document; throws `SchemaValidationError` listing every issue as `file#/pointer: message`. */
export function validateScenario(document: unknown, file = 'scenario.json'): Scenario {
  const check = validator();
  if (!check(document)) throw new SchemaValidationError((check.errors ?? []).map((e) => issueOf(e, file)));
  const scenario = document as Scenario;
  const issues = semanticIssues(scenario, file);
  if (issues.length > 0) throw new SchemaValidationError(issues);
  return scenario;
}

/** Reads and checks a scenario file; a bare name (`default`) means sim/scenarios/<name>.json. */
export function loadScenario(pathOrName: string): Scenario {
  const path = /[/\\]|\.json$/.test(pathOrName) ? resolve(pathOrName) : join(scenariosDir, `${pathOrName}.json`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SimScenarioError(pathOrName, `cannot read ${path}; name a scenario in sim/scenarios or a JSON file`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new SimScenarioError(basename(path), `not JSON (${(error as Error).message})`, { cause: error });
  }
  return validateScenario(document, pathOrName.endsWith('.json') ? pathOrName : basename(path));
}
