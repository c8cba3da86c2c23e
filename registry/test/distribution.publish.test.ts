// Publishing, auditing and yanking module versions on a real registry network: verdaccio + an anvil registry chain.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  PackageNotFoundError,
  RegistryUnauthorizedError,
  VersionExistsError,
  addRegistryUser,
  downloadTarball,
  fetchPackument,
  packModule,
  publishTarball,
} from '@citysync/registry';
import { SchemaValidationError } from '@citysync/schemas';
import { type Address, keccak256 } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { devAccount } from '../../core/cli/src/context.js';
import { auditModule, revokeAudit } from '../src/distribution/auditModule.js';
import {
  AttestationExistsError,
  EmptyAuditReportError,
  InvalidYankReasonError,
  ModulePublishIncompleteError,
  ModuleVersionConflictError,
  ModuleVersionNotRecordedError,
  ModuleVersionYankedError,
  NoLiveAttestationError,
  NotAccreditedAuditorError,
  NotModuleMaintainerError,
  UnknownForkSourceError,
} from '../src/distribution/errors.js';
import { publishModule } from '../src/distribution/publishModule.js';
import { readModuleForks, readModuleVersion, readPassingAttestations } from '../src/distribution/readModuleVersion.js';
import {
  type RegistryNetworkClients,
  type StartRegistryNetworkReturnType,
  openRegistryNetwork,
  startRegistryNetwork,
} from '../src/distribution/registryNetwork.js';
import { accreditAuditor, recordModuleVersion } from '../src/distribution/writeModuleRegistry.js';
import { yankModule } from '../src/distribution/yankModule.js';
import { readModuleDirectory } from '../../core/module-kit/src/readModuleDirectory.js';
import { modulePackageCopy } from '../../test/utils/modulePackageCopy.js';

const BERKELEY = '@berkeley/dpan-disaster-prep';
const CDMX = '@cdmx/dpan-disaster-prep';
const council = devAccount(0);
const berkeley = devAccount(1);
const cdmx = devAccount(2);
const auditor = devAccount(3);
const outsider = devAccount(4);
const secondAuditor = devAccount(5);

