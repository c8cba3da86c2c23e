import { describe, expect, it } from 'vitest';

import { type SchemaKind, formatIssue, schemaKinds, validateDocument } from '../src/index.js';
import { fixture } from './helpers.js';

/** Why each invalid fixture fails: the exact lines a city team would read. */
const expectedIssues: Record<SchemaKind, string[]> = {
  city: [
    'city.json#/ticker: "brky" does not match ^[A-Z]{3,6}$; allowed: 3 to 6 capital letters, e.g. BRKY',
    'city.json#/committees/0: missing required property "threshold" (Approvals a proposal needs: at least 2 and at most the number of members.)',
    'city.json#/committees/0/treshold: unknown property "treshold" (did you mean "threshold"?); allowed: name, members, threshold, delaySeconds',
    'city.json#/committees/1/delaySeconds: 0 is less than the minimum 1; allowed: a whole number from 1 to 4294967295',
  ],
  'governance-parameters': [
    'governance.json#/parameters/Health.retention: property name "Health.retention" has the wrong form; allowed: a dotted key of camelCase words, e.g. health.retention.green',
    'governance.json#/parameters/health.creditUseEfficiency.green/unit: "percentage" is not one of the allowed values (did you mean "percent"?); allowed: "credits", "bps", "ratio", "seconds", "count", "percent", "units"',
  ],
  manifest: [
    'dpan.json#/version: "1.0" has the wrong form; allowed: a semantic version MAJOR.MINOR.PATCH, e.g. 1.2.0 or 2.0.0-beta.1',
    'dpan.json#/permissions/0/target: "treasury" is not one of the allowed values; allowed: "accreditation", "credit", "issuance", "taskBoard", "kernel", "governor"',
  ],
  'task-catalog': [
    'tasks.json#/taskTypes/0/id: "Clear_Lot" does not match ^[a-z0-9]+(-[a-z0-9]+)*$; allowed: a kebab-case id: lower-case letters and digits joined by single hyphens, e.g. clear-lot',
    'tasks.json#/taskTypes/1/rate/default: "5" is a string, expected a whole number',
  ],
  'verification-rules': [
    'verification.json#/rules/0/rejectReasons/1/code: 70000 is more than the maximum 65535; allowed: a whole number from 1 to 65535',
    'verification.json#/rules/1/verifiersRequired: 17 is more than the maximum 16; allowed: a whole number from 0 to 16',
  ],
  evidence: [
    'evidence.json#/photos/0/sha256: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08" does not match ^[0-9a-f]{64}$; allowed: a SHA-256 digest as 64 lower-case hex digits',
    'evidence.json#/location/lat: 95 is more than the maximum 90; allowed: a number from -90 to 90',
    'evidence.json#/completedAt: "yesterday" is not a valid date-time; allowed: an RFC 3339 date-time with a time zone, e.g. 2025-04-12T09:00:00Z',
  ],
  'mce-record': [
    'record.json#: missing required property "outcomes" (What the event achieved, measured from chain events and evidence.)',
    'record.json#/lineage/module: "blight-mce" has the wrong form; allowed: null, or a package name and exact version, name@version, e.g. @citysync/dpan-blight-mce@0.1.0',
  ],
  'redemption-offerings': [
    'offerings.json#/offerings/0/price: 0 is less than the minimum 1; allowed: a whole number of at least 1',
    'offerings.json#/offerings/1/cost: unknown property "cost"; allowed: id, title, redeemer, price, capacityPerPeriod, window',
  ],
  // fork-parameters
  'fork-parameters': [
    'fork-parameters.json#/parameters/Budget.perPeriod: property name "Budget.perPeriod" has the wrong form; allowed: a dotted key of camelCase words, e.g. health.retention.green',
    'fork-parameters.json#/taskTypes/go-bag-check/rate/default: 0 is less than the minimum 1; allowed: a whole number of at least 1',
    'fork-parameters.json#/taskTypes/drill-participation/titel: unknown property "titel" (did you mean "title"?); allowed: title, description, rate',
  ],
  // end fork-parameters
  validators: [
    'validators.json#/1: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293B" does not match ^0x[0-9a-fA-F]{40}$; allowed: an Ethereum address: 0x followed by 40 hex digits',
  ],
  'besu-genesis': [
    'genesis.json#/config/zeroBaseFee: false is not the expected value; allowed: true',
    'genesis.json#/gasLimit: "30000000" does not match ^0x(0|[1-9a-f][0-9a-f]*)$; allowed: a hex quantity without leading zeros, e.g. 0x0 or 0x1c9c380',
    'genesis.json#/alloc/0x70997970C51812dc3A010C7d01b50e0d17dc79C8: property name "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" does not match ^0x[0-9a-f]{40}$; allowed: an address in lower case: 0x followed by 40 lower-case hex digits',
  ],
  'relay-request': [
    'request.json#/request/gas: 150000 is a whole number, expected a string',
    'request.json#/request/signature: "0x1b" does not match ^0x[0-9a-fA-F]{130}$; allowed: an EIP-712 signature: 0x followed by 130 hex digits (65 bytes)',
  ],
};

describe.each(schemaKinds)('%s fixtures', (kind) => {
  it('valid.json passes its schema and the checks in code', () => {
    expect(validateDocument(kind, fixture(kind, 'valid')).map(formatIssue)).toEqual([]);
  });

  it('invalid.json fails for the reasons named', () => {
    expect(validateDocument(kind, fixture(kind, 'invalid')).map(formatIssue)).toEqual(expectedIssues[kind]);
  });
});

describe('issue fields', () => {
  it('carry the pointer, the value and what is allowed', () => {
    const [issue] = validateDocument('governance-parameters', fixture('governance-parameters', 'invalid')).slice(1);
    expect(issue).toEqual({
      file: 'governance.json',
      pointer: '/parameters/health.creditUseEfficiency.green/unit',
      message: '"percentage" is not one of the allowed values (did you mean "percent"?)',
      value: 'percentage',
      allowed: '"credits", "bps", "ratio", "seconds", "count", "percent", "units"',
    });
  });

  it('escape / and ~ in pointers (RFC 6901)', () => {
    const doc = fixture('governance-parameters');
    Object.assign(doc.parameters, { 'a/b~c': doc.parameters['issuance.coverageRatioBps'] });
    expect(validateDocument('governance-parameters', doc)[0]?.pointer).toBe('/parameters/a~1b~0c');
  });

  it('name the file the caller gives', () => {
    const issues = validateDocument('city', fixture('city', 'invalid'), { file: 'cities/brky/city.json' });
    expect(formatIssue(issues[0]!)).toMatch(/^cities\/brky\/city\.json#\/ticker: /);
  });
});
