// What dpan reads of its arguments before commander parses them.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The directory of `--city` (the city.json it names, or the directory itself; default: the cwd). */
export function cityDirOf(args) {
  let value = '.';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (arg === '--city' && i + 1 < args.length) {
      value = args[i + 1];
      break;
    }
    if (arg.startsWith('--city=')) {
      value = arg.slice('--city='.length);
      break;
    }
  }
  const path = resolve(value);
  try {
    return statSync(path).isFile() ? dirname(path) : path;
  } catch {
    return path;
  }
}

/**
 * Refuses an unknown command before commander parses: commander answers `dpan nosuchcmd --help` with the root's
 * help and exit code 0, so a typo in a script would pass. Walks the command names in `args` through the tree
 * (skipping options and their values, and `help`), and raises commander's usage error (exit code 2) on the first
 * name a command with subcommands does not have.
 */
export function assertKnownCommand(program, args) {
  let cmd = program;
  for (let i = 0; i < args.length && cmd.commands.length > 0; i++) {
    const arg = args[i];
    if (arg === '--') return;
    if (arg.startsWith('-')) {
      const option = cmd.options.find((o) => o.is(arg));
      if (option !== undefined && (option.required || option.optional) && !arg.includes('=')) i++;
      continue;
    }
    if (arg === 'help') continue;
    const sub = cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (sub === undefined) cmd.error(`error: unknown command '${arg}'`, { code: 'commander.unknownCommand', exitCode: 2 });
    cmd = sub;
  }
}
