import { Random } from './random.js';
import type { Scenario } from './scenario.js';

/** Kinds of participant: the honest ones, and the accounts an adversary controls. */
export const Kind = { regular: 0, occasional: 1, newcomer: 2, puppet: 3, farm: 4 } as const;
export type KindCode = (typeof Kind)[keyof typeof Kind];

/** Account indexes of the adversaries' accounts, apart from the residents'. */
export const PUPPET_BASE = 1_000_000;
export const FARM_BASE = 2_000_000;

/**
 * The residents: who they are (regular, occasional, arrived this period), whether they have left, and whether
 * they were refused something last period (which raises their chance of leaving).
 */
export class Population {
  readonly kind: Uint8Array;
  readonly left: Uint8Array;
  readonly denied: Uint8Array;
  size: number;

  constructor(s: Scenario, rng: Random) {
    const max = s.participants.initial + Math.ceil(s.participants.newcomersPerPeriod * s.periods * 3) + 16;
    this.kind = new Uint8Array(max);
    this.left = new Uint8Array(max);
    this.denied = new Uint8Array(max);
    this.size = s.participants.initial;
    for (let i = 0; i < this.size; i++) this.kind[i] = rng.chance(s.participants.regularShare) ? Kind.regular : Kind.occasional;
  }

  /** Adds `n` newcomers; returns the first new index. */
  arrive(n: number): number {
    const first = this.size;
    const to = Math.min(this.kind.length, this.size + n);
    for (let i = first; i < to; i++) this.kind[i] = Kind.newcomer;
    this.size = to;
    return first;
  }
}

/** A Poisson draw (Knuth's method; the means here are small). */
export function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** A permutation of [0, n) (Fisher-Yates). */
export function shuffled(rng: Random, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}

export { Random };
