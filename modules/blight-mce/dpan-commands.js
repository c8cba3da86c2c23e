// The `dpan mce` commands this package contributes to dpan (package.json "dpan": { "commands": "./dpan-commands.js" }).
// Declarations only: the implementation (src/cli/) loads when a command runs. The commands work on this package
// (kit.plugin.dir): dpan loads the commands of the modules a city installed (dpan-lock.json) before those beside
// it, so a fork published under another name brings its own `dpan mce`, working on itself.
export function register(program, kit) {
  const commands = async () => {
    const { mceCommands } = await kit.load(new URL('./src/cli/index.ts', import.meta.url));
    return mceCommands({ packageDir: kit.plugin.dir, installedPackageDir: kit.installedPackageDir });
  };
  const mce = kit.command(program, 'mce', 'the 48-hour blight & safety MCE: priority zones from 311 data, the event report', [
    'dpan mce zones --from-311 requests.json --city examples/berkeley --top 10 --geojson zones.geojson',
    'dpan mce report --evidence evidence/ --geojson hazards.geojson --out summary.json',
  ]);
  kit
    .onChain(
      kit.command(mce, 'zones', 'rank priority zones (H3 cells) from an Open311 GeoReport v2 export (JSON or CSV); --register puts them on chain', [
        'dpan mce zones --from-311 requests.csv --city examples/berkeley --top 10 --geojson zones.geojson',
        'dpan mce zones --from-311 requests.json --city . --mapping our-codes.json --skip-invalid --register --account 9',
      ]),
    )
    .requiredOption('--from-311 <file>', 'Open311 service requests: a GeoReport v2 JSON array or a CSV with the same columns')
    .option('--mapping <file>', "service code -> hazard category JSON object, replacing the module's default mapping")
    .option('--top <n>', 'keep the N highest-ranked zones')
    .option('--geojson <out>', 'write the zones as a GeoJSON FeatureCollection of cell polygons')
    .option('--skip-invalid', 'leave out invalid rows (each is still reported); without it any invalid row stops the import')
    .option('--register', 'register the zones on chain as the event coordinator (--account)')
    .action(kit.run(commands, 'zones'));
  kit
    .onChain(
      kit.command(mce, 'report', "the event's summary and hazard dataset from chain events and the published evidence documents", [
        'dpan mce report --evidence evidence/ --geojson hazards.geojson --out summary.json',
      ]),
      { signer: false },
    )
    .option('--evidence <dir|file>', 'published evidence documents (*.json), matched to verified completions by hash')
    .option('--geojson <out>', 'write the hazard dataset (every verified observation as a Point) as GeoJSON')
    .option('--out <file>', 'write the summary as JSON')
    .action(kit.run(commands, 'report'));
  kit
    .onChain(
      kit.command(
        mce,
        'export',
        'write the record of a finished MCE (goal, task types and rates used, rules, issuers, redeemers, offers, parameters in force, outcomes, lineage) from chain events and the published evidence, validated against the MCE-record schema',
        [
          'dpan mce export --event brky-blight-mce-2026-04-11 --city examples/berkeley --out record.json --evidence evidence/',
          'dpan mce export --event 0x5FbDB2315678afecb367f032d93F642f64180aa3 --city . --out record.json --metadata metadata.json --json',
        ],
      ),
      { signer: false },
    )
    .requiredOption('--event <id>', "the event: its id (<ticker>-<module>-<start date>, listed when the id is unknown) or its module contract's address")
    .requiredOption('--out <record.json>', 'where to write the record (refused if it exists, unless --force)')
    .option('--evidence <dir|file>', 'published evidence documents (*.json), matched to verified completions by hash')
    .option('--metadata <file>', 'JSON array of published metadata texts (organization names, offer labels): names where their keccak256 is on chain')
    .option('--targets <file>', 'JSON object of outcome metric id -> the value the event aimed for')
    .option('--force', 'replace an existing --out')
    .action(kit.run(commands, 'exportRecord'));
}
