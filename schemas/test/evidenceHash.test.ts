import { keccak256, stringToHex } from 'viem';
import { describe, expect, it } from 'vitest';

import { CanonicalJsonError, SchemaValidationError, canonicalJson, evidenceHash, formatIssue } from '../src/index.js';
import { fixture } from './helpers.js';

describe('evidenceHash', () => {
  it('is keccak256 of the UTF-8 bytes of the RFC 8785 canonical JSON (pinned for the valid fixture)', () => {
    const doc = fixture('evidence');
    expect(evidenceHash(doc)).toBe(keccak256(stringToHex(canonicalJson(doc))));
    expect(evidenceHash(doc)).toBe('0xac2fde6b479ee0d26c8f38dc94b7679d6d1bbdcfd1b5976b012f0f1168efe653');
  });

  it('does not change with key order or whitespace', () => {
    const doc = fixture('evidence');
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    const location = { lon: doc.location.lon, lat: doc.location.lat };
    const reformatted: unknown = JSON.parse(JSON.stringify({ ...reordered, location }, null, 4));
    expect(evidenceHash(reformatted)).toBe(evidenceHash(doc));
  });

  it('changes when any value changes', () => {
    const doc = fixture('evidence');
    const hash = evidenceHash(doc);
    expect(evidenceHash({ ...doc, taskId: '2' })).not.toBe(hash);
    expect(evidenceHash({ ...doc, location: { ...doc.location, lat: 37.8717 } })).not.toBe(hash);
    expect(evidenceHash({ ...doc, observations: [{ kind: 'lot-cleared', value: false }] })).not.toBe(hash);
  });

  it('throws SchemaValidationError with the issues when the document is invalid', () => {
    const doc = { ...fixture('evidence'), taskId: 7 };
    let error: unknown;
    try {
      evidenceHash(doc);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchemaValidationError);
    const issues = (error as SchemaValidationError).issues;
    expect(issues.map(formatIssue)).toEqual(['evidence.json#/taskId: 7 is a whole number, expected a string']);
    expect((error as SchemaValidationError).shortMessage).toBe('evidence.json: 1 problem; fix it and run again');
  });
});

describe('canonicalJson', () => {
  it('sorts keys, drops whitespace and writes numbers as ECMAScript does (RFC 8785)', () => {
    expect(canonicalJson({ b: [1e21, 0.1, -0], a: 'é', c: { z: null, y: true } })).toBe(
      '{"a":"é","b":[1e+21,0.1,0],"c":{"y":true,"z":null}}',
    );
  });

  it('refuses values with no canonical form', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
  });
});
