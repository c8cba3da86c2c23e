import { type Hex, concat, isAddressEqual, recoverTypedDataAddress } from 'viem';
import { call, readContract } from 'viem/actions';

import { CityForwarderAbi } from '@citysync/contracts';

import { type SignedForwardRequest, decodeContractRevert, forwardRequestTypes } from '@citysync/sdk';

import { RelayRequestRefusedError } from '../errors.js';
import type { ChainView } from './chainView.js';
import { type DescribedRevert, describeRevert } from './describeRevert.js';

export type CheckRelayRequestParameters = {
  view: ChainView;
  request: SignedForwardRequest;
  /** The highest nonce of the signer's requests already queued or in flight, if any. */
  lastPendingNonce: bigint | undefined;
};

/**
 * Refuses (422) a request that could never execute: a target that is not one of the city's contracts trusting the
 * forwarder, a passed deadline, a nonce that is not the signer's next one (counting the signer's requests already
 * queued), a signature that does not recover to `from` for the forwarder (its `verify`, or its EIP-712 domain for a
 * signer's later request), or, for a signer with nothing queued, a call that would revert now (replayed with `eth_call` from the forwarder, as `executeBatch` would
 * make it). A later request of a signer cannot be simulated: it runs after the queued ones.
 */
export async function checkRelayRequest({ view, request, lastPendingNonce }: CheckRelayRequestParameters): Promise<void> {
  const { from, to, value, gas, deadline, data, signature, nonce } = request;
  const targetName = view.cityContracts.get(to.toLowerCase());
  if (targetName === undefined) {
    throw new RelayRequestRefusedError(
      422,
      'not-city-target',
      `body#/request/to: ${to} is not one of the city's contracts; sign requests to the TaskBoard (${view.contracts.taskBoard}) or CivicCredit (${view.contracts.credit}).`,
      { pointer: '/request/to' },
    );
  }
  const first = lastPendingNonce === undefined;
  // A signer's first request is verified by the forwarder itself (`verify`, next to the nonce and the simulation in
  // one JSON-RPC batch): recovering a signature in JavaScript costs milliseconds of this process's CPU, the node's
  // native code far less. A later one (nonce + k) cannot be, `verify` knowing only the current nonce: it is
  // recovered here against the forwarder's EIP-712 domain.
  const [trusted, head, chainNonce, domain, verified, simulated] = await Promise.all([
    view.trustsForwarder(to),
    view.latestHead(),
    view.forwarderNonce(from),
    view.forwarderDomain(),
    first
      ? readContract(view.client, {
          address: view.forwarder,
          abi: CityForwarderAbi,
          functionName: 'verify',
          args: [{ from, to, value, gas, deadline, data, signature }],
        })
      : Promise.resolve(undefined),
    first ? simulate(view, request) : Promise.resolve(undefined),
  ]);
  if (!trusted) {
    throw new RelayRequestRefusedError(
      422,
      'not-city-target',
      `body#/request/to: the city's ${targetName} (${to}) does not accept forwarded requests; only the TaskBoard and CivicCredit do.`,
      { pointer: '/request/to' },
    );
  }
  if (BigInt(deadline) < head.timestamp) {
    throw new RelayRequestRefusedError(
      422,
      'expired',
      `body#/request/deadline: ${deadline} is before the chain's time ${head.timestamp}; sign the request again with a later deadline.`,
      { pointer: '/request/deadline' },
    );
  }
  const expected = lastPendingNonce !== undefined && lastPendingNonce + 1n > chainNonce ? lastPendingNonce + 1n : chainNonce;
  if (nonce !== expected) {
    const why =
      nonce < chainNonce
        ? 'it was already used (a replay)'
        : `the signer's next nonce is ${expected}${lastPendingNonce !== undefined ? ' (counting the requests already queued)' : ''}`;
    throw new RelayRequestRefusedError(422, 'wrong-nonce', `body#/request/nonce: ${nonce} cannot execute: ${why}.`, {
      pointer: '/request/nonce',
    });
  }
  const valid =
    verified ??
    (await recoverTypedDataAddress({
      domain,
      types: forwardRequestTypes,
      primaryType: 'ForwardRequest',
      message: { from, to, value, gas, nonce, deadline, data },
      signature,
    })
      .then((recovered) => isAddressEqual(recovered, from))
      .catch(() => false));
  if (!valid) {
    throw new RelayRequestRefusedError(
      422,
      'invalid-signature',
      `body#/request/signature: does not recover to ${from} for this request and the city's forwarder ${view.forwarder}; it was altered or signed for another forwarder or nonce.`,
      { pointer: '/request/signature' },
    );
  }
  if (simulated !== undefined) {
    throw new RelayRequestRefusedError(422, 'would-revert', `The call would revert now: ${simulated.text}`, {
      revert: { errorName: simulated.errorName, args: simulated.args },
    });
  }
}

/** The forwarded call's decoded revert if it would revert now, else undefined. */
async function simulate(view: ChainView, request: SignedForwardRequest): Promise<DescribedRevert | undefined> {
  try {
    await call(view.client, {
      account: view.forwarder,
      to: request.to,
      data: concat([request.data, request.from]) as Hex,
      value: request.value,
      gas: request.gas,
    });
    return undefined;
  } catch (error) {
    const decoded = decodeContractRevert(error, { address: request.to, sender: request.from });
    if (decoded !== undefined) return describeRevert(decoded);
    // A revert without data, or out of gas: the call cannot execute as signed either.
    if (/revert|out of gas/i.test(String((error as Error).message))) {
      return { errorName: undefined, args: [], text: 'reverted without a reason, or ran out of the gas it was signed with' };
    }
    throw error;
  }
}
