import { describe, expect, it } from 'vitest';

import { type SchemaKind, type ValidateDocumentOptions, formatIssue, validateDocument } from '../src/index.js';
import { fixture } from './helpers.js';

const lines = (kind: SchemaKind, data: unknown, options: ValidateDocumentOptions = {}): string[] =>
  validateDocument(kind, data, options).map(formatIssue);

describe('city checks', () => {
  it('a threshold above the member count', () => {
    const city = fixture('city');
    city.committees[0]!.threshold = 5;
    expect(lines('city', city)).toEqual(['city.json#/committees/0/threshold: 5 is more than the 3 members']);
  });

  it('each committee exactly once', () => {
    const city = fixture('city');
    city.committees[4]!.name = 'rates';
    expect(lines('city', city)).toEqual([
      'city.json#/committees/4/name: "rates" is already committee 2',
      'city.json#/committees: missing committee "vault"; allowed: each of accreditation, issuance, rates, modules, vault, upgrades exactly once',
    ]);
  });

  it('a member listed twice, whatever its case', () => {
    const city = fixture('city');
    const members = city.committees[1]!.members;
    members[2] = members[0]!.toLowerCase();
    expect(lines('city', city)).toEqual([
      'city.json#/committees/1/members/2: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" is already member 0',
    ]);
  });

  it('coverage ratio inside its bounds, bounds in order', () => {
    const city = fixture('city');
    city.issuance.coverage.ratioBps = 4000;
    city.issuance.rateBounds = { min: 200, max: 100 };
    city.redemption.priceBounds = { min: 600, max: 500 };
    expect(lines('city', city)).toEqual([
      'city.json#/issuance/coverage/ratioBps: 4000 is outside minBps..maxBps; allowed: 5000 to 10000',
      'city.json#/issuance/rateBounds/min: 200 is more than max 100',
      'city.json#/redemption/priceBounds/min: 600 is more than max 500',
    ]);
    city.issuance.coverage = { ratioBps: 8000, minBps: 9000, maxBps: 7000 };
    expect(lines('city', city)[0]).toBe('city.json#/issuance/coverage/minBps: 9000 is more than maxBps 7000');
  });

  it('a bounding box in order', () => {
    const city = fixture('city');
    city.boundingBox = { south: 37.906, west: -122.234, north: 37.835, east: -122.325 };
    expect(lines('city', city)).toEqual([
      'city.json#/boundingBox/north: 37.835 is not north of south 37.906; allowed: more than 37.906',
      'city.json#/boundingBox/east: -122.325 is not east of west -122.234; allowed: more than -122.234',
    ]);
  });

  it('an install policy that can be met', () => {
    const city = fixture('city');
    city.installPolicy.minAttestations = 2;
    expect(lines('city', city)).toEqual([
      'city.json#/installPolicy/minAttestations: 2 is more than the 1 trusted auditors, so no module could be installed; allowed: 0 to 1',
    ]);
    city.installPolicy.allowUnaudited = true;
    expect(lines('city', city)).toEqual([]);
  });

  it('one budget line per module', () => {
    const city = fixture('city');
    city.budgets = [
      { module: '@citysync/dpan-general-economy', perPeriod: 1, policy: 'open' },
      { module: '@citysync/dpan-general-economy', perPeriod: 2, policy: 'open' },
    ];
    expect(lines('city', city)).toEqual([
      'city.json#/budgets/1/module: "@citysync/dpan-general-economy" already has budget line 0',
    ]);
  });

  it('run only once the schema passes (no checks on a malformed document)', () => {
    const city = fixture('city');
    city.committees[0]!.threshold = 5;
    (city as { ticker: string }).ticker = 'x';
    expect(lines('city', city)).toEqual([
      'city.json#/ticker: "x" does not match ^[A-Z]{3,6}$; allowed: 3 to 6 capital letters, e.g. BRKY',
    ]);
  });

  it('the vault split: shares sum to 10000, each inside the bounds, no line twice, caps above 0, a yield source for a real asset', () => {
    const city = fixture('city');
    const recipient = '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f';
    city.vault = {
      asset: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      payoutPeriodSeconds: 2_592_000,
      lineBounds: { minBps: 1000, maxBps: 5000 },
      budgetLines: [
        { recipient, purpose: 'emergency backstop', bps: 6000, capPerPeriod: '100' },
        { recipient, purpose: 'emergency backstop', bps: 2000, capPerPeriod: '0.00' },
      ],
    };
    expect(lines('city', city)).toEqual([
      'city.json#/vault/yieldSource: missing: a real asset needs the ERC-4626 yield source its principal earns in; allowed: an address, or "asset": "test" on a demo chain',
      'city.json#/vault/budgetLines/0/bps: 6000 is outside lineBounds; allowed: 1000 to 5000',
      'city.json#/vault/budgetLines/1/capPerPeriod: a cap of 0 would pay nothing; allowed: more than 0',
      'city.json#/vault/budgetLines/1: the same recipient and purpose as line 0: merge them into one line',
      'city.json#/vault/budgetLines: the shares sum to 8000 bps; allowed: exactly 10000',
    ]);
    city.vault = {
      ...city.vault,
      asset: 'test',
      budgetLines: [
        { recipient, purpose: 'backstop', bps: 5000, capPerPeriod: '1' },
        { recipient, purpose: 'parks', bps: 5000, capPerPeriod: '1' },
      ],
    };
    expect(lines('city', city)).toEqual([]);
  });
});

