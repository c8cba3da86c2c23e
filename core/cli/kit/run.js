// The action of a leaf command: the implementation is imported when the command runs, never for --help.
import { loadImplementation } from './load.js';

/** `dpan mce zones`, from the Command commander passes last to an action. */
function commandLine(cmd) {
  const names = [];
  for (let current = cmd; current !== null && current !== undefined; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/**
 * `load()` imports the implementation; its export `exportName` is either a function resolving to the exit code
 * (dpan's own commands, wrapped by defineCommand) or a command definition `{ run, render, failed?, usageErrors? }`
 * whose data dpan prints (JSON with --json) and whose errors it reports, with the exit codes of every command.
 * `origin` names where the command comes from, for the message when its implementation cannot be loaded.
 */
export function run(load, exportName, origin) {
  return async (...args) => {
    // commander passes the positional arguments, the options, then the Command itself.
    const cmd = args.at(-1);
    const commandArgs = args.slice(0, -1);
    let implementation;
    try {
      implementation = await load();
    } catch (error) {
      process.stderr.write(`error: \`${commandLine(cmd)}\` (from ${origin}) could not load its implementation: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    const command = implementation?.[exportName];
    if (typeof command === 'function') {
      process.exitCode = await command(...commandArgs);
    } else if (typeof command?.run === 'function') {
      const { runPluginCommand } = await loadImplementation('pluginCommand');
      process.exitCode = await runPluginCommand(command, commandArgs);
    } else {
      process.stderr.write(`error: \`${commandLine(cmd)}\` (from ${origin}): its implementation exports no command "${exportName}"\n`);
      process.exitCode = 1;
    }
  };
}
