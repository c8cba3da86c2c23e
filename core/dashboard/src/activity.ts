// What happened in the city, read from the index database (@citysync/indexer): tasks and completions by issuer and
// by zone, redemption offers and how much of each was used, committee and governor proposals with their votes.
// Plain aggregations: the health indicators themselves come from computeHealth (healthReport.ts).
import Database from 'better-sqlite3';
import { type Abi, type Address, type Hex, decodeFunctionData, getAddress, isAddressEqual } from 'viem';

import * as generatedAbis from '@citysync/contracts';

import type { CityContracts } from '@citysync/sdk';

export type TaskTally = {
  /** The issuer's address, or the zone id (bytes32 hex; the zero id is "no zone"). */
  key: string;
  tasks: number;
  slots: number;
  completions: number;
  verified: number;
  rejected: number;
  /** Credits paid for verified completions. */
  credits: number;
};

export type OfferUse = {
  offerId: number;
  redeemer: Address;
  /** Credits per unit and units per period, as last set. */
  price: number;
  capacity: number;
  open: boolean;
  unitsRedeemed: number;
  creditsRedeemed: number;
  redemptions: number;
};

export type ProposalView = {
  /** The committee's name, or "governor" (resident votes). */
  body: string;
  proposalId: string;
  proposer: Address | undefined;
  /** The governor's proposal text; a committee proposal's target contract (by name when it is the city's). */
  description: string;
  status: string;
  approvals: number;
  votes: { for: number; against: number; abstain: number; voters: number };
};

export type CityActivity = {
  byIssuer: TaskTally[];
  byZone: TaskTally[];
  offers: OfferUse[];
  proposals: ProposalView[];
};

/** Every function of the city's contracts, to name what a committee proposal calls. */
const CITY_FUNCTIONS: Abi = Object.entries(generatedAbis as unknown as Record<string, unknown>)
  .filter((entry): entry is [string, Abi] => entry[0].endsWith('Abi') && Array.isArray(entry[1]))
  .flatMap(([, abi]) => abi.filter((item) => item.type === 'function'));

/** The called function's name ("setCoverageRatio"), or undefined when the data is not a known call. */
function functionNameOf(data: string | null): string | undefined {
  if (data === null || !data.startsWith('0x') || data.length < 10) return undefined;
  try {
    return decodeFunctionData({ abi: CITY_FUNCTIONS, data: data as Hex }).functionName;
  } catch {
    return undefined;
  }
}

const ZERO_ZONE = `0x${'0'.repeat(64)}`;

/** Reads the index database at `dbPath` (read-only) for the page's activity tables. */
export function readCityActivity(dbPath: string, city: CityContracts): CityActivity {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const addresses = new Map((db.prepare('SELECT id, address FROM addresses').raw().all() as [number, string][]).map(([id, a]) => [id, getAddress(a)]));
    const addressOf = (id: number | null): Address | undefined => (id === null ? undefined : addresses.get(id));
    return {
      byIssuer: tally(db, 't.issuer').map((row) => ({ ...row, key: addressOf(Number(row.key)) ?? String(row.key) })),
      byZone: tally(db, 't.zone_id').map((row) => ({ ...row, key: row.key ?? ZERO_ZONE })),
      offers: offers(db, addressOf),
      proposals: proposals(db, addressOf, city),
    };
  } finally {
    db.close();
  }
}

/** Tasks published and their completions, grouped by one column of the task. */
function tally(db: Database.Database, column: string): TaskTally[] {
  const rows = db
    .prepare(
      `SELECT ${column} AS key, COUNT(*) AS tasks, SUM(t.slots) AS slots,
         SUM((SELECT COUNT(*) FROM completions c WHERE c.task_id = t.task_id)) AS completions,
         SUM((SELECT COUNT(*) FROM verifications v WHERE v.task_id = t.task_id AND v.kind = 'verified')) AS verified,
         SUM((SELECT COUNT(*) FROM verifications v WHERE v.task_id = t.task_id AND v.kind = 'rejected')) AS rejected,
         SUM((SELECT COALESCE(SUM(v.credits), 0) FROM verifications v WHERE v.task_id = t.task_id AND v.kind = 'verified')) AS credits
       FROM tasks t WHERE t.kind = 'published' GROUP BY ${column} ORDER BY tasks DESC, key`,
    )
    .all() as (Omit<TaskTally, 'key'> & { key: string | null })[];
  return rows.map((r) => ({ ...r, key: r.key === null ? ZERO_ZONE : String(r.key), slots: r.slots ?? 0 }));
}

