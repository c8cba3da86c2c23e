/** A simulation scenario (sim/scenarios/scenario.schema.json): every parameter of the simulated year. */
export type Band = { green: number; amber: number };
export type OfferTerms = { price: number; capacity: number };
export type TaskSpec = { type: string; rate: number; slots: number };

export type IssuerSpec = { name: string; module: string; budgetPerPeriod: number; tasks: TaskSpec[] };
export type RedeemerSpec = { name: string; offers: OfferTerms[]; leavesAt?: number };
export type PolicyKind = 'fixed' | 'step' | 'proportional' | 'capacity-led';
export type PolicySpec = { name: string; kind: PolicyKind; maxStepBps?: number };

export type SockPuppetSpec = {
  from: number;
  accounts: number;
  module: string;
  budgetPerPeriod: number;
  rate: number;
  redeemPropensity: number;
};
export type CapacityInflationSpec = { from: number; redeemer: string; factor: number };
export type FarmSpec = { from: number; accounts: number; activity: number };
export type Adversaries = { sockPuppet?: SockPuppetSpec; capacityInflation?: CapacityInflationSpec; farm?: FarmSpec };
export type AdversaryName = keyof Adversaries;

export type Scenario = {
  name: string;
  description?: string;
  seed: number;
  periods: number;
  periodSeconds: number;
  participants: {
    initial: number;
    regularShare: number;
    regularActivity: number;
    occasionalActivity: number;
    newcomersPerPeriod: number;
    newcomerActivity: number;
    churn: { base: number; afterDenial: number };
  };
  rateBounds: { min: number; max: number };
  priceBounds: { min: number; max: number };
  issuers: IssuerSpec[];
  redeemers: RedeemerSpec[];
  demand: { redeemPropensity: number; seasonalAmplitude: number; peakPeriod: number; maxUnits: number };
  surge?: {
    period: number;
    durationSeconds: number;
    graceSeconds: number;
    activityBoost: number;
    demandBoost: number;
    issuer: string;
    task: TaskSpec;
    offers: { redeemer: string; price: number; capacity: number }[];
  };
  coverage: { ratioBps: number; minBps: number; maxBps: number; stepBps: number };
  health: {
    trailingPeriods: number;
    creditUseEfficiency: Band;
    spareCapacity: Band;
    balanceAccumulation: Band;
    topDecileShare: Band;
    retention: Band;
  };
  governance: { latencyPeriods: number; rejectProbability: number };
  policies: PolicySpec[];
  adversaries?: Adversaries;
};