describe('publish, audit and yank on a registry network', () => {
  const root = mkdtempSync(join(tmpdir(), 'dpan-publish-'));
  let started: StartRegistryNetworkReturnType;
  let network: RegistryNetworkClients;
  let token: string;

  beforeAll(async () => {
    started = await startRegistryNetwork({ dir: join(root, 'network') });
    network = await openRegistryNetwork({ url: started.url, rpcUrl: started.rpcUrl, moduleRegistry: started.moduleRegistry });
    ({ token } = await addRegistryUser({ url: started.url, username: 'berkeley', password: 'berkeley-modules-pw', email: 'modules@berkeley.example' }));
  });

  afterAll(async () => {
    await started?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** What the chain and the npm registry hold for name@version, and the chain's height (no transaction sent). */
  async function state(name: string, version: string) {
    let npm: string | undefined;
    try {
      npm = (await fetchPackument({ url: network.url, name })).versions[version]?.dist.integrity;
    } catch (error) {
      if (!(error instanceof PackageNotFoundError)) throw error;
    }
    return {
      chain: await readModuleVersion(network.publicClient, network.moduleRegistry, name, version),
      npm,
      // cacheTime 0: viem would otherwise answer from its cache of the last read (one polling interval)
      block: await network.publicClient.getBlockNumber({ cacheTime: 0 }),
    };
  }

  /** Runs `refused`, expects it to throw `errorClass`, and checks that neither side changed. */
  async function expectRefusedUnchanged<E extends Error>(
    name: string,
    version: string,
    refused: () => Promise<unknown>,
    errorClass: abstract new (...args: never[]) => E,
  ): Promise<E> {
    const before = await state(name, version);
    const error = await refused().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(errorClass);
    expect(await state(name, version)).toEqual(before);
    return error as E;
  }

  const publish = (dir: string, options: { token?: string | undefined; as?: typeof berkeley } = {}) =>
    publishModule({ dir, network, publisher: network.walletOf(options.as ?? berkeley), token: 'token' in options ? options.token : token });

  it('publishes: the chain records the npm tarball integrity and the package content hash', async () => {
    const dir = modulePackageCopy(root, 'berkeley-1.0.0', { name: BERKELEY, version: '1.0.0' });
    const result = await publish(dir);
    expect(result).toMatchObject({ name: BERKELEY, version: '1.0.0', forkedFrom: undefined, recordedOnChain: true, publishedToRegistry: true });
    expect(result.publisher).toBe(berkeley.address);
    expect(result.registryUser).toBe('berkeley');
    expect(result.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);

    const record = await readModuleVersion(network.publicClient, network.moduleRegistry, BERKELEY, '1.0.0');
    const packument = await fetchPackument({ url: network.url, name: BERKELEY });
    expect(record?.integrity).toBe(packument.versions['1.0.0']?.dist.integrity);
    expect(record?.integrity).toBe(result.integrity);
    expect(record?.manifestHash).toBe(readModuleDirectory(dir).contentHash);
    expect(record).toMatchObject({ publisher: berkeley.address, forkedFrom: undefined, yank: undefined, attestations: [] });
    // The bytes on the npm registry are the ones the chain vouches for.
    await expect(downloadTarball({ url: network.url, name: BERKELEY, version: '1.0.0', integrity: record?.integrity })).resolves.toMatchObject({
      integrity: record?.integrity,
    });
  });

  it('re-running an identical publish is a no-op', async () => {
    const dir = modulePackageCopy(root, 'berkeley-1.0.0-again', { name: BERKELEY, version: '1.0.0' });
    const before = await state(BERKELEY, '1.0.0');
    const result = await publish(dir);
    expect(result).toMatchObject({ recordedOnChain: false, publishedToRegistry: false, transactionHash: undefined, integrity: before.chain?.integrity });
    expect(await state(BERKELEY, '1.0.0')).toEqual(before);
  });

  it('completes a publish interrupted between the chain record and the npm registry', async () => {
    const dir = modulePackageCopy(root, 'berkeley-1.0.1', { name: BERKELEY, version: '1.0.1' });
    const { integrity } = await packModule(dir);
    await recordModuleVersion(network.walletOf(berkeley), {
      moduleRegistry: network.moduleRegistry,
      name: BERKELEY,
      version: '1.0.1',
      integrity,
      manifestHash: readModuleDirectory(dir).contentHash,
    });
    expect((await state(BERKELEY, '1.0.1')).npm).toBeUndefined();
    const result = await publish(dir);
    expect(result).toMatchObject({ recordedOnChain: false, publishedToRegistry: true, integrity });
    expect((await state(BERKELEY, '1.0.1')).npm).toBe(integrity);
  });

  it('says how to complete a publish the npm registry refused after the chain recorded it', async () => {
    const dir = modulePackageCopy(root, 'berkeley-1.3.0', { name: BERKELEY, version: '1.3.0' });
    // Incompressible bytes past verdaccio's 10 MB request limit (the tarball travels base64-encoded in JSON).
    writeFileSync(join(dir, 'contracts', 'bulk.bin'), randomBytes(8 * 1024 * 1024));
    const error = await publish(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModulePublishIncompleteError);
    expect((error as ModulePublishIncompleteError).message).toContain('run the same publish again');
    const after = await state(BERKELEY, '1.3.0');
    expect(after.chain?.integrity).toBe((await packModule(dir)).integrity);
    expect(after.npm).toBeUndefined();
  });

  it('refuses a publish without a token, or with one the registry rejects, and changes nothing', async () => {
    const dir = modulePackageCopy(root, 'berkeley-1.1.0', { name: BERKELEY, version: '1.1.0' });
    for (const bad of [undefined, 'not-a-token']) {
      const error = await expectRefusedUnchanged(BERKELEY, '1.1.0', () => publish(dir, { token: bad }), RegistryUnauthorizedError);
      expect(error.message).toContain('dpan registry adduser');
      expect(error.message).toContain('--token');
    }
    expect((await state(BERKELEY, '1.1.0')).chain).toBeUndefined();
  });

  it('refuses to republish a recorded version with other bytes, naming the recorded integrity', async () => {
    const dir = modulePackageCopy(root, 'berkeley-1.0.0-changed', { name: BERKELEY, version: '1.0.0' });
    writeFileSync(join(dir, 'README.md'), '# changed after publishing\n');
    const recorded = (await state(BERKELEY, '1.0.0')).chain?.integrity;
    const error = await expectRefusedUnchanged(BERKELEY, '1.0.0', () => publish(dir), ModuleVersionConflictError);
    expect(error.recordedIntegrity).toBe(recorded);
    expect(error.integrity).not.toBe(recorded);
    expect(error.message).toContain(String(recorded));
    expect(error.message).toMatch(/bump the version/);
  });

  it('refuses a version the npm registry holds with other bytes before recording anything on chain', async () => {
    const first = modulePackageCopy(root, 'berkeley-1.2.0-npm', { name: BERKELEY, version: '1.2.0' });
    await publishTarball({ url: network.url, token, dir: first });
    const dir = modulePackageCopy(root, 'berkeley-1.2.0', { name: BERKELEY, version: '1.2.0' });
    writeFileSync(join(dir, 'CHANGELOG.md'), '# other bytes\n');
    const error = await expectRefusedUnchanged(BERKELEY, '1.2.0', () => publish(dir), VersionExistsError);
    expect(error.message).toContain((await packModule(dir)).integrity);
    expect((await state(BERKELEY, '1.2.0')).chain).toBeUndefined();
  });

  it('refuses an invalid manifest with its file#/pointer and publishes nothing', async () => {
    const dir = modulePackageCopy(root, 'berkeley-2.0.0', { name: BERKELEY, version: '2.0.0', editManifest: (m) => (m['description'] = '') });
    const error = await expectRefusedUnchanged(BERKELEY, '2.0.0', () => publish(dir), SchemaValidationError);
    expect(error.details).toContain(`${join(dir, 'dpan.json')}#/description`);

    // package.json and dpan.json disagree on the version.
    const mismatch = modulePackageCopy(root, 'berkeley-2.0.1', { name: BERKELEY, version: '2.0.1', editManifest: (m) => (m['version'] = '2.0.2') });
    const versionError = await expectRefusedUnchanged(BERKELEY, '2.0.1', () => publish(mismatch), SchemaValidationError);
    expect(versionError.details).toContain(`${join(mismatch, 'dpan.json')}#/version`);
    expect((await state(BERKELEY, '2.0.2')).chain).toBeUndefined();
  });

  it('refuses a forkedFrom the chain has not recorded; records a fork of a recorded version with its lineage', async () => {
    const unknown = modulePackageCopy(root, 'cdmx-0.9.0', { name: CDMX, version: '0.9.0', forkedFrom: `${BERKELEY}@9.9.9` });
    const error = await expectRefusedUnchanged(CDMX, '0.9.0', () => publish(unknown, { as: cdmx }), UnknownForkSourceError);
    expect(error.location).toBe('dpan.json#/forkedFrom');
    expect(error.message).toContain(`dpan.json#/forkedFrom: ${BERKELEY}@9.9.9 is not recorded`);

    const fork = modulePackageCopy(root, 'cdmx-1.0.0', { name: CDMX, version: '1.0.0', forkedFrom: `${BERKELEY}@1.0.0` });
    const result = await publish(fork, { as: cdmx });
    expect(result).toMatchObject({ forkedFrom: `${BERKELEY}@1.0.0`, recordedOnChain: true, publishedToRegistry: true });
    expect((await state(CDMX, '1.0.0')).chain).toMatchObject({ forkedFrom: `${BERKELEY}@1.0.0`, publisher: cdmx.address });
    expect(await readModuleForks(network.publicClient, network.moduleRegistry, BERKELEY, '1.0.0')).toEqual([`${CDMX}@1.0.0`]);
  });

  it("refuses a version of another city's package name", async () => {
    const dir = modulePackageCopy(root, 'berkeley-3.0.0', { name: BERKELEY, version: '3.0.0' });
    const error = await expectRefusedUnchanged(BERKELEY, '3.0.0', () => publish(dir, { as: cdmx }), NotModuleMaintainerError);
    expect(error.maintainers).toEqual([berkeley.address]);
  });

  describe('audits', () => {
    const report = new TextEncoder().encode('Civic Audit Co-op: review of @berkeley/dpan-disaster-prep 1.0.0, no findings.');
    const failing = new TextEncoder().encode('Second opinion: drill rate bounds too wide.');

    beforeAll(async () => {
      for (const account of [auditor, secondAuditor]) {
        await accreditAuditor(network.walletOf(council), { moduleRegistry: network.moduleRegistry, auditor: account.address, metadata: `auditor ${account.address}` });
      }
    });

    it('records a pass and a fail by accredited auditors, bound to their reports', async () => {
      const pass = await auditModule(network.walletOf(auditor), { network, name: BERKELEY, version: '1.0.0', report, verdict: 'pass' });
      expect(pass).toMatchObject({ verdict: 'pass', auditor: auditor.address, reportHash: keccak256(report) });
      const fail = await auditModule(network.walletOf(secondAuditor), { network, name: BERKELEY, version: '1.0.0', report: failing, verdict: 'fail' });
      expect(fail.reportHash).toBe(keccak256(failing));

      const record = (await state(BERKELEY, '1.0.0')).chain;
      expect(record?.attestations).toMatchObject([
        { auditor: auditor.address, verdict: 'pass', reportHash: keccak256(report), revoked: false },
        { auditor: secondAuditor.address, verdict: 'fail', reportHash: keccak256(failing), revoked: false },
      ]);
      const trusted: Address[] = [auditor.address, secondAuditor.address];
      expect(await readPassingAttestations(network.publicClient, network.moduleRegistry, BERKELEY, '1.0.0', trusted)).toBe(1);
    });

    it('refuses before sending: a non-auditor, a second live attestation, an unrecorded version, an empty report', async () => {
      const attest = (account: typeof auditor, version: string, body = report) =>
        auditModule(network.walletOf(account), { network, name: BERKELEY, version, report: body, verdict: 'pass' });
      const notAuditor = await expectRefusedUnchanged(BERKELEY, '1.0.0', () => attest(outsider, '1.0.0'), NotAccreditedAuditorError);
      expect(notAuditor.message).toContain(outsider.address);
      expect(notAuditor.details).toContain('dpan registry auditor');
      await expectRefusedUnchanged(BERKELEY, '1.0.0', () => attest(auditor, '1.0.0'), AttestationExistsError);
      const unknown = await expectRefusedUnchanged(BERKELEY, '7.0.0', () => attest(auditor, '7.0.0'), ModuleVersionNotRecordedError);
      expect(unknown.recorded).toEqual(['1.0.0', '1.0.1', '1.3.0']);
      await expectRefusedUnchanged(BERKELEY, '1.0.1', () => attest(auditor, '1.0.1', new Uint8Array()), EmptyAuditReportError);
    });

    it('revokes an attestation (kept as revoked, no longer counting) and refuses a second revoke', async () => {
      const revoked = await revokeAudit(network.walletOf(secondAuditor), { network, name: BERKELEY, version: '1.0.0' });
      expect(revoked).toMatchObject({ verdict: 'fail', auditor: secondAuditor.address });
      const record = (await state(BERKELEY, '1.0.0')).chain;
      expect(record?.attestations[1]).toMatchObject({ auditor: secondAuditor.address, revoked: true });
      expect(record?.attestations[0]).toMatchObject({ auditor: auditor.address, revoked: false });
      await expectRefusedUnchanged(
        BERKELEY,
        '1.0.0',
        () => revokeAudit(network.walletOf(secondAuditor), { network, name: BERKELEY, version: '1.0.0' }),
        NoLiveAttestationError,
      );
    });
  });

  describe('yanks', () => {
    const reason = 'Drill rate bounds allow ten times the intended payout; use 1.0.1.';
    const yank = (account: typeof berkeley, version: string, why = reason) =>
      yankModule(network.walletOf(account), { network, name: BERKELEY, version, reason: why });

    it('refuses a non-maintainer, an empty or too long reason, an unrecorded version', async () => {
      const error = await expectRefusedUnchanged(BERKELEY, '1.0.0', () => yank(cdmx, '1.0.0'), NotModuleMaintainerError);
      expect(error.account).toBe(cdmx.address);
      await expectRefusedUnchanged(BERKELEY, '1.0.0', () => yank(berkeley, '1.0.0', '  '), InvalidYankReasonError);
      await expectRefusedUnchanged(BERKELEY, '1.0.0', () => yank(berkeley, '1.0.0', 'é'.repeat(513)), InvalidYankReasonError);
      await expectRefusedUnchanged(BERKELEY, '7.0.0', () => yank(berkeley, '7.0.0'), ModuleVersionNotRecordedError);
    });

    it("yanks as the maintainer with its reason recorded, once", async () => {
      const result = await yank(berkeley, '1.0.0');
      expect(result).toMatchObject({ by: berkeley.address, reason, yanked: true, votes: 1n, quorum: 1n }); // the only maintainer: a majority of one
      const record = (await state(BERKELEY, '1.0.0')).chain;
      expect(record?.yank?.reason).toBe(reason);
      expect(record?.yank?.at).toBeGreaterThan(0);
      // The fork, its attestations and the npm tarball stay: a yank is advice to installers, not deletion.
      expect((await state(BERKELEY, '1.0.0')).npm).toBe(record?.integrity);
      const again = await expectRefusedUnchanged(BERKELEY, '1.0.0', () => yank(berkeley, '1.0.0', 'again'), ModuleVersionYankedError);
      expect(again.reason).toBe(reason);
    });
  });
});