describe('governance parameter checks', () => {
  it('min <= default <= max, and the value in bounds', () => {
    const doc = fixture('governance-parameters');
    const ratio = doc.parameters['issuance.coverageRatioBps']!;
    ratio.default = 12000;
    ratio.value = 4000;
    expect(lines('governance-parameters', doc)).toEqual([
      "governance.json#/parameters/issuance.coverageRatioBps/default: 12000 is outside the parameter's bounds; allowed: 5000 to 10000",
      "governance.json#/parameters/issuance.coverageRatioBps/value: 4000 is outside the parameter's bounds; allowed: 5000 to 10000",
    ]);
    Object.assign(ratio, { default: 8000, min: 10000, max: 5000 });
    delete ratio.value;
    expect(lines('governance-parameters', doc)).toEqual([
      'governance.json#/parameters/issuance.coverageRatioBps/min: 10000 is more than max 5000',
    ]);
  });

  it('green at least amber when higher is better', () => {
    const doc = fixture('governance-parameters');
    doc.parameters['health.creditUseEfficiency.green']!.value = 0.2;
    expect(lines('governance-parameters', doc)).toEqual([
      'governance.json#/parameters/health.creditUseEfficiency.green/value: 0.2 is below the amber threshold 0.3; allowed: at least 0.3 (higher creditUseEfficiency is better, so green starts at or above amber)',
    ]);
  });

  it('green at most amber when lower is better', () => {
    const doc = fixture('governance-parameters');
    const band = (d: number) => ({ default: d, min: 0, max: 1, unit: 'ratio' as const, description: 'Top decile share band.' });
    doc.parameters['health.topDecileShare.green'] = band(0.8);
    doc.parameters['health.topDecileShare.amber'] = band(0.7);
    expect(lines('governance-parameters', doc)).toEqual([
      'governance.json#/parameters/health.topDecileShare.green/default: 0.8 is above the amber threshold 0.7; allowed: at most 0.7 (lower topDecileShare is better, so green ends at or below amber)',
    ]);
  });

  it("a city's own file defines every key the health model reads", () => {
    const issues = lines('governance-parameters', fixture('governance-parameters'), { cityParameters: true });
    expect(issues).toContain(
      `governance.json#/parameters: missing parameter "health.retention.green" (the city's health model reads it)`,
    );
    expect(issues).toHaveLength(10);
  });
});

describe('task catalog checks', () => {
  it('default rate within its bounds, bounds in order', () => {
    const catalog = fixture('task-catalog');
    catalog.taskTypes[0]!.rate.default = 50;
    catalog.taskTypes[1]!.rate = { default: 5, min: 10, max: 1 };
    expect(lines('task-catalog', catalog)).toEqual([
      'tasks.json#/taskTypes/0/rate/default: 50 is outside the rate bounds; allowed: 10 to 40',
      'tasks.json#/taskTypes/1/rate/min: 10 is more than max 1',
    ]);
  });

  it('unique task type ids', () => {
    const catalog = fixture('task-catalog');
    catalog.taskTypes[1]!.id = 'clear-lot';
    expect(lines('task-catalog', catalog)).toEqual(['tasks.json#/taskTypes/1/id: "clear-lot" is already task type 0']);
  });

  it('verification rules that exist, when the rules are given', () => {
    const catalog = fixture('task-catalog');
    catalog.taskTypes[1]!.verification = 'two-verifier';
    expect(lines('task-catalog', catalog)).toEqual([]);
    expect(lines('task-catalog', catalog, { verificationRules: fixture('verification-rules') })).toEqual([
      'tasks.json#/taskTypes/1/verification: "two-verifier" is not a rule in verification.json (did you mean "two-verifiers"?); allowed: "issuer-photo-check", "two-verifiers"',
    ]);
  });
});

