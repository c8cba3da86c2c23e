// dpan vault
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/vault');

export function register(program, kit) {
  const { Option } = kit;
  const vault = kit.command(
    program,
    'vault',
    'the City Vault: an endowment whose principal is locked for ever; only its yield is spent on the budget lines the vault committee sets',
    [
      'dpan vault deposit --amount 2500 --dedication "for the Aquatic Park" --mint-test-asset --account 7',
      'dpan vault accrue --amount 120',
      'dpan vault harvest',
      'dpan vault status',
      'dpan vault statement --donor 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955 --year 2026 --format html --out statement.html',
    ],
  );
  kit
    .onChain(
      kit.command(vault, 'deposit', 'give the asset to the endowment for ever (approve exactly the amount, then donate); the donor statement reports its yield', [
        'dpan vault deposit --amount 2500.50 --account 7 --mint-test-asset',
        'dpan vault deposit --amount 1000 --dedication "in memory of Ada" --receiver 0x71bE63f3384f5fb98995898A86B02Fb2426c5788 --account 7 --mint-test-asset',
      ]),
    )
    .requiredOption('--amount <n>', "amount in the asset's units, e.g. 2500.50")
    .option('--dedication <text>', 'shown on the donor statement (at most 280 bytes)')
    .option('--receiver <address>', 'who holds the shares, whose statement reports the yield (default: the signer)')
    .option('--mint-test-asset', 'test asset only: mint the amount to the signer first')
    .action(kit.run(implementation, 'deposit'));
  kit
    .onChain(
      kit.command(vault, 'harvest', 'move the yield above the principal to the splitter and pay the budget lines within their caps (anyone may)', [
        'dpan vault harvest',
        'dpan vault harvest --city berkeley --json',
      ]),
    )
    .action(kit.run(implementation, 'harvest'));
  kit
    .onChain(
      kit.command(vault, 'claim', "as a budget line's recipient, claim the payments your address refused (a harvest holds them for you)", [
        'dpan vault claim "emergency backstop" --to 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720 --account 3',
      ]),
      { signer: true },
    )
    .argument('<purpose>', "the budget line's purpose, as in the split")
    .option('--to <address>', 'where to send it (default: the signer)')
    .action(kit.run(implementation, 'claim'));
  kit
    .onChain(
      kit.command(vault, 'split', 'propose a new split of the yield to the vault committee (shares sum to 10000 bps, each inside the bounds)', [
        'dpan vault split --line 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f,5000,50000,"emergency backstop" --line 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720,5000,30000,infrastructure --account 2',
        'dpan vault split --file split.json --account 2 --approve-as 5',
      ]),
    )
    .option('--line <spec...>', "<recipient>,<bps>,<cap>,<purpose> (repeat per line; cap in the asset's units)")
    .option('--file <split.json>', '{ "budgetLines": [{ "recipient", "purpose", "bps", "capPerPeriod" }] }, as in city.json#/vault')
    .option('--description <text>', 'what the decision is (its keccak256 is recorded)')
    .option(
      '--approve-as <indexes>',
      'embedded chain only: dev accounts (comma-separated) that approve, then fast-forward past the delay and execute',
    )
    .action(kit.run(implementation, 'split'));
  kit
    .onChain(
      kit.command(vault, 'status', 'the endowment: principal, value, yield harvested and held, and each budget line this period', [
        'dpan vault status',
        'dpan vault status --city berkeley --json',
      ]),
      { signer: false },
    )
    .action(kit.run(implementation, 'status'));
  kit
    .onChain(
      kit.command(vault, 'statement', "a donor's annual civic-value statement, from events: gifts, the yield they produced, what it funded line by line", [
        'dpan vault statement --donor 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955 --year 2026',
        'dpan vault statement --donor 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955 --year 2026 --format html --out statement.html',
      ]),
      { signer: false },
    )
    .requiredOption('--donor <address>', 'the donor (shares held as receiver count toward their yield)')
    .requiredOption('--year <yyyy>', 'calendar year, UTC')
    .addOption(new Option('--format <format>', 'text, json or html (a printable page)').choices(['text', 'json', 'html']).default('text'))
    .option('--out <file>', 'write the statement to a file instead of printing it')
    .action(kit.run(implementation, 'statement'));
  kit
    .onChain(kit.command(vault, 'accrue', 'test asset only: simulate yield in the yield source (demos)', ['dpan vault accrue --amount 120']))
    .requiredOption('--amount <n>', "yield in the asset's units")
    .action(kit.run(implementation, 'accrue'));
}
