// Every command documents at least one example: its --help ends with them, and the README's command table shows
// the first.

const examplesByCommand = new WeakMap();

/** The "Example(s):" block of a command's --help. */
export function examples(...lines) {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** `parent.command(nameAndArgs)` with its description and examples. */
export function command(parent, nameAndArgs, description, exampleLines) {
  const cmd = parent.command(nameAndArgs).description(description).addHelpText('after', examples(...exampleLines));
  examplesByCommand.set(cmd, [...exampleLines]);
  return cmd;
}

/** The examples a command was declared with (empty for a command declared without {@link command}). */
export function examplesOf(cmd) {
  return examplesByCommand.get(cmd) ?? [];
}
