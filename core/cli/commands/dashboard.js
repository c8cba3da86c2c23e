// dpan dashboard
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/dashboard');

export function register(program, kit) {
  kit
    .onRegistry(
      kit
        .onChain(
          kit.command(
            program,
            'dashboard',
            'serve a transparency web page for residents on 127.0.0.1: credits, health, modules and advisories, tasks by zone on a map, offers, decisions',
            ['dpan dashboard --city examples/berkeley --port 8080 --geojson zones.geojson'],
          ),
          { signer: false },
        )
        .option('--port <N>', 'loopback port (default: a free one, printed)')
        .option('--geojson <file>', 'zones to draw on the map (dpan mce zones --geojson, or dpan mce report --geojson)'),
      { json: false },
    )
    .action(kit.run(implementation, 'dashboard'));
}
