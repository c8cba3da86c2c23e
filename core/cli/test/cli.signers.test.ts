// Signers through the real binary on a chain that is not the embedded one: a city's genesis (`dpan chain genesis`)
// on anvil with no dev accounts, base fee 0 and a block a second, behind the filter that refuses anvil's own
// methods. Keystores are made by the real `cast`; the deployer holds no ether. Every refusal (wrong password,
// unreadable keystore, no password without a terminal, a non-member, a dev shortcut) exits 2 and sends nothing:
// the filter's count of eth_sendRawTransaction does not move.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Address, createPublicClient, http } from 'viem';
import { readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AccreditationAbi } from '@citysync/contracts';
import { OrgRoles } from '@citysync/sdk';
import type { AnvilInstance } from '../../devnet/src/anvil.js';
import { startGenesisAnvil } from '../../devnet/src/genesis/startGenesisAnvil.js';
import { type RpcFilterProxy, startRpcFilterProxy } from '../../devnet/src/rpcFilterProxy.js';
import type { AccreditResult } from '../src/commands/org.js';
import { DPAN_BIN, type DpanResult, runProcess } from '../../../test/utils/dpan.js';
import { type CastKeystore, castKeystore } from '../../../test/utils/keystore.js';

const BERKELEY = new URL('../../../examples/berkeley/', import.meta.url).pathname;
const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
const CHAIN_ID = 4801;
/** Berkeley's accreditation committee is dev accounts 1, 2, 3: here 1 and 2 are institutions with keystores. */
const DEV_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const DEV_2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const ORG = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720';
const DELAY_SECONDS = 4;

const scratch = mkdtempSync(join(tmpdir(), 'cli-signers-'));
const keys = join(scratch, 'keys');
const cityDir = join(scratch, 'city');

const keystore = (name: string): CastKeystore => castKeystore(keys, name);

/** dpan as a separate process, with exactly the environment given (no key or password from the test's own). */
function dpanWith(env: Record<string, string>, ...args: string[]): Promise<DpanResult> {
  const { DPAN_PRIVATE_KEY: _key, DPAN_PASSWORD: _password, ...rest } = process.env;
  return runProcess(process.execPath, [DPAN_BIN, ...args], { cwd: REPO_ROOT, env: { ...rest, ...env } });
}
const dpan = (...args: string[]) => dpanWith({}, ...args);

