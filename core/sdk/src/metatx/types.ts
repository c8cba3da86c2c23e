import type { Address, Hex } from 'viem';

/** A participant's signed request, as `CityForwarder.execute` takes it (plus the nonce it was signed with). */
export type SignedForwardRequest = {
  /** The signer: the participant the target sees as `_msgSender()`. */
  from: Address;
  /** The contract called (TaskBoard, CivicCredit, ...). */
  to: Address;
  value: bigint;
  /** Gas the forwarder gives the call. */
  gas: bigint;
  /** Unix time after which the forwarder rejects the request (`ERC2771ForwarderExpiredRequest`). */
  deadline: number;
  data: Hex;
  signature: Hex;
  /** The signer's forwarder nonce at signing: once used, the signature no longer verifies. */
  nonce: bigint;
};
