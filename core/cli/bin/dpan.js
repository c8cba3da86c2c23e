#!/usr/bin/env node
// The `dpan` command line. Plain JavaScript on purpose: it only declares commands, options and examples, so that
// `dpan --help` answers in tens of milliseconds. Loading TypeScript (tsx, ~440 ms) and viem (~100 ms) happens in
// an action, which registers tsx and imports its implementation from core/src/cli/commands/<group>.ts.
import { Command, CommanderError, Option } from 'commander';

// `dpan ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/** The action of a leaf command: `<group>.ts` exports `name(...args, options)` resolving to the exit code. */
function run(group, name) {
  return async (...args) => {
    // viem's ES modules, loaded before tsx's hooks exist, skip them: ~0.5 s instead of ~4 s through the hooks.
    await Promise.all(['viem', 'viem/actions', 'viem/accounts', 'viem/utils'].map((specifier) => import(specifier)));
    const { register } = await import('tsx/esm/api');
    register();
    const commands = await import(new URL(`../src/commands/${group}.ts`, import.meta.url).href);
    // commander passes the positional arguments, the options, then the Command itself.
    process.exitCode = await commands[name](...args.slice(0, -1));
  };
}

function examples(...lines) {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

function command(parent, nameAndArgs, description, exampleLines) {
  return parent.command(nameAndArgs).description(description).addHelpText('after', examples(...exampleLines));
}

/** A command that only groups subcommands (`dpan task`): its help shows an example of each. */
const group = command;

const cityOption = () => new Option('--city <dir>', 'city directory (holds city.json and .citysync/)').default('.', 'current directory');
const rpcOption = () =>
  new Option('--rpc <url>', 'JSON-RPC endpoint (default: the embedded chain of --city, .citysync/chain/anvil.json)');
const jsonOption = () => new Option('--json', 'print one JSON object on stdout (for scripts)');

/** --city, --rpc and the signer of a command that sends transactions. */
function onChain(cmd, { signer = true } = {}) {
  cmd.addOption(cityOption()).addOption(rpcOption());
  if (signer) {
    cmd
      .addOption(
        new Option('--account <index>', 'dev account index of the mnemonic "test test ... junk" (embedded chain)')
          .conflicts('privateKey')
          .default('0'),
      )
      .addOption(
        new Option('--private-key <hex>', 'sign with this key instead of a dev account').env('DPAN_PRIVATE_KEY'),
      );
  }
  return cmd.addOption(jsonOption());
}

const program = new Command('dpan')
  .description('City/Sync: run a civic-credit economy (chain, city, organizations, tasks, redemptions, health).')
  .version('0.1.0', '-v, --version')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride()
  .addHelpText(
    'after',
    examples(
      'dpan city init my-city && cd my-city',
      'dpan chain start',
      'dpan city deploy',
      'dpan health',
    ) + '\nExit codes: 0 success, 1 the operation failed or an input is invalid, 2 usage error.\n',
  );

// dpan validate
command(program, 'validate', 'validate City/Sync files (city.json, governance.json, dpan.json, ...) against their schemas', [
  'dpan validate city.json',
  'dpan validate modules/blight-mce --json',
])
  .argument('<paths...>', 'files or directories (every recognised file inside is checked)')
  .addOption(jsonOption())
  .action(run('validate', 'validate'));

// dpan city
const city = group(program, 'city', 'create and deploy a city', ['dpan city init oakland', 'dpan city deploy --city oakland']);
command(city, 'init', 'write a new city directory (city.json with comments on what to change, governance.json)', [
  'dpan city init oakland --name Oakland --ticker OAKL',
])
  .argument('<dir>', 'directory to create (must be missing or empty)')
  .option('--name <name>', 'city name', 'Berkeley')
  .option('--ticker <ticker>', 'credit ticker, 3 to 6 capital letters', 'BRKY')
  .addOption(jsonOption())
  .action(run('city', 'init'));
onChain(
  command(city, 'deploy', "deploy the city's contracts from city.json and record them in .citysync/deployment.json", [
    'dpan city deploy',
    'dpan city deploy --city oakland --rpc http://127.0.0.1:8545 --private-key 0x...',
  ]),
)
  .option('--force', 'deploy again although deployment.json records a city whose contracts are on this chain')
  // --- issue 8 (chain genesis) ---
  .option('--predeploys <file>', "reuse the factory and implementations a production chain's genesis predeploys (predeploys.json of dpan chain genesis)")
  // --- end issue 8 (chain genesis) ---
  .action(run('city', 'deploy'));

// dpan chain
const chain = group(program, 'chain', "the city's embedded chain (anvil on loopback, state kept in .citysync/chain)", [
  'dpan chain start',
  'dpan chain status',
  'dpan chain stop',
]);
command(chain, 'start', 'start the embedded chain in the background (state is loaded from the last stop)', [
  'dpan chain start',
  'dpan chain start --city oakland --port 8545',
])
  .addOption(cityOption())
  .option('--port <port>', 'loopback port (default: a free one)')
  .addOption(jsonOption())
  .action(run('chain', 'start'));
command(chain, 'stop', 'stop the embedded chain, saving its state', ['dpan chain stop'])
  .addOption(cityOption())
  .addOption(jsonOption())
  .action(run('chain', 'stop'));
command(chain, 'status', 'say whether the embedded chain runs, where, and at which block', ['dpan chain status --json'])
  .addOption(cityOption())
  .addOption(jsonOption())
  .action(run('chain', 'status'));
// --- issue 8 (chain genesis) ---
command(chain, 'genesis', "write a Hyperledger Besu QBFT network for the city's institutions: genesis.json (zero gas price, predeployed factory), predeploys.json, node-<n>/config.toml, README.md", [
  'dpan chain genesis --city oakland --validators validators.json --out oakland-chain',
  'dpan chain genesis --city oakland/city.json --validators validators.json --out oakland-chain --block-period 5 --chain-id 4801',
])
  .addOption(cityOption())
  .requiredOption('--validators <file>', 'JSON array of the validators\' node addresses (schemas/validators.schema.json)')
  .requiredOption('--out <dir>', 'directory to write (new or empty; see --force)')
  .option('--block-period <seconds>', 'seconds between blocks (default: 2)')
  .option('--chain-id <id>', "chain id (default: city.json's chain.chainId; must equal it when both are given; 31337 only when given here)")
  .option('--no-predeploys', 'leave the CityFactory and shared implementations out of the genesis (dpan city deploy deploys them)')
  .option('--force', 'write into a non-empty --out: the generated files are replaced, other files (node keys) are kept')
  .addOption(jsonOption())
  .action(run('chain', 'genesis'));
// --- end issue 8 (chain genesis) ---

// dpan registry
const registry = group(program, 'registry', 'the embedded registry network: npm registry (verdaccio) + registry chain with the ModuleRegistry', [
  'dpan registry start',
  'dpan registry adduser berkeley --password s3cret',
  'dpan registry auditor 0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097 --name "Civic Audit Co-op"',
  'dpan registry status',
  'dpan registry stop',
]);
const registryDirOption = () =>
  new Option('--registry-dir <dir>', 'the embedded registry network: packages, users, chain state, network.json').default('.citysync/registry');
/** Where the registry network is: the embedded one of --registry-dir, or explicit endpoints. */
function onRegistry(cmd, { signer = false, json = true } = {}) {
  cmd
    .addOption(registryDirOption())
    .addOption(new Option('--registry <url>', 'npm registry URL (default: the embedded one of --registry-dir)'))
    .addOption(new Option('--registry-rpc <url>', 'registry chain JSON-RPC URL (default: the embedded one)'))
    .addOption(new Option('--module-registry <address>', 'ModuleRegistry address on the registry chain (default: network.json)'));
  if (signer) {
    cmd
      .addOption(new Option('--account <index>', 'dev account index of the mnemonic "test test ... junk" (embedded chain)').conflicts('privateKey').default('0'))
      .addOption(new Option('--private-key <hex>', 'sign with this key instead of a dev account').env('DPAN_PRIVATE_KEY'));
  }
  return json ? cmd.addOption(jsonOption()) : cmd;
}
const tokenOption = () => new Option('--token <token>', 'registry token (dpan registry adduser prints one)').env('DPAN_REGISTRY_TOKEN');
command(registry, 'start', 'start the embedded registry network in the background (deploys the ModuleRegistry on the first start)', [
  'dpan registry start',
  'dpan registry start --registry-dir /srv/citysync-registry --port 4873',
])
  .addOption(registryDirOption())
  .option('--port <port>', 'loopback port of the npm registry (default: a free one)')
  .addOption(jsonOption())
  .action(run('registry', 'start'));
command(registry, 'stop', 'stop the embedded registry network (packages, users and chain state stay in --registry-dir)', ['dpan registry stop'])
  .addOption(registryDirOption())
  .addOption(jsonOption())
  .action(run('registry', 'stop'));
command(registry, 'status', 'say whether the embedded registry network runs, and where', ['dpan registry status --json'])
  .addOption(registryDirOption())
  .addOption(jsonOption())
  .action(run('registry', 'status'));
onRegistry(
  command(registry, 'adduser', 'create a registry user (or log one in) and print its token for --token / DPAN_REGISTRY_TOKEN', [
    'dpan registry adduser berkeley --password s3cret --email civic-tech@berkeleyca.gov',
  ]).argument('<username>', 'user name'),
)
  .requiredOption('--password <password>', 'password (at least 8 characters for a new user)')
  .option('--email <email>', 'contact address', 'maintainer@example.org')
  .action(run('registry', 'adduser'));
onRegistry(
  command(registry, 'auditor', 'accredit an auditor on the ModuleRegistry (signed by a registry council member)', [
    'dpan registry auditor 0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097 --name "Civic Audit Co-op"',
  ]).argument('<address>', "the auditor's address on the registry chain"),
  { signer: true },
)
  .requiredOption('--name <text>', 'who the auditor is (its hash is recorded)')
  .action(run('registry', 'auditor'));

// --- issue 5 (publish/audit/yank): dpan publish, dpan audit, dpan yank ---
onRegistry(
  command(program, 'publish', 'validate a module package, pack it, record its integrity and manifest hash on the ModuleRegistry, publish the same tarball to the npm registry', [
    'dpan publish modules/disaster-prep --token $TOKEN --account 1',
    'DPAN_REGISTRY_TOKEN=$TOKEN dpan publish ./dpan-disaster-prep --registry http://127.0.0.1:4873 --registry-rpc http://127.0.0.1:8546 --module-registry 0x... --private-key 0x...',
  ]).argument('<dir>', 'the module package (package.json and dpan.json with the same name and version)'),
  { signer: true },
)
  .addOption(tokenOption())
  .action(run('publish', 'publish'));
onRegistry(
  command(program, 'audit', "attest a recorded module version as an accredited auditor (the report's keccak256 and the verdict go on chain), or --revoke your attestation", [
    'dpan audit @berkeley/dpan-disaster-prep@1.0.0 --report audit-2025-06.pdf --verdict pass --account 3',
    'dpan audit @berkeley/dpan-disaster-prep@1.0.0 --revoke --account 3',
  ]).argument('<name@version>', 'the recorded version, e.g. @berkeley/dpan-disaster-prep@1.0.0'),
  { signer: true },
)
  .option('--report <file>', 'the audit report (any format; its keccak256 is recorded)')
  .addOption(new Option('--verdict <verdict>', "the auditor's verdict").choices(['pass', 'fail']))
  .option('--revoke', 'withdraw your live attestation instead (kept in the history as revoked)')
  .action(run('publish', 'audit'));
onRegistry(
  command(program, 'yank', 'yank a recorded module version for good, as a maintainer: installs refuse it, cities that have it see an advisory', [
    'dpan yank @berkeley/dpan-disaster-prep@1.0.0 --reason "drill rate bounds allow overpayment; use 1.0.1" --account 1',
  ]).argument('<name@version>', 'the recorded version, e.g. @berkeley/dpan-disaster-prep@1.0.0'),
  { signer: true },
)
  .requiredOption('--reason <text>', 'why cities should not install it (1 to 1024 bytes, recorded on chain)')
  .action(run('publish', 'yank'));
// --- end issue 5 (publish/audit/yank) ---

// >>> dpan fork / search / info / lineage (the module catalog across cities)
// dpan's own -v/--version is recognised only before a subcommand, so `dpan fork ... --version 2.0.0` is fork's option.
program.enablePositionalOptions();
onRegistry(
  command(program, 'fork', "fork a published module version as your city's package: its bytes checked against the chain record, your parameters applied inside the original's bounds, forkedFrom set, a new version line", [
    'dpan fork @berkeley/dpan-disaster-prep@1.0.0 --as @cdmx/dpan-disaster-prep --params examples/cdmx/fork-disaster-prep.json',
    'dpan fork @berkeley/dpan-disaster-prep@1.0.0 --as @cdmx/dpan-disaster-prep --params fork.json --out cdmx-disaster-prep --version 2.0.0 --json',
  ]).argument('<name@version>', 'the published version to fork (recorded on the ModuleRegistry)'),
)
  .requiredOption('--as <name>', "the fork's package name, e.g. @cdmx/dpan-disaster-prep")
  .requiredOption('--params <file>', 'fork parameters (schemas/fork-parameters.schema.json): descriptions, titles, rates and bounds to change')
  .option('--out <dir>', "where to write the fork (must not exist, or be empty; default: ./<name without its scope>)")
  .option('--version <version>', "the fork's first version (default: the next major of the original)")
  .action(run('fork', 'fork'));
onRegistry(
  command(program, 'search', 'find modules by name, description, keywords and outcome metrics, with their audits', [
    'dpan search disaster',
    'dpan search households-prepared --json',
  ]).argument('<text...>', 'words to find, all of them (case-insensitive)'),
).action(run('catalog', 'search'));
onRegistry(
  command(program, 'info', "a module's versions (audits, yanks, lineage, integrity) and one version's parameters, bounds and task types", [
    'dpan info @berkeley/dpan-disaster-prep',
    'dpan info @berkeley/dpan-disaster-prep@1.0.0 --json',
  ]).argument('<name[@version]>', 'the module, and the version to detail (default: the latest not yanked)'),
).action(run('catalog', 'info'));
onRegistry(
  command(program, 'lineage', "a module's fork tree across cities: its original, its forks and theirs", [
    'dpan lineage @cdmx/dpan-disaster-prep',
    'dpan lineage @berkeley/dpan-disaster-prep --json',
  ]).argument('<name>', 'the module (every recorded version of it is placed in the tree)'),
).action(run('catalog', 'lineage'));
// <<< dpan fork / search / info / lineage

// >>> dpan scaffold (issue 6: MCE record -> graduation report -> module package)
command(program, 'scaffold', 'from a finished MCE to a module: --report scores its record against the graduation criteria; otherwise renders a complete module package from it (handlebars templates in scaffolder/templates)', [
  'dpan scaffold --from-mce record.json --report',
  'dpan scaffold --from-mce record.json --name @cdmx/dpan-blight-response --out dpan-blight-response',
  'dpan scaffold --from-mce record.json --report --criteria our-graduation.json --json',
])
  .requiredOption('--from-mce <record.json>', 'the MCE record (schemas/mce-record.schema.json), as dpan mce export writes it')
  .option('--report', 'print the graduation report only (exit 0 if every criterion passes, 1 otherwise); write nothing')
  .option('--criteria <file>', 'graduation thresholds, a governance-parameters file (default: scaffolder/graduation.json)')
  .option('--name <@scope/name>', "the new module's package name (required unless --report)")
  .option('--out <dir>', 'where to write the package (must not exist, or be empty; default: ./<name without its scope>)')
  .option('--force', 'scaffold although criteria fail; the README then opens with the failures')
  .addOption(jsonOption())
  .action(run('scaffold', 'scaffold'));
// <<< dpan scaffold

// --- issue 7: dpan dashboard ---
onRegistry(
  onChain(
    command(program, 'dashboard', 'serve a transparency web page for residents on 127.0.0.1: credits, health, modules and advisories, tasks by zone on a map, offers, decisions', [
      'dpan dashboard --city examples/berkeley --port 8080 --geojson zones.geojson',
    ]),
    { signer: false },
  ).option('--port <N>', 'loopback port (default: a free one, printed)').option('--geojson <file>', 'zones to draw on the map (dpan mce zones --geojson, or dpan mce report --geojson)'),
  { json: false },
).action(run('dashboard', 'dashboard'));
// --- end issue 7 (dpan dashboard) ---

// --- issue 8 (vault) ---
// dpan vault
const vault = group(program, 'vault', "the City Vault: an endowment whose principal is locked for ever; only its yield is spent on the budget lines the vault committee sets", [
  'dpan vault deposit --amount 2500 --dedication "for the Aquatic Park" --mint-test-asset --account 7',
  'dpan vault accrue --amount 120',
  'dpan vault harvest',
  'dpan vault status',
  'dpan vault statement --donor 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955 --year 2026 --format html --out statement.html',
]);
onChain(
  command(vault, 'deposit', 'give the asset to the endowment for ever (approve exactly the amount, then donate); the donor statement reports its yield', [
    'dpan vault deposit --amount 2500.50 --account 7 --mint-test-asset',
    'dpan vault deposit --amount 1000 --dedication "in memory of Ada" --receiver 0x71bE63f3384f5fb98995898A86B02Fb2426c5788 --account 7 --mint-test-asset',
  ]),
)
  .requiredOption('--amount <n>', "amount in the asset's units, e.g. 2500.50")
  .option('--dedication <text>', 'shown on the donor statement (at most 280 bytes)')
  .option('--receiver <address>', 'who holds the shares, whose statement reports the yield (default: the signer)')
  .option('--mint-test-asset', 'test asset only: mint the amount to the signer first')
  .action(run('vault', 'deposit'));
onChain(
  command(vault, 'harvest', "move the yield above the principal to the splitter and pay the budget lines within their caps (anyone may)", [
    'dpan vault harvest',
    'dpan vault harvest --city berkeley --json',
  ]),
).action(run('vault', 'harvest'));
onChain(
  command(vault, 'split', 'propose a new split of the yield to the vault committee (shares sum to 10000 bps, each inside the bounds)', [
    'dpan vault split --line 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f,5000,50000,"emergency backstop" --line 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720,5000,30000,infrastructure --account 2',
    'dpan vault split --file split.json --account 2 --approve-as 5',
  ]),
)
  .option('--line <spec...>', '<recipient>,<bps>,<cap>,<purpose> (repeat per line; cap in the asset\'s units)')
  .option('--file <split.json>', '{ "budgetLines": [{ "recipient", "purpose", "bps", "capPerPeriod" }] }, as in city.json#/vault')
  .option('--description <text>', 'what the decision is (its keccak256 is recorded)')
  .option(
    '--approve-as <indexes>',
    'embedded chain only: dev accounts (comma-separated) that approve, then fast-forward past the delay and execute',
  )
  .action(run('vault', 'split'));
onChain(
  command(vault, 'status', 'the endowment: principal, value, yield harvested and held, and each budget line this period', [
    'dpan vault status',
    'dpan vault status --city berkeley --json',
  ]),
  { signer: false },
).action(run('vault', 'status'));
onChain(
  command(vault, 'statement', "a donor's annual civic-value statement, from events: gifts, the yield they produced, what it funded line by line", [
    'dpan vault statement --donor 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955 --year 2026',
    'dpan vault statement --donor 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955 --year 2026 --format html --out statement.html',
  ]),
  { signer: false },
)
  .requiredOption('--donor <address>', 'the donor (shares held as receiver count toward their yield)')
  .requiredOption('--year <yyyy>', 'calendar year, UTC')
  .addOption(new Option('--format <format>', 'text, json or html (a printable page)').choices(['text', 'json', 'html']).default('text'))
  .option('--out <file>', 'write the statement to a file instead of printing it')
  .action(run('vault', 'statement'));
onChain(
  command(vault, 'accrue', 'test asset only: simulate yield in the yield source (demos)', ['dpan vault accrue --amount 120']),
)
  .requiredOption('--amount <n>', "yield in the asset's units")
  .action(run('vault', 'accrue'));
// --- end issue 8 (vault) ---

// dpan org
const org = group(program, 'org', 'organizations (accreditation by the accreditation committee)', [
  'dpan org accredit 0x90F79bf6EB2c4f870365E785982E1f101E93b906 --roles issuer --account 1',
]);
onChain(
  command(org, 'accredit', "propose to the accreditation committee to accredit an organization's account", [
    'dpan org accredit 0x90F79bf6EB2c4f870365E785982E1f101E93b906 --roles issuer --account 1',
    'dpan org accredit 0x15d3...6A65 --roles redeemer --metadata "AC Transit" --account 1 --approve-as 2',
  ]),
)
  .argument('<address>', "the organization's account")
  .requiredOption('--roles <roles>', 'comma-separated: issuer, verifier, redeemer, auditor, relayer (replaces its roles)')
  .option('--metadata <text>', 'organization record (its keccak256 is recorded on chain)')
  .option(
    '--approve-as <indexes>',
    'embedded chain only: dev accounts (comma-separated) that approve, then fast-forward past the delay and execute',
  )
  .action(run('org', 'accredit'));

// dpan task
const task = group(program, 'task', 'tasks: publish, claim, complete, verify, reject', [
  'dpan task publish --type park-cleanup --rate 10 --slots 20 --account 4',
  'dpan task claim 1 --account 12',
  'dpan task complete 1 --evidence evidence.json --account 12',
  'dpan task verify 1 --account 4',
]);
onChain(
  command(task, 'publish', 'publish a task as an accredited issuer', [
    'dpan task publish --type park-cleanup --rate 10 --slots 20 --zone aquatic-park --ends-in 2d --account 4',
  ]),
)
  .requiredOption('--type <taskType>', "task type from the module's catalog")
  .requiredOption('--rate <credits>', 'credits per verified completion')
  .requiredOption('--slots <n>', 'how many participants may claim it')
  .option('--module <name>', 'module whose budget pays (default: the first budget in city.json)')
  .option('--zone <zone>', 'where the work happens', 'citywide')
  .addOption(new Option('--ends-in <duration>', 'window length from now: 90m, 12h, 2d').default('7d').conflicts('end'))
  .option('--end <time>', 'end of the window: Unix seconds or an ISO date')
  .option('--evidence-schema <hash>', 'content hash of the evidence schema (default: the bundled evidence schema)')
  .option('--verifiers <k>', 'accredited verifiers that must approve each completion (0: the issuer alone)', '0')
  .action(run('task', 'publish'));
onChain(command(task, 'claim', 'claim a slot of a task', ['dpan task claim 1 --account 12']))
  .argument('<taskId>', 'task id')
  .action(run('task', 'claim'));
onChain(
  command(task, 'complete', 'submit a completion with an evidence document (validated, its content hash goes on chain)', [
    'dpan task complete 1 --evidence evidence.json --account 12',
  ]),
)
  .argument('<taskId>', 'task id (claimed first if the account has not claimed it)')
  .requiredOption('--evidence <file>', 'evidence document (schemas/evidence.schema.json)')
  .action(run('task', 'complete'));
onChain(
  command(task, 'verify', "verify completions as the task's issuer (several ids: one batch transaction)", [
    'dpan task verify 1 --account 4',
    'dpan task verify 1 2 3 --account 4 --json',
  ]),
)
  .argument('<completionIds...>', 'completion ids')
  .action(run('task', 'verify'));
onChain(
  command(task, 'reject', 'reject a pending completion with a reason code', ['dpan task reject 2 --reason 3 --account 4']),
)
  .argument('<completionId>', 'completion id')
  .option('--reason <code>', "reason code from the city's data standard (0..65535)", '0')
  .action(run('task', 'reject'));

// dpan offer
const offer = group(program, 'offer', 'redemption offers', ['dpan offer create --price 5 --capacity 200 --account 6']);
onChain(
  command(offer, 'create', 'open a redemption offer as an accredited redeemer', [
    'dpan offer create --price 5 --capacity 200 --metadata "AC Transit day pass" --account 6',
  ]),
)
  .requiredOption('--price <credits>', 'credits per unit')
  .requiredOption('--capacity <units>', 'units redeemable per period')
  .option('--start <time>', 'time-limited offer: first second (Unix seconds or ISO date)')
  .option('--end <time>', 'time-limited offer: first second after the window')
  .option('--metadata <text>', 'offer description (its keccak256 is recorded on chain)')
  .action(run('offer', 'create'));

// dpan redeem
onChain(command(program, 'redeem', 'redeem units of an offer: the credits are burned', ['dpan redeem 1 --units 2 --account 12']))
  .argument('<offerId>', 'offer id')
  .option('--units <n>', 'units to redeem', '1')
  .action(run('redeem', 'redeem'));

// dpan committee
const committee = group(program, 'committee', 'committee proposals: accreditation, issuance, rates, modules, vault, upgrades', [
  'dpan committee propose issuance --target issuance --call "setCoverageRatio(uint256)" --args 9000 --account 1',
  'dpan committee approve issuance 3 --account 2',
  'dpan committee execute issuance 3',
]);
onChain(
  command(committee, 'propose', 'propose a call to a committee (the proposer approves it too)', [
    'dpan committee propose issuance --target issuance --call "setCoverageRatio(uint256)" --args 9000 --account 1',
    'dpan committee propose rates --target 0x5FbD...0aa3 --data 0x... --description "raise the rate cap"',
  ]),
)
  .argument('<committee>', 'accreditation | issuance | rates | modules | vault | upgrades')
  .requiredOption('--target <contract>', "a city contract's name (credit, issuance, taskBoard, ..., vault, splitter) or an address")
  .option('--call <signature>', 'function to call, e.g. "setCoverageRatio(uint256)"')
  .option('--args <values...>', 'its arguments, in order')
  .addOption(new Option('--data <hex>', 'the encoded call instead of --call/--args').conflicts(['call', 'args']))
  .option('--description <text>', 'what the decision is (its keccak256 is recorded)')
  .action(run('committee', 'propose'));
for (const [verb, what, example] of [
  ['approve', 'approve a pending proposal as a member', 'dpan committee approve issuance 3 --account 2'],
  ['execute', 'execute a scheduled proposal whose delay has passed (anyone may)', 'dpan committee execute issuance 3'],
  ['cancel', 'withdraw or cancel a proposal as a member', 'dpan committee cancel issuance 3 --account 1'],
]) {
  onChain(command(committee, verb, what, [example]))
    .argument('<committee>', 'accreditation | issuance | rates | modules | vault | upgrades')
    .argument('<proposalId>', 'proposal id')
    .action(run('committee', verb));
}

// dpan module
const module_ = group(program, 'module', 'dPAN modules: install a package into the city through the kernel and its committees', [
  'dpan module install modules/general-economy --redeemer transit-ride=5',
]);
onChain(
  command(module_, 'install', 'install a module package from a directory: kernel prepare, modules committee approval, apply, budget and rate bounds through their committees, standing offers', [
    'dpan module install modules/general-economy',
    'dpan module install ../dpan-general-economy --city berkeley --set budget.perPeriod=20000 --redeemer transit-ride=5 --redeemer museum-entry=6',
  ]),
)
  .argument('<dir>', 'the module package (holds dpan.json)')
  .option('--members <indexes>', 'embedded chain: dev accounts (comma-separated) that sign for the committees (default: every dev account 0-19 that is a member)')
  .option('--redeemer <offering=index...>', 'open a standing offering as this accredited redeemer dev account (repeatable)')
  .option('--set <key=value...>', "override a module parameter inside its bounds, e.g. budget.perPeriod=20000 (repeatable)")
  .action(run('module', 'install'));

// dpan mce (the blight & safety MCE module)
const mce = group(program, 'mce', 'the 48-hour blight & safety MCE: priority zones from 311 data, the event report', [
  'dpan mce zones --from-311 requests.json --city examples/berkeley --top 10 --geojson zones.geojson',
  'dpan mce report --evidence evidence/ --geojson hazards.geojson --out summary.json',
]);
onChain(
  command(mce, 'zones', 'rank priority zones (H3 cells) from an Open311 GeoReport v2 export (JSON or CSV); --register puts them on chain', [
    'dpan mce zones --from-311 requests.csv --city examples/berkeley --top 10 --geojson zones.geojson',
    'dpan mce zones --from-311 requests.json --city . --mapping our-codes.json --skip-invalid --register --account 9',
  ]),
)
  .requiredOption('--from-311 <file>', 'Open311 service requests: a GeoReport v2 JSON array or a CSV with the same columns')
  .option('--mapping <file>', 'service code -> hazard category JSON object, replacing the module\'s default mapping')
  .option('--top <n>', 'keep the N highest-ranked zones')
  .option('--geojson <out>', 'write the zones as a GeoJSON FeatureCollection of cell polygons')
  .option('--skip-invalid', 'leave out invalid rows (each is still reported); without it any invalid row stops the import')
  .option('--register', 'register the zones on chain as the event coordinator (--account)')
  .action(run('mce', 'zones'));
onChain(
  command(mce, 'report', "the event's summary and hazard dataset from chain events and the published evidence documents", [
    'dpan mce report --evidence evidence/ --geojson hazards.geojson --out summary.json',
  ]),
  { signer: false },
)
  .option('--evidence <dir|file>', 'published evidence documents (*.json), matched to verified completions by hash')
  .option('--geojson <out>', 'write the hazard dataset (every verified observation as a Point) as GeoJSON')
  .option('--out <file>', 'write the summary as JSON')
  .action(run('mce', 'report'));
// --- issue 6: dpan mce export ---
onChain(
  command(mce, 'export', "write the record of a finished MCE (goal, task types and rates used, rules, issuers, redeemers, offers, parameters in force, outcomes, lineage) from chain events and the published evidence, validated against the MCE-record schema", [
    'dpan mce export --event brky-blight-mce-2026-04-11 --city examples/berkeley --out record.json --evidence evidence/',
    'dpan mce export --event 0x5FbDB2315678afecb367f032d93F642f64180aa3 --city . --out record.json --metadata metadata.json --json',
  ]),
  { signer: false },
)
  .requiredOption('--event <id>', "the event: its id (<ticker>-<module>-<start date>, listed when the id is unknown) or its module contract's address")
  .requiredOption('--out <record.json>', 'where to write the record (refused if it exists, unless --force)')
  .option('--evidence <dir|file>', 'published evidence documents (*.json), matched to verified completions by hash')
  .option('--metadata <file>', "JSON array of published metadata texts (organization names, offer labels): names where their keccak256 is on chain")
  .option('--targets <file>', 'JSON object of outcome metric id -> the value the event aimed for')
  .option('--force', 'replace an existing --out')
  .action(run('mce', 'exportRecord'));
// --- end issue 6 ---

// dpan index / health
onChain(
  command(program, 'index', "read the city's events into .citysync/index.sqlite (resumes from the last block)", [
    'dpan index',
    'dpan index --json',
  ]),
  { signer: false },
).action(run('indexer', 'index'));
onChain(
  command(program, 'health', 'index, then print the four health indicators per period, their bands and the coverage plan', [
    'dpan health',
    'dpan health --json',
    'dpan health --propose --account 2',
  ]),
)
  .option('--propose', "propose the plan's coverage change to the issuance committee (as --account, a member)")
  .action(run('health', 'health'));

// dpan install / update / uninstall / status / audit-installed
const membersOption = () => new Option('--members <indexes>', 'dev account indexes to sign as committee members (default: 0-19)');
onRegistry(
  onChain(
    command(program, 'install', "install a module from the registry: verify bytes and audits against the chain and the city's policy, preview, install through the kernel, lock", [
      'dpan install @berkeley/dpan-disaster-prep@^1.0.0 --city examples/berkeley --dry-run',
      'dpan install @cdmx/dpan-disaster-prep --city cdmx --set budget.perPeriod=20000',
    ]).argument('<name[@range]>', 'package name, with a semver range, exact version or dist-tag (default: latest)'),
  ),
  { json: false },
)
  .option('--dry-run', 'verify and print the preview; send nothing, write nothing')
  .addOption(membersOption())
  .option('--redeemer <offering=index...>', "open the module's standing offering as this dev account (an accredited redeemer)")
  .option('--set <key=value...>', "override a module parameter inside its bounds (e.g. budget.perPeriod=20000)")
  .action(run('install', 'install'));
onRegistry(
  onChain(
    command(program, 'update', 'update installed modules (all in dpan-lock.json, or the one named) to the newest installable version in range', [
      'dpan update',
      'dpan update @cdmx/dpan-disaster-prep@^2.1.0 --city cdmx',
    ]).argument('[name[@range]]', 'one module, with a range (default: ^installed version)'),
  ),
  { json: false },
)
  .option('--dry-run', 'verify and print the preview; send nothing, write nothing')
  .addOption(membersOption())
  .option('--set <key=value...>', 'override a module parameter inside its bounds')
  .action(run('install', 'update'));
onChain(
  command(program, 'uninstall', "uninstall a module through the kernel and committees: roles revoked, task policy cleared, budget line closed", [
    'dpan uninstall @cdmx/dpan-disaster-prep --city cdmx',
  ]).argument('<name>', 'installed module name'),
)
  .addOption(membersOption())
  .action(run('install', 'uninstall'));
onRegistry(
  onChain(command(program, 'status', "the city, its chain, its installed modules and their advisories (yanked, failed or revoked audits)", ['dpan status --city cdmx']), { signer: false }),
  { json: false },
).action(run('install', 'status'));
onRegistry(
  onChain(
    command(program, 'audit-installed', 'check every installed module against the registry again; exit 1 on any advisory', ['dpan audit-installed --city cdmx --json']),
    { signer: false },
  ),
  { json: false },
).action(run('install', 'auditInstalled'));

try {
  await program.parseAsync();
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // --help and --version end with code 0; every other commander error is a usage error.
  process.exitCode = error.exitCode === 0 ? 0 : 2;
}
