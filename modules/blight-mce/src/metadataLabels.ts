import { type CityContracts, type CityReadClient } from '@citysync/sdk';
import { AccreditationAbi } from '@citysync/contracts';
import { type Address, type Hex, getAddress, keccak256, toBytes } from 'viem';
import { getContractEvents } from 'viem/actions';

/**
 * The chain keeps only `keccak256(label)` of an organization's or an offer's metadata (the accreditation committee
 * and redeemers publish the text elsewhere), so a name is known exactly when someone supplies the text whose hash
 * is on chain: never guessed, never trusted without the hash matching.
 */
export function labelsByHash(labels: Iterable<string>): Map<Hex, string> {
  const byHash = new Map<Hex, string>();
  for (const label of labels) byHash.set(keccak256(toBytes(label)), label);
  return byHash;
}

/** The public name of each accredited organization whose latest metadata hash is one of `labels`' hashes. */
export async function organizationNames(
  client: CityReadClient,
  parameters: { city: Pick<CityContracts, 'accreditation'>; labels: Map<Hex, string>; fromBlock: bigint },
): Promise<Map<Address, string>> {
  const logs = await getContractEvents(client, {
    address: parameters.city.accreditation,
    abi: AccreditationAbi,
    eventName: 'OrganizationAccredited',
    fromBlock: parameters.fromBlock,
    toBlock: 'latest',
    strict: true,
  });
  // A re-accreditation replaces the metadata: the last log of each organization wins.
  const latest = new Map<Address, Hex>();
  for (const log of logs) latest.set(getAddress(log.args.org), log.args.metadataHash);
  const names = new Map<Address, string>();
  for (const [org, hash] of latest) {
    const label = parameters.labels.get(hash);
    if (label !== undefined && label.trim() !== '') names.set(org, label.trim().slice(0, 120));
  }
  return names;
}

/**
 * An offer label as installModule and openEventOffer hash it, `<package>#<offering id>: <title>`, split into its
 * offering id and title; undefined for any other text.
 */
export function parseOfferLabel(label: string): { id: string; title: string } | undefined {
  const match = /^[^#]+#([a-z0-9]+(?:-[a-z0-9]+)*): (.+)$/s.exec(label);
  return match?.[1] === undefined || match[2] === undefined || match[1].length > 64 ? undefined : { id: match[1], title: match[2].trim().slice(0, 120) };
}
