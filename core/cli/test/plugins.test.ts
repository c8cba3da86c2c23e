// Commands contributed by packages (package.json "dpan": { "commands": "<file>" }), through the real binary run from
// a project directory outside this repository whose node_modules holds them: a plugin with a TypeScript
// implementation, its output, exit codes and the runtime; and every way a plugin can fail, each reported with the
// package and the file while the other commands work.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { installedPackageDir as registryInstalledPackageDir, readLockfile } from '@citysync/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dpan, dpanIn } from '../../../test/utils/dpan.js';
import { installedPackageDir, lockedPackages } from '../kit/lockfile.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const BERKELEY_CITY = fileURLToPath(new URL('../../../examples/berkeley/city.json', import.meta.url));

let project: string;

/** A package in the project's node_modules: its package.json and files. */
function pkg(name: string, manifest: Record<string, unknown>, files: Record<string, string> = {}): string {
  const dir = join(project, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', type: 'module', ...manifest }, null, 2));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const HELLO_COMMANDS = `
export function register(program, kit) {
  const hello = () => kit.load(new URL('./hello.ts', import.meta.url));
  kit
    .onChain(kit.command(program, 'hello', 'greet a city', ['dpan hello Oakland --times 2']), { signer: false })
    .argument('<name>', 'who to greet')
    .option('--times <n>', 'how many times', '1')
    .action(kit.run(hello, 'hello'));
  kit
    .command(program, 'hello-broken', 'an implementation that does not compile', ['dpan hello-broken'])
    .action(kit.run(() => kit.load(new URL('./broken.ts', import.meta.url)), 'broken'));
}
`;

// TypeScript (types, a class field): only tsx runs it.
const HELLO_TS = `
class HelloUsageError extends Error {
  override name = 'HelloUsageError';
  readonly shortMessage: string;
  constructor(message: string) {
    super(message);
    this.shortMessage = message;
  }
}
type Options = { city: string; times: string; json?: boolean };
type Runtime = { cityDir(options: { city: string }): Promise<string> };
export const hello = {
  run: async (name: string, options: Options, runtime: Runtime): Promise<{ greeting: string; cityDir: string }> => {
    const times: number = Number(options.times);
    if (!Number.isInteger(times) || times < 1) throw new HelloUsageError(\`--times must be a whole number >= 1, got "\${options.times}".\`);
    return { greeting: Array<string>(times).fill(\`hello \${name}\`).join(', '), cityDir: await runtime.cityDir(options) };
  },
  render: (data: { greeting: string }): string => data.greeting,
  usageErrors: [HelloUsageError],
};
`;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'dpan-plugins-'));
  pkg('@acme/dpan-hello', { dpan: { commands: './dpan-commands.js' } }, {
    'dpan-commands.js': HELLO_COMMANDS,
    'hello.ts': HELLO_TS,
    'broken.ts': 'export const broken = ;\n',
  });
  pkg('dpan-malformed', { dpan: { commands: 42 } });
  pkg('dpan-outside', { dpan: { commands: '../elsewhere.js' } });
  pkg('dpan-missing', { dpan: { commands: './nope.js' } });
  pkg('dpan-throws', { dpan: { commands: './commands.js' } }, {
    'commands.js': "export function register(program, kit) {\n  kit.command(program, 'half', 'declared before the error', ['dpan half']);\n  throw new Error('cannot declare');\n}\n",
  });
  pkg('dpan-no-register', { dpan: { commands: './commands.js' } }, { 'commands.js': 'export const commands = [];\n' });
  pkg('dpan-shadow', { dpan: { commands: './commands.js' } }, {
    'commands.js':
      "export function register(program, kit) {\n  kit.command(program, 'validate', 'not dpan validate', ['dpan validate']).action(() => { process.exitCode = 9; });\n  kit.command(program, 'shadow-ok', 'a name nobody has', ['dpan shadow-ok']).action(() => {});\n}\n",
  });
  pkg('not-a-plugin', { description: 'mentions "dpan" in its text, has no dpan field' });
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('plugins from the node_modules of the current directory', () => {
  it('--help lists their commands; each failing plugin is named with its file, the others load', async () => {
    const result = await dpanIn(project, '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\n {2}hello \[options\] <name> +greet a city\n/);
    expect(result.stdout).toContain('\n  shadow-ok ');
    expect(result.stdout).not.toContain('\n  half ');
    const nm = join(project, 'node_modules');
    const lines = result.stderr.trim().split('\n').sort();
    expect(lines).toEqual(
      [
        `dpan: the commands of dpan-malformed (${join(nm, 'dpan-malformed', 'package.json')}) were not loaded: ${join(nm, 'dpan-malformed', 'package.json')}#/dpan/commands: expected the path of a JavaScript file exporting register(program, kit). Other commands work.`,
        `dpan: the commands of dpan-outside (${join(nm, 'dpan-outside', 'package.json')}) were not loaded: ${join(nm, 'dpan-outside', 'package.json')}#/dpan/commands: "../elsewhere.js" is outside the package. Other commands work.`,
        `dpan: the commands of dpan-missing (${join(nm, 'dpan-missing', 'nope.js')}) were not loaded: the file does not exist (package.json#/dpan/commands names it): reinstall the package. Other commands work.`,
        `dpan: the commands of dpan-no-register (${join(nm, 'dpan-no-register', 'commands.js')}) were not loaded: the file exports no register(program, kit) function. Other commands work.`,
        `dpan: the commands of dpan-throws (${join(nm, 'dpan-throws', 'commands.js')}) were not loaded: register(program, kit) threw: cannot declare. Other commands work.`,
        `dpan: \`dpan validate\` of dpan-shadow (${join(nm, 'dpan-shadow', 'commands.js')}) was not added: dpan itself declares it first.`,
      ].sort(),
    );
  });

  it('dpan own commands work beside broken plugins; a plugin cannot replace one', async () => {
    const result = await dpanIn(project, 'validate', BERKELEY_CITY);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid: 1 file checked');
  });

  it('runs a TypeScript implementation: its data as text or --json, the runtime reading --city', async () => {
    const text = await dpanIn(project, 'hello', 'Oakland', '--times', '2');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe('hello Oakland, hello Oakland\n');
    const json = await dpanIn(project, 'hello', 'Oakland', '--city', 'oakland', '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ greeting: 'hello Oakland', cityDir: join(project, 'oakland') });
  });

  it("a plugin's usage error exits 2, like dpan's own; commander's checks apply to its options", async () => {
    const usage = await dpanIn(project, 'hello', 'Oakland', '--times', '0');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error: --times must be a whole number >= 1, got "0".');
    const missing = await dpanIn(project, 'hello');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'name'");
  });

  it('an implementation that cannot be loaded: exit 1, naming the command, the package and its file', async () => {
    const result = await dpanIn(project, 'hello-broken');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: \`dpan hello-broken\` (from @acme/dpan-hello, ${join(project, 'node_modules', '@acme', 'dpan-hello', 'dpan-commands.js')}) could not load its implementation:`,
    );
  });

  it('an unknown command exits 2 with plugins too, --help or not', async () => {
    for (const args of [['nosuch'], ['nosuch', '--help']]) {
      const result = await dpanIn(project, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain("error: unknown command 'nosuch'");
    }
  });

  it("a city's broken dpan-lock.json: reported, and dpan runs", async () => {
    const city = join(project, 'broken-city');
    mkdirSync(city);
    writeFileSync(join(city, 'dpan-lock.json'), '{ not json');
    const result = await dpanIn(project, 'chain', 'status', '--city', city, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ running: false });
    expect(result.stderr).toContain(`dpan: the commands of the city (${join(city, 'dpan-lock.json')}) were not loaded: ${join(city, 'dpan-lock.json')} is not valid JSON`);
  });

  it("another directory does not see them", async () => {
    const result = await dpan('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('greet a city');
    expect(result.stderr).toBe('');
  });
});

describe("the kit's reading of a city's dpan-lock.json", () => {
  it('finds installed packages where @citysync/registry keeps them', () => {
    const city = mkdtempSync(join(tmpdir(), 'dpan-lock-'));
    try {
      const entry = { version: '2.1.0', integrity: 'sha512-x', manifestHash: `0x${'11'.repeat(32)}`, module: `0x${'22'.repeat(20)}`, forkedFrom: undefined, audits: [], registry: { url: 'http://127.0.0.1:4873', chainId: 31337, moduleRegistry: `0x${'33'.repeat(20)}` }, installedAt: '2026-01-01T00:00:00.000Z' };
      writeFileSync(join(city, 'dpan-lock.json'), JSON.stringify({ lockfileVersion: 1, modules: { '@cdmx/dpan-disaster-prep': entry, 'dpan-plain': { ...entry, version: '0.3.0' } } }));
      const fromRegistry = Object.entries(readLockfile(city).modules).map(([name, locked]) => ({ name, version: locked.version, dir: registryInstalledPackageDir(city, name, locked.version) }));
      expect(lockedPackages(city)).toEqual(fromRegistry);
      expect(installedPackageDir(city, '@cdmx/dpan-disaster-prep', '2.1.0')).toBe(registryInstalledPackageDir(city, '@cdmx/dpan-disaster-prep', '2.1.0'));
      expect(lockedPackages(join(city, 'no-city'))).toEqual([]);
      writeFileSync(join(city, 'dpan-lock.json'), '{ not json');
      expect(() => lockedPackages(city)).toThrow(`${join(city, 'dpan-lock.json')} is not valid JSON`);
    } finally {
      rmSync(city, { recursive: true, force: true });
    }
  });
});

describe('@citysync/cli', () => {
  it("imports no module package and not @citysync/scaffolder: their commands come as plugins", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (name === 'node_modules' || name === 'test' || name === 'dist') return [];
        return statSync(path).isDirectory() ? files(path) : /\.[cm]?[jt]s$/.test(name) ? [path] : [];
      });
    const found = files(CLI_DIR).filter((file) => /['"]@citysync\/(dpan-[^'"/]+|scaffolder)(\/[^'"]*)?['"]/.test(readFileSync(file, 'utf8')));
    expect(found.map((file) => relative(CLI_DIR, file))).toEqual([]);
    const { dependencies } = JSON.parse(readFileSync(join(CLI_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(dependencies['@citysync/scaffolder']).toBeDefined();
  });
});
