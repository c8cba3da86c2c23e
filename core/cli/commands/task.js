// dpan task
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/task');

export function register(program, kit) {
  const { Option } = kit;
  const task = kit.command(program, 'task', 'tasks: publish, claim, complete, verify, reject', [
    'dpan task publish --type park-cleanup --rate 10 --slots 20 --account 4',
    'dpan task claim 1 --account 12',
    'dpan task complete 1 --evidence evidence.json --account 12',
    'dpan task verify 1 --account 4',
  ]);
  kit
    .onChain(
      kit.command(task, 'publish', 'publish a task as an accredited issuer', [
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
    .action(kit.run(implementation, 'publish'));
  kit
    .onChain(kit.command(task, 'claim', 'claim a slot of a task', ['dpan task claim 1 --account 12']))
    .argument('<taskId>', 'task id')
    .action(kit.run(implementation, 'claim'));
  kit
    .onChain(
      kit.command(task, 'complete', 'submit a completion with an evidence document (validated, its content hash goes on chain)', [
        'dpan task complete 1 --evidence evidence.json --account 12',
      ]),
    )
    .argument('<taskId>', 'task id (claimed first if the account has not claimed it)')
    .requiredOption('--evidence <file>', 'evidence document (schemas/evidence.schema.json)')
    .action(kit.run(implementation, 'complete'));
  kit
    .onChain(
      kit.command(task, 'verify', "verify completions as the task's issuer (several ids: one batch transaction)", [
        'dpan task verify 1 --account 4',
        'dpan task verify 1 2 3 --account 4 --json',
      ]),
    )
    .argument('<completionIds...>', 'completion ids')
    .action(kit.run(implementation, 'verify'));
  kit
    .onChain(kit.command(task, 'reject', 'reject a pending completion with a reason code', ['dpan task reject 2 --reason 3 --account 4']))
    .argument('<completionId>', 'completion id')
    .option('--reason <code>', "reason code from the city's data standard (0..65535)", '0')
    .action(kit.run(implementation, 'reject'));
}
