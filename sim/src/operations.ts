/**
 * What happens in the city, call by call: the model applies these to its ledger, and the cross-check replays the
 * same list on a real chain through the SDK. Offer and task ids are the ledger's sequential ids (1, 2, ...), as on
 * a freshly deployed city. Times are seconds from the start of the period.
 */
export type Operation =
  | { kind: 'createOffer'; redeemer: string; price: number; capacity: number; window?: { start: number; end: number } }
  | { kind: 'updateOffer'; redeemer: string; offerId: number; price: number; capacity: number }
  | { kind: 'closeOffer'; redeemer: string; offerId: number }
  | { kind: 'publishTask'; issuer: string; module: string; taskType: string; rate: number; slots: number }
  /** claimAndSubmit: a claim and its completion in one call. */
  | { kind: 'claimAndSubmit'; participant: number; taskId: number }
  /**
   * The issuer verifies its pending completions, oldest first, in batches of up to 100, as many as fit under the
   * period cap and its module's budget (it reads currentCap, moduleBudget and moduleSpent first).
   */
  | { kind: 'verify'; issuer: string }
  /** `maxCredits`: the most the participant agrees to burn (units x the price it saw). */
  | { kind: 'redeem'; participant: number; offerId: number; units: number; maxCredits: number }
  /** The issuance committee executes setCoverageRatio. */
  | { kind: 'setCoverage'; ratioBps: number };

/** Completions per verifyBatch call. */
export const VERIFY_BATCH = 100;
