// The command this package contributes to `dpan` (package.json "dpan": { "commands": "./dpan-commands.js" }).
// Declarations only: the implementation (src/cli/scaffold.ts) loads when the command runs.
export function register(program, kit) {
  const implementation = () => kit.load(new URL('./src/cli/scaffold.ts', import.meta.url));
  kit
    .command(
      program,
      'scaffold',
      'from a finished MCE to a module: --report scores its record against the graduation criteria; otherwise renders a complete module package from it (handlebars templates in scaffolder/templates)',
      [
        'dpan scaffold --from-mce record.json --report',
        'dpan scaffold --from-mce record.json --name @cdmx/dpan-blight-response --out dpan-blight-response',
        'dpan scaffold --from-mce record.json --report --criteria our-graduation.json --json',
      ],
    )
    .requiredOption('--from-mce <record.json>', 'the MCE record (schemas/mce-record.schema.json), as dpan mce export writes it')
    .option('--report', 'print the graduation report only (exit 0 if every criterion passes, 1 otherwise); write nothing')
    .option('--criteria <file>', 'graduation thresholds, a governance-parameters file (default: scaffolder/graduation.json)')
    .option('--name <@scope/name>', "the new module's package name (required unless --report)")
    .option('--out <dir>', 'where to write the package (must not exist, or be empty; default: ./<name without its scope>)')
    .option('--force', 'scaffold although criteria fail; the README then opens with the failures')
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'scaffold'));
}
