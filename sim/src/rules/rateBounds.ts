/** IssuanceController.checkRate: a task's rate must lie inside its type's bounds (the default bounds here). */
export function rateInBounds(rate: number, bounds: { min: number; max: number }): boolean {
  return rate >= bounds.min && rate <= bounds.max;
}
