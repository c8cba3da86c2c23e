import type { Chain, Client, Transport } from 'viem';
import { getBlock } from 'viem/actions';

/**
 * The chain of `client`, set to send with zero fees when its latest block's base fee is 0 (Besu's `zeroBaseFee`
 * with `min-gas-price=0`, or anvil `--base-fee 0`): a signer with no ether can then send. viem would otherwise take
 * the node's suggested priority fee (from `eth_fillTransaction` or `eth_maxPriorityFeePerGas`), which an unfunded
 * account cannot pay. Any other chain is returned as it is. Detect once per connection and build the wallet clients
 * with the result.
 *
 * @example
 * const chain = await zeroFeeChain(createPublicClient({ chain: defineChain({ ... }), transport: http(rpcUrl) }));
 * const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
 */
export async function zeroFeeChain<chain extends Chain>(client: Client<Transport, chain>): Promise<chain> {
  const { baseFeePerGas } = await getBlock(client, { blockTag: 'latest' });
  if (baseFeePerGas !== 0n) return client.chain;
  return {
    ...client.chain,
    fees: {
      ...client.chain.fees,
      maxPriorityFeePerGas: 0n,
      estimateFeesPerGas: async ({ type }) => (type === 'legacy' ? { gasPrice: 0n } : { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }),
    },
    // Zero fees on the request itself, before the node is asked to fill it and again before viem fills the rest:
    // a filled request keeps what the node suggested, whatever `fees` says.
    prepareTransactionRequest: [
      async (request) =>
        request.type === 'legacy' || request.gasPrice !== undefined
          ? { ...request, gasPrice: 0n }
          : { ...request, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
      { runAt: ['beforeFillTransaction', 'beforeFillParameters'] },
    ],
  };
}
