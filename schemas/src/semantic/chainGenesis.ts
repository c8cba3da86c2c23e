import type { BesuGenesis, ChainValidators } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { type SemanticCheck, repeats } from './context.js';

/** A validator listed twice (in any letter case) would count twice towards QBFT's 2/3: refused. */
export const checkValidators: SemanticCheck<ChainValidators> = (validators, { file }) =>
  repeats(validators, (address) => address.toLowerCase()).map(({ index, first }) =>
    issueAt(file, pointerJoin('', index), `${showValue(validators[index])} is already validator ${first}`, {
      value: validators[index],
      allowed: 'each validator once',
    }),
  );

/** A QBFT round must be able to produce a block: its timeout is longer than the block period. */
export const checkBesuGenesis: SemanticCheck<BesuGenesis> = (genesis, { file }) => {
  const issues: ValidationIssue[] = [];
  const { blockperiodseconds, requesttimeoutseconds } = genesis.config.qbft;
  if (requesttimeoutseconds <= blockperiodseconds) {
    issues.push(
      issueAt(file, '/config/qbft/requesttimeoutseconds', `${requesttimeoutseconds} is not more than blockperiodseconds ${blockperiodseconds}`, {
        value: requesttimeoutseconds,
        allowed: `more than ${blockperiodseconds}, e.g. ${blockperiodseconds * 2}`,
      }),
    );
  }
  return issues;
};
