/**
 * IssuanceController's module budgets (`_chargeBudget`): a module may issue at most its per-period budget in each
 * period; issuance beyond it reverts with BudgetExceeded.
 */
export function fitsBudget(budget: number, spent: number, amount: number): boolean {
  return spent + amount <= budget;
}
