import { keccak256, toHex } from 'viem';

import { type SimLog, nameId, orgAddress, participantAddress } from './logs.js';
import { type Operation, VERIFY_BATCH } from './operations.js';
import { type OfferState, capacityValue, moveStanding, noStanding } from './rules/capacityValue.js';
import { coverageInBounds } from './rules/coverage.js';
import { fitsBudget } from './rules/moduleBudget.js';
import { type PeriodIssuance, currentCap, fixPeriodCap } from './rules/periodCap.js';
import { rateInBounds } from './rules/rateBounds.js';
import { type RedeemRefusal, redeemRefusal, useCapacity } from './rules/redemption.js';
import type { Scenario } from './scenario.js';

/** A completion's evidence hash: any non-zero 32 bytes; the model packs the participant and task (no hashing). */
export function evidenceHashOf(participant: number, taskId: number): `0x${string}` {
  return `0x${taskId.toString(16).padStart(24, '0')}${participantAddress(participant).slice(2)}`;
}

type Task = { issuer: string; module: string; rate: number; slots: number; claimed: number; start: number; end: number };
type Completion = { participant: number; taskId: number };

/** What an operation did. */
export type OperationResult =
  | { ok: true; id?: number; verified?: number[]; credits?: number }
  | { ok: false; refusal: RedeemRefusal | 'rate' | 'slots' | 'coverage' | 'window' };

/**
 * The model of the city's contracts: offers and capacity (RedemptionDesk), the period cap and budgets
 * (IssuanceController, through the rule files), tasks and completions (TaskBoard) and balances (CivicCredit).
 * It emits the events the contracts emit, into a {@link SimLog}.
 */
export class Ledger {
  readonly offers: OfferState[] = [];
  /** The standing offers' capacity value now and its floor in the current period. */
  readonly standing = noStanding();
  readonly offerOwner: string[] = [];
  readonly tasks: Task[] = [];
  readonly completions: Completion[] = [];
  readonly balances: number[] = [];
  ratioBps: number;
  private readonly periods = new Map<number, PeriodIssuance>();
  private readonly spent = new Map<string, number>();
  private readonly budgets: Map<string, number>;
  private readonly pending = new Map<string, { queue: number[]; head: number }>();
  private readonly orgIndex = new Map<string, number>();

  constructor(
    private readonly scenario: Scenario,
    private readonly log: SimLog,
    readonly origin: number,
    budgets: ReadonlyMap<string, number>,
  ) {
    this.ratioBps = scenario.coverage.ratioBps;
    this.budgets = new Map(budgets);
    log.transaction(origin);
    log.emit('PeriodClockSet', { offset: 0, origin, length: scenario.periodSeconds });
    log.emit('CoverageRatioSet', { ratioBps: this.ratioBps });
  }

  periodStart(p: number): number {
    return this.origin + p * this.scenario.periodSeconds;
  }

  periodOf(t: number): number {
    return Math.floor((t - this.origin) / this.scenario.periodSeconds);
  }

  balanceOf(participant: number): number {
    return this.balances[participant] ?? 0;
  }

  private org(name: string) {
    let i = this.orgIndex.get(name);
    if (i === undefined) {
      i = this.orgIndex.size + 1;
      this.orgIndex.set(name, i);
    }
    return orgAddress(i);
  }

  private period(p: number): PeriodIssuance {
    let state = this.periods.get(p);
    if (state === undefined) {
      state = { cap: 0, issued: 0, capFixed: false };
      this.periods.set(p, state);
    }
    return state;
  }

  /** The cap the period has, or would get from an issuance now. */
  capOf(p: number): number {
    return currentCap(this.period(p), this.capacityValueIn(p), this.ratioBps);
  }

  /** RedemptionDesk.capacityValue over period `p`'s bounds, read during `p`. */
  capacityValueIn(p: number): number {
    const start = this.periodStart(p);
    return capacityValue(this.offers, this.standing, p, start, start + this.scenario.periodSeconds);
  }