describe('dpan signers on a non-embedded, zero-fee chain', () => {
  let anvil: AnvilInstance;
  let filter: RpcFilterProxy;
  let deployer: CastKeystore;
  let library: CastKeystore;
  let parks: CastKeystore;
  let on: string[];

  /** How many transactions reached the chain so far. */
  const sent = () => filter.counts().forwarded['eth_sendRawTransaction'] ?? 0;

  beforeAll(async () => {
    [deployer, library, parks] = [keystore('deployer'), keystore('library'), keystore('parks')];
    cpSync(BERKELEY, cityDir, { recursive: true });
    rmSync(join(cityDir, '.citysync'), { recursive: true, force: true });
    const config = join(cityDir, 'city.json');
    writeFileSync(
      config,
      readFileSync(config, 'utf8')
        .replace('"chainId": 31337', `"chainId": ${CHAIN_ID}`)
        // A delay of seconds, waited out in real time: nothing here can move the clock.
        .replaceAll('"delaySeconds": 3600', `"delaySeconds": ${DELAY_SECONDS}`)
        .replaceAll(DEV_1, library.address)
        .replaceAll(DEV_2, parks.address),
    );
    const validators = join(scratch, 'validators.json');
    writeFileSync(validators, JSON.stringify([DEV_1, DEV_2, '0x90F79bf6EB2c4f870365E785982E1f101E93b906', '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65']));
    const genesis = await dpan('chain', 'genesis', '--city', cityDir, '--validators', validators, '--out', join(scratch, 'network'), '--chain-id', String(CHAIN_ID), '--json');
    expect(genesis.stderr).toBe('');
    expect(genesis.code).toBe(0);
    anvil = await startGenesisAnvil({ genesisPath: join(scratch, 'network', 'genesis.json') });
    filter = await startRpcFilterProxy({ target: anvil.rpcUrl });
    on = ['--city', cityDir, '--rpc', filter.url];
  });
  afterAll(async () => {
    await filter?.stop();
    await anvil?.stop();
  });

  it('--keystore with --password-file: a deployer with no ether deploys the city through the predeployed factory', async () => {
    const run = await dpan('city', 'deploy', ...on, '--keystore', deployer.file, '--password-file', deployer.passwordFile, '--predeploys', join(scratch, 'network', 'predeploys.json'), '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ deployment: { chainId: CHAIN_ID } });
    const client = createPublicClient({ transport: http(filter.url) });
    expect(await client.getBalance({ address: deployer.address })).toBe(0n);
    expect(sent()).toBeGreaterThan(0);
  });

  it('--keystore with DPAN_PASSWORD: a member proposes, another approves from another process, anyone executes after the real delay', async () => {
    const proposed = await dpanWith({ DPAN_PASSWORD: 'library password' }, 'org', 'accredit', ORG, '--roles', 'issuer', ...on, '--keystore', library.file, '--json');
    expect(proposed.stderr).toBe('');
    expect(proposed.code).toBe(0);
    const result = JSON.parse(proposed.stdout) as AccreditResult;
    expect(result).toMatchObject({ approvals: 1, threshold: 2, state: 'pending' });
    const approved = await dpan('committee', 'approve', 'accreditation', String(result.proposalId), ...on, '--keystore', parks.file, '--password-file', parks.passwordFile, '--json');
    expect(approved.stderr).toBe('');
    const { readyAt } = JSON.parse(approved.stdout) as { approvals: string; readyAt: number };
    expect(JSON.parse(approved.stdout)).toMatchObject({ approvals: '2' });

    const client = createPublicClient({ transport: http(filter.url) });
    const deployment = JSON.parse(readFileSync(join(cityDir, '.citysync', 'deployment.json'), 'utf8')) as { contracts: { accreditation: Address } };
    const roles = () => readContract(client, { address: deployment.contracts.accreditation, abi: AccreditationAbi, functionName: 'rolesOf', args: [ORG] });
    while ((await client.getBlock()).timestamp < BigInt(readyAt)) await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await roles()).toBe(0);
    // Executing is anyone's: the deployer, no member, with no ether.
    const executed = await dpan('committee', 'execute', 'accreditation', String(result.proposalId), ...on, '--keystore', deployer.file, '--password-file', deployer.passwordFile);
    expect(executed.stderr).toBe('');
    expect(executed.code).toBe(0);
    expect(await roles()).toBe(OrgRoles.ISSUER);
  });

  /** Runs a command that must be refused: exit 2, the message on stderr, and no transaction sent. */
  async function refused(run: Promise<DpanResult>, message: string | RegExp): Promise<DpanResult> {
    const before = sent();
    const result = await run;
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(sent()).toBe(before);
    return result;
  }
  const accredit = (...signer: string[]) => ['org', 'accredit', ORG, '--roles', 'redeemer', ...on, ...signer];

  it('a wrong password: exit 2, the MAC named, nothing sent', async () => {
    const wrong = join(scratch, 'wrong.password');
    writeFileSync(wrong, 'not the password\n');
    const run = await refused(dpan(...accredit('--keystore', library.file, '--password-file', wrong), '--json'), `error: Wrong password for the keystore ${library.file} (its MAC does not match).`);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { name: 'KeystorePasswordError' } });
  });

  it('an unreadable or malformed keystore: exit 2 with the file (and the field), nothing sent', async () => {
    const missing = join(keys, 'nobody');
    await refused(dpan(...accredit('--keystore', missing, '--password-file', library.passwordFile)), `error: Cannot read the keystore ${missing}: no such file.`);
    const bad = join(keys, 'bad');
    const json = JSON.parse(readFileSync(library.file, 'utf8')) as { crypto: Record<string, unknown> };
    writeFileSync(bad, JSON.stringify({ ...json, crypto: { ...json.crypto, kdf: 'argon2id' } }));
    await refused(dpan(...accredit('--keystore', bad, '--password-file', library.passwordFile)), `error: ${bad}#/crypto/kdf: must be "scrypt" or "pbkdf2", got "argon2id"`);
    const unreadablePassword = join(keys, 'no-such.password');
    await refused(dpan(...accredit('--keystore', library.file, '--password-file', unreadablePassword)), `error: --password-file: cannot read ${unreadablePassword} (ENOENT).`);
  });

  it('no password and no terminal to ask on: exit 2 naming --password-file and DPAN_PASSWORD', async () => {
    const run = await refused(dpan(...accredit('--keystore', library.file)), `error: --keystore ${library.file} needs its password, and there is no terminal to ask on.`);
    expect(run.stderr).toContain('Pass --password-file <file> (the password on its first line) or set DPAN_PASSWORD.');
  });

  it('a key that is not a member of the committee: exit 2 before anything is sent', async () => {
    await refused(
      dpan(...accredit('--keystore', deployer.file, '--password-file', deployer.passwordFile)),
      `error: ${deployer.address} is not a member of the accreditation committee.`,
    );
    await refused(
      dpan('committee', 'approve', 'accreditation', '1', ...on, '--keystore', deployer.file, '--password-file', deployer.passwordFile),
      `error: ${deployer.address} is not a member of the accreditation committee; nothing was sent.`,
    );
  });

  it('dev shortcuts on a chain that is not the embedded one: --account, the default dev account, --approve-as', async () => {
    const notEmbedded = `error: ${filter.url} is not the city's embedded chain: dpan signs with the dev mnemonic's accounts`;
    const hint = '--keystore <file> (password from --password-file <file> or DPAN_PASSWORD)';
    expect((await refused(dpan(...accredit('--account', '1')), notEmbedded)).stderr).toContain(hint);
    await refused(dpan(...accredit()), notEmbedded);
    await refused(dpan(...accredit('--keystore', library.file, '--password-file', library.passwordFile, '--approve-as', '2')), notEmbedded);
    await refused(dpan('committee', 'approve', 'accreditation', '1', ...on, '--account', '2'), notEmbedded);
  });

  it('--keystore with --private-key, and --password-file without --keystore, are usage errors', async () => {
    await refused(dpan(...accredit('--password-file', library.passwordFile)), 'error: --password-file is the password of a keystore: pass --keystore <file> with it.');
    await refused(
      dpan(...accredit('--keystore', library.file, '--private-key', `0x${'11'.repeat(32)}`)),
      "error: option '--keystore <file>' cannot be used with option '--private-key <hex>'",
    );
  });

  it('no command used a dev-only method', () => {
    expect(filter.counts().refused).toEqual({});
  });
});