function offers(db: Database.Database, addressOf: (id: number | null) => Address | undefined): OfferUse[] {
  const events = db.prepare('SELECT kind, offer_id, redeemer, price, capacity FROM offers ORDER BY block_number, log_index').all() as {
    kind: 'created' | 'updated' | 'closed';
    offer_id: number;
    redeemer: number | null;
    price: number | null;
    capacity: number | null;
  }[];
  const used = new Map(
    (db.prepare('SELECT offer_id, SUM(units), SUM(credits), COUNT(*) FROM redemptions GROUP BY offer_id').raw().all() as [number, number, number, number][]).map(
      ([id, units, credits, count]) => [id, { units, credits, count }],
    ),
  );
  const byId = new Map<number, OfferUse>();
  for (const e of events) {
    const offer = byId.get(e.offer_id);
    if (e.kind === 'created' || offer === undefined) {
      const u = used.get(e.offer_id);
      byId.set(e.offer_id, {
        offerId: e.offer_id,
        redeemer: addressOf(e.redeemer) ?? getAddress(`0x${'0'.repeat(40)}`),
        price: e.price ?? 0,
        capacity: e.capacity ?? 0,
        open: e.kind !== 'closed',
        unitsRedeemed: u?.units ?? 0,
        creditsRedeemed: u?.credits ?? 0,
        redemptions: u?.count ?? 0,
      });
    } else if (e.kind === 'updated') {
      offer.price = e.price ?? offer.price;
      offer.capacity = e.capacity ?? offer.capacity;
    } else {
      offer.open = false;
    }
  }
  return [...byId.values()];
}

function proposals(db: Database.Database, addressOf: (id: number | null) => Address | undefined, city: CityContracts): ProposalView[] {
  const bodies: [string, Address][] = [...Object.entries(city.committees), ['governor', city.governor]];
  const named: [string, Address][] = [...bodies, ...Object.entries(city).filter((e): e is [string, Address] => typeof e[1] === 'string')];
  const nameOf = (address: Address | undefined, fallback: string) => named.find(([, a]) => address !== undefined && isAddressEqual(a, address))?.[0] ?? fallback;
  const rows = db
    .prepare('SELECT contract, kind, proposal_id, actor, target, data, description FROM proposals ORDER BY block_number, log_index')
    .all() as { contract: number; kind: string; proposal_id: string; actor: number | null; target: number | null; data: string | null; description: string | null }[];
  const votes = db.prepare('SELECT proposal_id, support, weight FROM votes').all() as { proposal_id: string; support: number; weight: number }[];
  const views = new Map<string, ProposalView>();
  for (const row of rows) {
    const body = nameOf(addressOf(row.contract), String(addressOf(row.contract)));
    const key = `${row.contract}:${row.proposal_id}`;
    let view = views.get(key);
    if (view === undefined) {
      const target = addressOf(row.target);
      view = {
        body,
        proposalId: row.proposal_id,
        proposer: row.kind === 'created' ? addressOf(row.actor) : undefined,
        description:
          row.description ??
          (target === undefined ? '' : `${functionNameOf(row.data) ?? 'a change'} on the ${nameOf(target, target)} contract`),
        status: row.kind,
        approvals: 0,
        votes: { for: 0, against: 0, abstain: 0, voters: 0 },
      };
      views.set(key, view);
    }
    if (row.kind === 'approved') view.approvals += 1;
    else view.status = row.kind;
  }
  for (const view of views.values()) {
    if (view.body !== 'governor') continue;
    for (const v of votes.filter((v) => v.proposal_id === view.proposalId)) {
      view.votes.voters += 1;
      if (v.support === 1) view.votes.for += v.weight;
      else if (v.support === 0) view.votes.against += v.weight;
      else view.votes.abstain += v.weight;
    }
  }
  return [...views.values()];
}