  issuedIn(p: number): number {
    return this.periods.get(p)?.issued ?? 0;
  }

  /** Whether the period's cap has been fixed (by its first issuance). */
  capFixed(p: number): boolean {
    return this.periods.get(p)?.capFixed ?? false;
  }

  /** Applies one operation at time `now` as one transaction. */
  apply(op: Operation, now: number): OperationResult {
    const p = this.periodOf(now);
    const log = this.log;
    switch (op.kind) {
      case 'createOffer': {
        const start = op.window ? this.periodStart(p) + op.window.start : 0;
        const end = op.window ? this.periodStart(p) + op.window.end : 0;
        this.offers.push({ price: op.price, capacity: op.capacity, start, end, open: true, used: 0, usedPeriod: 0, raisedPeriod: p });
        if (!op.window) moveStanding(this.standing, p, 0, op.price * op.capacity);
        this.offerOwner.push(op.redeemer);
        const id = this.offers.length;
        log.transaction(now);
        log.emit('OfferCreated', {
          offerId: id,
          redeemer: this.org(op.redeemer),
          price: op.price,
          capacity: op.capacity,
          start,
          end,
          metadataHash: keccak256(toHex(`${op.redeemer}#${id}`)),
        });
        return { ok: true, id };
      }
      case 'updateOffer': {
        const o = this.offers[op.offerId - 1] as OfferState;
        const before = o.price * o.capacity;
        const value = op.price * op.capacity;
        if (o.end === 0) moveStanding(this.standing, p, before, value);
        else if (value > before) o.raisedPeriod = p;
        o.price = op.price;
        o.capacity = op.capacity;
        log.transaction(now);
        log.emit('OfferUpdated', { offerId: op.offerId, price: op.price, capacity: op.capacity });
        return { ok: true };
      }
      case 'closeOffer': {
        const o = this.offers[op.offerId - 1] as OfferState;
        o.open = false;
        if (o.end === 0) moveStanding(this.standing, p, o.price * o.capacity, 0);
        log.transaction(now);
        log.emit('OfferClosed', { offerId: op.offerId });
        return { ok: true };
      }
      case 'publishTask': {
        if (!rateInBounds(op.rate, this.scenario.rateBounds)) return { ok: false, refusal: 'rate' };
        const start = this.periodStart(p);
        const end = start + this.scenario.periodSeconds;
        this.tasks.push({ issuer: op.issuer, module: op.module, rate: op.rate, slots: op.slots, claimed: 0, start, end });
        const id = this.tasks.length;
        const moduleId = nameId(op.module);
        log.transaction(now);
        log.emit('TaskPublished', {
          taskId: id,
          issuer: this.org(op.issuer),
          moduleId,
          params: {
            moduleId,
            taskType: nameId(op.taskType),
            rate: BigInt(op.rate),
            slots: op.slots,
            start: BigInt(start),
            end: BigInt(end),
            zoneId: nameId('citywide'),
            evidenceSchemaHash: nameId('evidence.schema.v1'),
            verifiersRequired: 0,
            gate: '0x0000000000000000000000000000000000000000',
          },
        });
        return { ok: true, id };
      }
      case 'claimAndSubmit': {
        const task = this.tasks[op.taskId - 1] as Task;
        if (task.claimed >= task.slots) return { ok: false, refusal: 'slots' };
        if (now < task.start || now >= task.end) return { ok: false, refusal: 'window' };
        task.claimed++;
        this.completions.push({ participant: op.participant, taskId: op.taskId });
        const completionId = this.completions.length;
        let queue = this.pending.get(task.issuer);
        if (queue === undefined) {
          queue = { queue: [], head: 0 };
          this.pending.set(task.issuer, queue);
        }
        queue.queue.push(completionId);
        const participant = participantAddress(op.participant);
        log.transaction(now);
        log.emit('TaskClaimed', { taskId: op.taskId, participant });
        log.emit('CompletionSubmitted', {
          completionId,
          taskId: op.taskId,
          participant,
          evidenceHash: evidenceHashOf(op.participant, op.taskId),
        });
        return { ok: true, id: completionId };
      }
      case 'verify':
        return this.verify(op.issuer, p, now);
      case 'redeem': {
        const o = this.offers[op.offerId - 1] as OfferState;
        const balance = this.balanceOf(op.participant);
        const refusal = redeemRefusal(o, p, now, op.units, op.maxCredits, balance);
        if (refusal !== undefined) return { ok: false, refusal };
        useCapacity(o, p, op.units);
        const credits = op.units * o.price;
        this.balances[op.participant] = balance - credits;
        log.transaction(now);
        log.emit('Redeemed', { offerId: op.offerId, participant: participantAddress(op.participant), period: p, units: op.units, credits });
        return { ok: true, credits };
      }
      case 'setCoverage': {
        if (!coverageInBounds(op.ratioBps, this.scenario.coverage)) return { ok: false, refusal: 'coverage' };
        this.ratioBps = op.ratioBps;
        log.transaction(now);
        log.emit('CoverageRatioSet', { ratioBps: op.ratioBps });
        return { ok: true };
      }
    }
  }