/**
 * dpan on a terminal (util-linux `script` gives it a pseudo-terminal): waits for the password prompt, types `typed`,
 * and resolves with everything the terminal showed and the exit code.
 */
function onTerminal(typed: string, ...args: string[]): Promise<{ code: number | null; screen: string }> {
  const { DPAN_PRIVATE_KEY: _key, DPAN_PASSWORD: _password, ...env } = process.env;
  const command = [process.execPath, DPAN_BIN, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let answered = false;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    if (!answered && screen.includes('Password for ')) {
      answered = true;
      child.stdin.write(`${typed}\r`);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, screen }));
  });
}

describe('the password prompt on a terminal', () => {
  let terminal: CastKeystore;
  beforeAll(() => {
    terminal = keystore('terminal');
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('asks on the terminal without echoing; a wrong password exits 2, the right one opens the keystore', async () => {
    const noCity = join(scratch, 'no-city');
    const wrong = await onTerminal('guess', 'city', 'deploy', '--city', noCity, '--keystore', terminal.file);
    expect(wrong.screen).toContain(`Password for ${terminal.file}: `);
    expect(wrong.screen).not.toContain('guess');
    expect(wrong.screen).toContain(`error: Wrong password for the keystore ${terminal.file} (its MAC does not match).`);
    expect(wrong.code).toBe(2);
    // The right password opens it: the command goes on to its own first check (no city there).
    const right = await onTerminal('terminal password', 'city', 'deploy', '--city', noCity, '--keystore', terminal.file);
    expect(right.screen).not.toContain('terminal password');
    expect(right.screen).not.toContain('Wrong password');
    expect(right.screen).toContain(`error: No city config at ${noCity}.`);
    expect(right.code).toBe(1);
  });
});
