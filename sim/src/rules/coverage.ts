/** IssuanceController.setCoverageRatio: the ratio must stay inside the coverage bounds (CoverageOutOfBounds). */
export function coverageInBounds(ratioBps: number, bounds: { minBps: number; maxBps: number }): boolean {
  return ratioBps >= bounds.minBps && ratioBps <= bounds.maxBps;
}
