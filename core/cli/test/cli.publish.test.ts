// `dpan publish`, `dpan audit`, `dpan yank`: the real binary against a real embedded registry network.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fetchPackument } from '@citysync/registry';
import { keccak256 } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { devAccount } from '../src/context.js';
import { readModuleVersion } from '../../../registry/src/distribution/readModuleVersion.js';
import { type RegistryNetworkClients, openRegistryNetwork } from '../../../registry/src/distribution/registryNetwork.js';
import { accreditAuditor } from '../../../registry/src/distribution/writeModuleRegistry.js';
import { readModuleDirectory } from '../../module-kit/src/readModuleDirectory.js';
import type { AuditResult, PublishResult, YankResult } from '../src/commands/publish.js';
import { dpan, dpanJson } from '../../../test/utils/dpan.js';
import { modulePackageCopy } from '../../../test/utils/modulePackageCopy.js';

const NAME = '@berkeley/dpan-disaster-prep';
const ID = `${NAME}@1.0.0`;
const auditor = devAccount(3);

describe('dpan publish / audit / yank', () => {
  const root = mkdtempSync(join(tmpdir(), 'dpan-cli-publish-'));
  const registryDir = join(root, 'registry');
  const at = ['--registry-dir', registryDir];
  let network: RegistryNetworkClients;
  let token: string;
  let dir: string;
  const reportFile = join(root, 'audit-report.md');

  beforeAll(async () => {
    await dpanJson('registry', 'start', ...at);
    network = await openRegistryNetwork({ dir: registryDir });
    ({ token } = await dpanJson<{ token: string }>('registry', 'adduser', 'berkeley', '--password', 'berkeley-modules-pw', ...at));
    await accreditAuditor(network.walletOf(devAccount(0)), { moduleRegistry: network.moduleRegistry, auditor: auditor.address, metadata: 'Civic Audit Co-op' });
    dir = modulePackageCopy(root, 'disaster-prep', { name: NAME, version: '1.0.0' });
    writeFileSync(reportFile, '# Audit of @berkeley/dpan-disaster-prep 1.0.0\n\nNo findings.\n');
  }, 180_000);

  afterAll(async () => {
    await dpan('registry', 'stop', ...at);
    rmSync(root, { recursive: true, force: true });
  });

  it('every command has --help with an example', async () => {
    for (const name of ['publish', 'audit', 'yank']) {
      const help = await dpan(name, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`$ dpan ${name} `);
      expect(help.stdout).toContain('--json');
    }
  });

  it('publish: refuses without a token (exit 1, nothing written), then publishes; a re-run says it is already there', async () => {
    const refused = await dpan('publish', dir, '--account', '1', ...at);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no valid token');
    expect(refused.stderr).toContain('dpan registry adduser');
    expect(await readModuleVersion(network.publicClient, network.moduleRegistry, NAME, '1.0.0')).toBeUndefined();

    const published = await dpanJson<PublishResult>('publish', dir, '--token', token, '--account', '1', ...at);
    expect(published).toMatchObject({ id: ID, forkedFrom: null, recordedOnChain: true, publishedToRegistry: true, registryUser: 'berkeley' });
    const record = await readModuleVersion(network.publicClient, network.moduleRegistry, NAME, '1.0.0');
    expect(record?.integrity).toBe(published.integrity);
    expect((await fetchPackument({ url: network.url, name: NAME })).versions['1.0.0']?.dist.integrity).toBe(published.integrity);
    expect(record?.manifestHash).toBe(readModuleDirectory(dir).contentHash);
    expect(record?.publisher).toBe(devAccount(1).address);

    const again = await dpan('publish', dir, '--token', token, '--account', '1', ...at);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${ID} was already published with these bytes`);
    expect(again.stdout).toContain(`integrity:     ${published.integrity}`);
    expect(again.stdout).toContain('already recorded with these bytes');
  });

  it('publish: an invalid manifest fails with its file#/pointer (exit 1)', async () => {
    const invalid = modulePackageCopy(root, 'invalid', { name: NAME, version: '1.1.0', editManifest: (m) => (m['description'] = '') });
    const result = await dpan('publish', invalid, '--token', token, '--account', '1', ...at);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(invalid, 'dpan.json')}#/description`);
    expect(await readModuleVersion(network.publicClient, network.moduleRegistry, NAME, '1.1.0')).toBeUndefined();
  });

  it('audit: usage errors exit 2; a non-auditor exit 1; an auditor attests (exit 0) and revokes', async () => {
    const usage = [
      ['audit', ID, '--report', reportFile, '--verdict', 'maybe'],
      ['audit', ID, '--verdict', 'pass'],
      ['audit', 'Not A Package', '--report', reportFile, '--verdict', 'pass'],
      ['audit', NAME, '--report', reportFile, '--verdict', 'pass'],
      ['audit', ID, '--revoke', '--verdict', 'pass'],
      ['audit', ID, '--report', join(root, 'missing.pdf'), '--verdict', 'pass'],
    ];
    for (const args of usage) {
      const result = await dpan(...args, '--account', '3', ...at);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
    }

    const outsider = await dpan('audit', ID, '--report', reportFile, '--verdict', 'pass', '--account', '4', ...at);
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toContain('is not an accredited auditor');

    const attested = await dpanJson<AuditResult>('audit', ID, '--report', reportFile, '--verdict', 'pass', '--account', '3', ...at);
    const reportHash = keccak256(new TextEncoder().encode('# Audit of @berkeley/dpan-disaster-prep 1.0.0\n\nNo findings.\n'));
    expect(attested).toMatchObject({ action: 'attest', id: ID, verdict: 'pass', reportHash, auditor: auditor.address });
    let record = await readModuleVersion(network.publicClient, network.moduleRegistry, NAME, '1.0.0');
    expect(record?.attestations).toMatchObject([{ auditor: auditor.address, verdict: 'pass', reportHash, revoked: false }]);

    const twice = await dpan('audit', ID, '--report', reportFile, '--verdict', 'fail', '--account', '3', ...at);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`dpan audit ${ID} --revoke`);

    const revoked = await dpan('audit', ID, '--revoke', '--account', '3', ...at);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`the pass attestation of ${auditor.address} is revoked`);
    record = await readModuleVersion(network.publicClient, network.moduleRegistry, NAME, '1.0.0');
    expect(record?.attestations[0]?.revoked).toBe(true);
  });

  it('yank: needs --reason (exit 2), refuses a non-maintainer (exit 1), records the maintainer\'s reason (exit 0)', async () => {
    expect((await dpan('yank', ID, '--account', '1', ...at)).code).toBe(2);
    const outsider = await dpan('yank', ID, '--reason', 'not mine to yank', '--account', '2', ...at);
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toContain(`is not a maintainer of ${NAME}`);

    const reason = 'drill rate bounds allow ten times the intended payout';
    const yanked = await dpanJson<YankResult>('yank', ID, '--reason', reason, '--account', '1', ...at);
    expect(yanked).toMatchObject({ id: ID, reason, by: devAccount(1).address });
    const record = await readModuleVersion(network.publicClient, network.moduleRegistry, NAME, '1.0.0');
    expect(record?.yank?.reason).toBe(reason);

    const again = await dpan('yank', ID, '--reason', reason, '--account', '1', '--json', ...at);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { name: 'ModuleVersionYankedError' } });
  });
});