describe('verification rule checks', () => {
  it('unique ids and reject codes', () => {
    const doc = fixture('verification-rules');
    doc.rules[1]!.id = 'issuer-photo-check';
    doc.rules[0]!.rejectReasons[1]!.code = 1;
    expect(lines('verification-rules', doc)).toEqual([
      'verification.json#/rules/1/id: "issuer-photo-check" is already rule 0',
      'verification.json#/rules/0/rejectReasons/1/code: 1 is already reject reason 0',
    ]);
  });

  it('roles and batching that TaskBoard can honour', () => {
    const doc = fixture('verification-rules');
    doc.rules[0]!.verifierRoles = ['verifier'];
    doc.rules[1]!.verifierRoles = ['auditor'];
    doc.rules[1]!.batchable = true;
    expect(lines('verification-rules', doc)).toEqual([
      'verification.json#/rules/0/verifierRoles: ["verifier"] does not fit verifiersRequired 0, where the issuer verifies alone; allowed: ["issuer"]',
      'verification.json#/rules/1/verifierRoles: ["auditor"] lacks "verifier": with verifiersRequired 2 accredited verifiers approve; allowed: a list including "verifier"',
      'verification.json#/rules/1/batchable: true needs verifiersRequired 0 (it is 2): only an issuer verifying alone can batch; allowed: false',
    ]);
  });
});

describe('redemption offering checks', () => {
  it('the same id only in separate windows', () => {
    const doc = fixture('redemption-offerings');
    doc.offerings[2]!.window = { start: '2025-04-13T12:00:00Z', end: '2025-04-15T00:00:00Z' };
    expect(lines('redemption-offerings', doc)).toEqual([
      "offerings.json#/offerings/2/window: 2025-04-13T12:00:00Z to 2025-04-15T00:00:00Z overlaps offering 1's window 2025-04-12T00:00:00Z to 2025-04-14T00:00:00Z; allowed: a window that ends by 2025-04-12T00:00:00Z or starts at 2025-04-14T00:00:00Z or later",
    ]);
  });

  it('no duplicate id without a window', () => {
    const doc = fixture('redemption-offerings');
    doc.offerings.push({ ...doc.offerings[0]! });
    expect(lines('redemption-offerings', doc)).toEqual([
      'offerings.json#/offerings/3/id: "pool-day-pass" is already offering 0; allowed: a new id, or a window on each occurrence that does not overlap the others',
    ]);
  });

  it('a window ends after it starts', () => {
    const doc = fixture('redemption-offerings');
    doc.offerings[1]!.window = { start: '2025-04-14T00:00:00Z', end: '2025-04-12T00:00:00Z' };
    expect(lines('redemption-offerings', doc)).toEqual([
      'offerings.json#/offerings/1/window/end: "2025-04-12T00:00:00Z" is not after start "2025-04-14T00:00:00Z"',
    ]);
  });
});

describe('manifest checks', () => {
  it('not forked from itself', () => {
    const manifest = fixture('manifest');
    manifest.forkedFrom = `${manifest.name}@${manifest.version}`;
    expect(lines('manifest', manifest)).toEqual([
      'dpan.json#/forkedFrom: "@citysync/dpan-blight-mce@0.1.0" is this module itself; allowed: null, or the name@version of another module',
    ]);
    manifest.forkedFrom = '@citysync/dpan-blight-mce@0.0.9';
    expect(lines('manifest', manifest)).toEqual([]);
  });

  it('unique contract names, permissions and outcome metrics', () => {
    const manifest = fixture('manifest');
    manifest.contracts.push({ ...manifest.contracts[0]! });
    manifest.permissions.push({ ...manifest.permissions[0]! });
    manifest.outcomeMetrics.push({ ...manifest.outcomeMetrics[0]! });
    expect(lines('manifest', manifest)).toEqual([
      'dpan.json#/contracts/1/name: "BlightTasks" is already contract 0',
      'dpan.json#/permissions/1: "taskBoard.publishTask((bytes32,bytes32,uint64,uint32,uint40,uint40,bytes32,b... is already permission 0',
      'dpan.json#/outcomeMetrics/1/id: "lots-cleared" is already outcome metric 0',
    ]);
  });
});