  /** The completions an issuer's next verification would pay: oldest first, while the cap and budget allow. */
  verifiable(issuer: string, p: number): number[] {
    const pending = this.pending.get(issuer);
    if (pending === undefined) return [];
    const state = this.period(p);
    let room = this.capOf(p) - state.issued;
    const budgetRoom = new Map<string, number>();
    const chosen: number[] = [];
    for (let i = pending.head; i < pending.queue.length; i++) {
      const id = pending.queue[i] as number;
      const task = this.tasks[(this.completions[id - 1] as Completion).taskId - 1] as Task;
      const left = budgetRoom.get(task.module) ?? (this.budgets.get(task.module) ?? 0) - (this.spent.get(`${task.module}:${p}`) ?? 0);
      if (task.rate > room || !fitsBudget(left, 0, task.rate)) break;
      room -= task.rate;
      budgetRoom.set(task.module, left - task.rate);
      chosen.push(id);
    }
    return chosen;
  }

  private verify(issuer: string, p: number, now: number): OperationResult {
    const chosen = this.verifiable(issuer, p);
    const pending = this.pending.get(issuer);
    if (pending) pending.head += chosen.length;
    for (let b = 0; b < chosen.length; b += VERIFY_BATCH) {
      const batch = chosen.slice(b, b + VERIFY_BATCH);
      this.log.transaction(now);
      const totals = new Map<string, number>();
      let total = 0;
      for (const id of batch) {
        const c = this.completions[id - 1] as Completion;
        const task = this.tasks[c.taskId - 1] as Task;
        this.log.emit('CompletionVerified', { completionId: id, taskId: c.taskId, participant: participantAddress(c.participant), credits: task.rate });
        totals.set(task.module, (totals.get(task.module) ?? 0) + task.rate);
        total += task.rate;
        this.balances[c.participant] = this.balanceOf(c.participant) + task.rate;
      }
      const state = this.period(p);
      if (!state.capFixed) {
        const value = this.capacityValueIn(p);
        const cap = fixPeriodCap(state, value, this.ratioBps);
        this.log.emit('PeriodCapFixed', { period: p, cap, capacityValue: value, ratioBps: this.ratioBps });
      }
      state.issued += total;
      for (const [module, amount] of totals) {
        const key = `${module}:${p}`;
        this.spent.set(key, (this.spent.get(key) ?? 0) + amount);
        this.log.emit('Issued', { moduleId: nameId(module), period: p, amount });
      }
    }
    return { ok: true, verified: chosen };
  }

  /** Completions still waiting for verification (unpaid work), per participant. */
  unpaid(): Set<number> {
    const out = new Set<number>();
    for (const { queue, head } of this.pending.values()) {
      for (let i = head; i < queue.length; i++) out.add((this.completions[(queue[i] as number) - 1] as Completion).participant);
    }
    return out;
  }
}
