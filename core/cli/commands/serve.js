// dpan serve
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/serve');

export function register(program, kit) {
  kit
    .onRegistry(
      kit
        .onChain(
          kit.command(
            program,
            'serve',
            "run the city's services on 127.0.0.1 until SIGTERM: the relayer API for participants' signed requests (durable queue, executeBatch), the indexer following the chain, the dashboard, /healthz and /metrics",
            [
              'dpan serve --city examples/berkeley --port 8545 --account 6',
              'dpan serve --city . --rpc http://127.0.0.1:8545 --private-key $RELAYER_KEY --only relayer,indexer',
              'dpan serve --city . --rpc http://127.0.0.1:8545 --keystore member.json --only indexer,keeper --webhook https://hooks.example/city',
            ],
          ),
        )
        .option('--port <N>', 'loopback port (default: a free one, printed)')
        .option('--only <parts>', 'comma-separated parts to run: relayer, indexer, keeper, dashboard (default: all but the keeper)')
        .option('--batch-size <N>', 'requests per executeBatch transaction (default 50)')
        .option('--batch-interval-ms <N>', 'send a batch when its oldest request has waited this long (default 1000)')
        .option('--max-queue <N>', 'queued requests at most; past it the API answers 503 (default 10000)')
        .option('--per-signer-per-minute <N>', "a signer's requests per minute; past it 429 (default 60)")
        .option('--per-client-per-minute <N>', "a client address's requests per minute; past it 429 (default 6000)")
        .option('--geojson <file>', 'zones to draw on the dashboard map')
        .option('--webhook <url>', "keeper: where a red period's alert is POSTed as JSON ({ text, period, band, proposalId })")
        .option('--keeper-interval-ms <N>', 'keeper: how often it looks for a completed period (default 60000)'),
      { json: false },
    )
    .action(kit.run(implementation, 'serve'));
}