describe('evidence checks', () => {
  it('completed no earlier than started, each photo once', () => {
    const evidence = fixture('evidence');
    evidence.completedAt = '2025-04-12T08:00:00Z';
    evidence.photos.push({ ...evidence.photos[0]! });
    expect(lines('evidence', evidence)).toEqual([
      'evidence.json#/completedAt: "2025-04-12T08:00:00Z" is before startedAt "2025-04-12T09:00:00Z"',
      'evidence.json#/photos/2/sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" is already photo 0',
    ]);
  });
});

describe('MCE record checks', () => {
  it('the embedded catalog, rules, offers and parameters follow their own rules', () => {
    const record = fixture('mce-record');
    record.taskCatalog[0]!.verification = 'two-verifiers';
    record.verificationRules[0]!.batchable = true;
    record.verificationRules[0]!.verifiersRequired = 1;
    record.offers.push({ ...record.offers[0]! });
    record.parameters['issuance.coverageRatioBps']!.default = 1;
    expect(lines('mce-record', record)).toEqual([
      'record.json#/verificationRules/0/verifierRoles: ["issuer"] lacks "verifier": with verifiersRequired 1 accredited verifiers approve; allowed: a list including "verifier"',
      'record.json#/verificationRules/0/batchable: true needs verifiersRequired 0 (it is 1): only an issuer verifying alone can batch; allowed: false',
      `record.json#/taskCatalog/0/verification: "two-verifiers" is not a rule in the record's verificationRules; allowed: "issuer-photo-check"`,
      'record.json#/offers/1/offering/id: "pool-day-pass" is already offering 0; allowed: a new id, or a window on each occurrence that does not overlap the others',
      "record.json#/parameters/issuance.coverageRatioBps/default: 1 is outside the parameter's bounds; allowed: 5000 to 10000",
    ]);
  });

  it('an event that ends after it starts, counts that add up, a timeline in order', () => {
    const record = fixture('mce-record');
    record.event.end = record.event.start;
    record.outcomes.verified = 97;
    record.outcomes.timeline.reverse();
    expect(lines('mce-record', record)).toEqual([
      'record.json#/event/end: "2025-04-12T08:00:00Z" is not after start "2025-04-12T08:00:00Z"',
      'record.json#/outcomes/verified: 97 verified and 4 rejected are more than the 100 completions; allowed: at most 96',
      'record.json#/outcomes/timeline/1/at: "2025-04-12T08:00:00Z" is not after the previous point "2025-04-13T08:00:00Z"',
    ]);
  });
});

// fork-parameters
describe('fork parameters checks', () => {
  it('bounds in order where the file gives both', () => {
    const doc = fixture('fork-parameters');
    doc.parameters!['budget.perPeriod']!.min = 300000;
    expect(lines('fork-parameters', doc)).toEqual(['fork-parameters.json#/parameters/budget.perPeriod/min: 300000 is more than max 200000']);
  });

  it("a default inside the fork's own narrowed bounds", () => {
    const doc = fixture('fork-parameters');
    doc.taskTypes!['go-bag-check']!.rate = { default: 30, min: 6, max: 20 };
    doc.parameters!['budget.perPeriod']!.default = 1000;
    expect(lines('fork-parameters', doc, { file: 'fork-disaster-prep.json' })).toEqual([
      "fork-disaster-prep.json#/parameters/budget.perPeriod/default: 1000 is below the fork's own min 5000; allowed: at least 5000",
      "fork-disaster-prep.json#/taskTypes/go-bag-check/rate/default: 30 is above the fork's own max 20; allowed: at most 20",
    ]);
  });

  it("leaves a value without its own bounds to the fork (the original's bounds are checked by dpan fork)", () => {
    const doc = fixture('fork-parameters');
    doc.taskTypes!['drill-participation']!.rate = { default: 1000 };
    expect(lines('fork-parameters', doc)).toEqual([]);
  });
});
// end fork-parameters
